import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { lbsim, REPO_ROOT, removeDir, smallScenario, tempDir, writeScenario } from '../reports/cli/helpers.js';

/**
 * report.html in a real browser (Debian chromium, headless, no network features, a 1024-pixel
 * wide window): every chart's SVG is laid out with a non-zero box, nothing is logged as an error,
 * no request fails (a self-contained page makes none but its own file://); the verdict opens the
 * page, p99 is on a log axis, the front end is on the utilisation chart, no chart is shrunk or
 * drawn in text under 10 px; a sweep's report charts every metric against the varied parameter.
 * Leaves test-artifacts/report.png and sweep-report.png.
 * Without /usr/bin/chromium the test is skipped, except under CI, where it must run.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const missing = !existsSync(CHROMIUM);
const skip = missing && !process.env.CI ? `${CHROMIUM} not found (apt-get install -y chromium); skipped because CI is unset` : false;

/** Opens a report.html and collects errors, failed and off-page requests. */
async function open(context: BrowserContext, file: string) {
  const page = await context.newPage();
  const problems = { errors: [] as string[], failed: [] as string[], requested: [] as string[] };
  page.on('console', (m) => { if (m.type() === 'error') problems.errors.push(m.text()); });
  page.on('pageerror', (e) => problems.errors.push(e.message));
  page.on('requestfailed', (r) => problems.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('request', (r) => problems.requested.push(r.url()));
  const response = await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  assert.ok(response === null || response.ok(), `${file} loads`);
  return { page, problems };
}

function assertClean(problems: { errors: string[]; failed: string[]; requested: string[] }): void {
  assert.deepEqual(problems.errors, [], 'console errors');
  assert.deepEqual(problems.failed, [], 'failed requests');
  assert.deepEqual(problems.requested.filter((u) => !u.startsWith('file://') && !u.startsWith('data:')), [], 'requests off the page');
}

/** The smallest font a chart's text is drawn at on screen, and how much the page shrank the chart. */
async function chartScales(page: Page) {
  return page.$$eval('figure[id^="chart-"] > svg', (svgs) => svgs.map((s) => {
    const natural = Number(s.getAttribute('width'));
    const scale = s.getBoundingClientRect().width / natural;
    const sizes = [...s.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize || t.getAttribute('font-size') || '0')).filter((x) => x > 0);
    return { id: s.parentElement?.id ?? '', natural, scale, smallestPx: Math.min(...sizes) * scale };
  }));
}

