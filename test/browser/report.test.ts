import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { lbsim, REPO_ROOT, removeDir, smallScenario, tempDir, writeScenario } from '../reports/cli/helpers.js';

/**
 * report.html in a real browser (Debian chromium, headless, no network features): every chart's
 * SVG is laid out with a non-zero box, nothing is logged as an error, no request fails (a
 * self-contained page makes none but its own file://). Leaves test-artifacts/report.png.
 * Without /usr/bin/chromium the test is skipped, except under CI, where it must run.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const missing = !existsSync(CHROMIUM);
const skip = missing && !process.env.CI ? `${CHROMIUM} not found (apt-get install -y chromium); skipped because CI is unset` : false;

test('report.html renders every chart in chromium, offline, without errors', { skip, timeout: 120_000 }, async () => {
  assert.ok(!missing, `${CHROMIUM} is missing and CI=${process.env.CI}: install chromium (apt-get install -y chromium)`);
  const dir = await tempDir('browser');
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 900 } });
  try {
    const out = join(dir, 'out');
    const run = lbsim(['compare', await writeScenario(dir, smallScenario()), '--out', out, '--no-png', '--quiet']);
    assert.equal(run.status, 0, run.stderr);
    const charts = (await readdir(join(out, 'charts'))).filter((f) => f.endsWith('.svg'));
    assert.ok(charts.length >= 4, `charts: ${charts.join(', ')}`);

    const page = await context.newPage();
    const errors: string[] = [];
    const failed: string[] = [];
    const requested: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
    page.on('request', (r) => requested.push(r.url()));
    const url = pathToFileURL(join(out, 'report.html')).href;
    const response = await page.goto(url, { waitUntil: 'load' });
    assert.ok(response === null || response.ok(), 'report.html loads');

    const boxes = await page.$$eval('svg', (svgs) => svgs.filter((s) => s.parentElement?.closest('svg') === null).map((s) => {
      const r = s.getBoundingClientRect();
      return { width: r.width, height: r.height, marks: s.querySelectorAll('.role-mark').length };
    }));
    assert.ok(boxes.length >= charts.length, `${boxes.length} top-level SVGs for ${charts.length} charts`);
    for (const [i, b] of boxes.entries()) {
      assert.ok(b.width > 0 && b.height > 0, `svg #${i} has an empty box ${JSON.stringify(b)}`);
    }
    assert.ok(boxes.filter((b) => b.marks > 0).length >= charts.length, 'every chart has marks');
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
    assert.deepEqual(errors, [], 'console errors');
    assert.deepEqual(failed, [], 'failed requests');
    assert.deepEqual(requested.filter((u) => !u.startsWith('file://') && !u.startsWith('data:')), [], 'requests off the page');

    const artifacts = join(REPO_ROOT, 'test-artifacts');
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });
  } finally {
    await context.close();
    await removeDir(dir);
  }
});
