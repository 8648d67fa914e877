import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import type { RunResult } from '../../sim/result.js';
import { lbsim, REPO_ROOT, removeDir, tempDir } from '../reports/cli/helpers.js';

/**
 * The playground (npm run build:web) in a real browser, from a file:// URL with no network: move a
 * slider, run, and the page's RunResult and displayed throughput equal the CLI's for the same
 * scenario input and seed; the sequence diagram has one lane per node; "compare all modes" fills a
 * row per mode; a pasted scenario with a mistake gets the CLI's own message. No console errors.
 * Leaves test-artifacts/playground.png and playground-compare.png.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const missing = !existsSync(CHROMIUM);
const skip = missing && !process.env.CI ? `${CHROMIUM} not found (apt-get install -y chromium); skipped because CI is unset` : false;

interface Exposed { ready: boolean; busy: boolean; error: string | null; last: { input: unknown; seed: number; results: RunResult[] } | null }

test('playground: a run in the browser equals the CLI\'s, diagrams render, errors match', { skip, timeout: 240_000 }, async () => {
  assert.ok(!missing, `${CHROMIUM} is missing and CI=${process.env.CI}`);
  const dir = await tempDir('playground');
  const site = join(dir, 'site');
  const built = spawnSync(process.execPath, [join(REPO_ROOT, 'web/build.mjs'), '--out', site], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1400, height: 1000 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    const offPage: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => { if (!/^(file|blob|data):/.test(r.url())) offPage.push(r.url()); });
    const state = () => page.evaluate(() => (window as unknown as { lbsimPlayground: Exposed }).lbsimPlayground);
    const settle = async () => {
      await page.waitForFunction(() => { const p = (window as unknown as { lbsimPlayground?: Exposed }).lbsimPlayground; return p !== undefined && p.ready && !p.busy; }, undefined, { timeout: 180_000 });
    };

    await page.goto(`${pathToFileURL(join(site, 'index.html')).href}#scenario=lvs-classic.yaml&mode=lvs-nat&seed=7`);
    await settle();
    await page.locator('#servers').fill('6');
    assert.match(page.url(), /servers=6/, 'the URL carries the moved slider');
    await page.click('#run');
    await page.waitForFunction(() => (window as unknown as { lbsimPlayground: Exposed }).lbsimPlayground.last !== null);
    await settle();
    const shown = await page.textContent('#throughput');
    const { last, error } = await state();
    assert.equal(error, null);
    assert.ok(last !== null);
    assert.equal(last.seed, 7);
    assert.equal((last.input as { topology: { servers: { count: number } } }).topology.servers.count, 6);

    // The CLI on exactly the input the page ran, with the same seed.
    const file = join(dir, 'as-run.json');
    await writeFile(file, JSON.stringify(last.input));
    const cli = lbsim(['run', file, '--modes', 'lvs-nat', '--seed', '7', '--json', '--quiet', '--no-png', '--out', join(dir, 'out')]);
    assert.equal(cli.status, 0, cli.stderr);
    const [expected] = JSON.parse(cli.stdout) as RunResult[];
    assert.deepEqual(last.results[0], expected, 'identical RunResult in the browser and the CLI');
    assert.equal(shown, expected!.throughput.requestsPerSecond.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }));

    const lanes = await page.$$eval('#diagram svg.sequence-diagram g.lane', (gs) => gs.map((g) => g.getAttribute('data-lane')));
    const ends = await page.$$eval('#diagram svg.sequence-diagram g.arrow', (gs) => gs.flatMap((g) => [g.getAttribute('data-from'), g.getAttribute('data-to')]));
    assert.equal(new Set(lanes).size, lanes.length, 'one lane per node');
    assert.deepEqual([...new Set(ends)].sort(), [...lanes].sort(), 'every lane carries an arrow, every arrow ends on a lane');
    assert.ok(lanes.includes('director-0'), `lanes: ${lanes.join(', ')}`);
    const artifacts = join(REPO_ROOT, 'test-artifacts');
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'playground.png'), fullPage: true });

    await page.click('#compare-all');
    await page.waitForFunction(() => document.querySelectorAll('#compare tr').length === 7, undefined, { timeout: 180_000 });
    await settle();
    const modes = await page.$$eval('#compare tr td:first-child', (tds) => tds.map((t) => t.textContent));
    assert.deepEqual(modes, ['rr-dns', 'client-side', 'l7-proxy', 'lvs-nat', 'lvs-tun', 'lvs-dr']);
    await page.screenshot({ path: join(artifacts, 'playground-compare.png'), fullPage: true });

    // A pasted scenario with a mistake: the schema's message, as the CLI prints it.
    const bad = 'name: bad\ndescription: a typo\nworkload:\n  groups:\n    - name: g\n      clients: 5\n      rtt: 1 fortnight\n';
    await page.goto(`${pathToFileURL(join(site, 'index.html')).href}#scenario=pasted&yaml=${encodeURIComponent(bad)}`);
    await page.waitForFunction(() => (window as unknown as { lbsimPlayground: Exposed }).lbsimPlayground?.error !== null);
    const pageError = (await state()).error!;
    const badFile = join(dir, 'pasted.yaml');
    await writeFile(badFile, bad);
    const validate = lbsim(['validate', badFile]);
    assert.equal(validate.status, 2);
    const cliMessage = validate.stderr.trim().split('\n').find((l) => /fortnight/.test(l))!;
    assert.ok(pageError.includes('workload.groups[0].rtt: unknown duration unit "fortnight"'), pageError);
    assert.ok(cliMessage.endsWith(pageError.split('pasted.yaml: ').pop()!.split('\n')[0]!), `${cliMessage} vs ${pageError}`);

    assert.deepEqual(errors, [], 'console errors');
    assert.deepEqual(offPage, [], 'requests off the page');
  } finally {
    await context.close();
    await removeDir(dir);
  }
});