test('report.html renders every chart in chromium, offline, without errors, readable at 1024 px', { skip, timeout: 180_000 }, async () => {
  assert.ok(!missing, `${CHROMIUM} is missing and CI=${process.env.CI}: install chromium (apt-get install -y chromium)`);
  const dir = await tempDir('browser');
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1024, height: 900 } });
  try {
    // 32 servers: the server resources far outnumber the front end's, which must still be shown.
    const scenario = await writeScenario(dir, { ...smallScenario(), topology: { servers: { count: 32, cores: 2 }, frontEnd: { count: 1, cores: 4 } } });
    const out = join(dir, 'out');
    const run = lbsim(['compare', scenario, '--out', out, '--no-png', '--quiet']);
    assert.equal(run.status, 0, run.stderr);
    const charts = (await readdir(join(out, 'charts'))).filter((f) => f.endsWith('.svg'));
    assert.ok(charts.length >= 4, `charts: ${charts.join(', ')}`);

    const { page, problems } = await open(context, join(out, 'report.html'));
    const boxes = await page.$$eval('svg', (svgs) => svgs.filter((s) => s.parentElement?.closest('svg') === null).map((s) => {
      const r = s.getBoundingClientRect();
      return { width: r.width, height: r.height, marks: s.querySelectorAll('.role-mark').length };
    }));
    assert.ok(boxes.length >= charts.length, `${boxes.length} top-level SVGs for ${charts.length} charts`);
    for (const [i, b] of boxes.entries()) {
      assert.ok(b.width > 0 && b.height > 0, `svg #${i} has an empty box ${JSON.stringify(b)}`);
    }
    assert.ok(boxes.filter((b) => b.marks > 0).length >= charts.length, 'every chart has marks');
    assertClean(problems);

    // The verdict: first thing under the title, sentences about the modes that ran.
    const verdict = await page.textContent('#verdict');
    assert.match(verdict ?? '', /^Verdict\. (Meet the offered 2,000 req\/s: .+ with room for .+\.|No mode meets)/);
    assert.ok(await page.$eval('#verdict', (p) => p.previousElementSibling?.tagName === 'H1'), 'the verdict follows the title');
    for (const mode of ['rr-dns', 'client-side', 'l7-proxy', 'lvs-nat', 'lvs-tun', 'lvs-dr']) assert.ok(verdict!.includes(mode), mode);

    // p99 on a log axis.
    const p99Axis = await page.$$eval('#chart-operating-point [aria-roledescription="axis"]', (axes) => axes.map((a) => a.getAttribute('aria-label') ?? '').filter((l) => l.includes('p99')));
    assert.equal(p99Axis.length, 1, p99Axis.join(' | '));
    assert.match(p99Axis[0]!, /log scale/);

    // The front end's bars are on the utilisation chart, however idle.
    const labels = await page.$$eval('#chart-utilization .role-axis-label text', (ts) => ts.map((t) => t.textContent ?? ''));
    for (const id of ['director-0.cpu', 'director-0.nic-rx', 'proxy-0.cpu']) assert.ok(labels.some((l) => l.startsWith(`${id} `)), `${id} in ${labels.length} labels`);

    // Readable on a 1024-pixel screen: no chart shrunk, no text under 10 px.
    for (const c of await chartScales(page)) {
      assert.ok(c.scale > 0.99, `${c.id}: shrunk to ${(c.scale * 100).toFixed(0)} % (${c.natural} px wide)`);
      assert.ok(c.smallestPx >= 10, `${c.id}: text at ${c.smallestPx.toFixed(1)} px`);
    }
    // Sequence diagrams: one per mode, one lane per node the request touched, every arrow between two lanes.
    const diagrams = await page.$$eval('svg.sequence-diagram', (svgs) => svgs.map((s) => {
      const lanes = [...s.querySelectorAll('g.lane')].map((g) => g.getAttribute('data-lane') ?? '');
      const ends = [...s.querySelectorAll('g.arrow')].flatMap((g) => [g.getAttribute('data-from') ?? '', g.getAttribute('data-to') ?? '']);
      const notes = [...s.querySelectorAll('g.note')].map((g) => g.getAttribute('data-lane') ?? '');
      const box = s.getBoundingClientRect();
      return { mode: s.getAttribute('data-mode'), lanes, used: [...new Set([...ends, ...notes])], arrows: ends.length / 2, width: box.width, height: box.height };
    }));
    assert.deepEqual(diagrams.map((d) => d.mode), ['rr-dns', 'client-side', 'l7-proxy', 'lvs-nat', 'lvs-tun', 'lvs-dr']);
    for (const d of diagrams) {
      assert.equal(new Set(d.lanes).size, d.lanes.length, `${d.mode}: one lane per node`);
      assert.deepEqual([...d.lanes].sort(), [...d.used].sort(), `${d.mode}: every lane is used and every arrow ends on a lane`);
      assert.ok(d.lanes.some((l) => l.startsWith('clients-')) && d.lanes.some((l) => /^server-\d+$/.test(l)), `${d.mode}: client and server lanes`);
      assert.ok(d.arrows >= 4 && d.width > 0 && d.height > 0, `${d.mode}: drawn (${JSON.stringify(d)})`);
    }
    assert.ok(diagrams.find((d) => d.mode === 'lvs-nat')!.lanes.some((l) => l.startsWith('director-')), 'NAT passes through the director');
    assert.ok(diagrams.find((d) => d.mode === 'l7-proxy')!.lanes.some((l) => l.startsWith('proxy-')), 'L7 passes through the proxy');
    assertClean(problems);

    const artifacts = join(REPO_ROOT, 'test-artifacts');
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });

    // A sweep's report charts every metric against the parameter it varied.
    const sweepOut = join(dir, 'sweep');
    const sweep = lbsim(['sweep', scenario, '--vary', 'dns.ttl=1s,60s', '--modes', 'rr-dns,lvs-dr', '--out', sweepOut, '--no-png', '--quiet', '--workers', '1']);
    assert.equal(sweep.status, 0, sweep.stderr);
    const swept = await open(context, join(sweepOut, 'report.html'));
    const xAxes = await swept.page.$$eval('#chart-by-dns-ttl [aria-roledescription="axis"]', (axes) => axes
      .filter((a) => (a.getAttribute('aria-label') ?? '').startsWith("X-axis titled 'dns.ttl'"))
      .map((a) => [...a.querySelectorAll('.role-axis-label text')].map((t) => t.textContent)));
    assert.ok(xAxes.length >= 6, `${xAxes.length} panels against dns.ttl`);
    for (const ticks of xAxes) assert.deepEqual(ticks, ['1s', '60s']);
    const panels = await swept.page.$$eval('#chart-by-dns-ttl .role-title-text', (ts) => ts.map((t) => t.textContent));
    for (const metric of ['Throughput (req/s)', 'p99 latency (ms, log)', 'Imbalance max/mean']) assert.ok(panels.includes(metric), `${metric} in ${panels.join(', ')}`);
    assertClean(swept.problems);
    await swept.page.screenshot({ path: join(artifacts, 'sweep-report.png'), fullPage: true });
  } finally {
    await context.close();
    await removeDir(dir);
  }
});
