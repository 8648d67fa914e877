import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_SCENARIO_FILE, quickRaw } from '../../../drivers/explain-run.js';
import { loadRawScenario } from '../../../drivers/raw-scenario.js';
import { explainFigures } from '../../../reports/explain/figures.js';
import type { RunResult } from '../../../sim/result.js';
import { lbsim, removeDir, tempDir, writeScenario } from './helpers.js';

/**
 * `lbsim explain` quotes figures from a quick run of the built-in default scenario; a `run` of
 * that same scenario (written to a file) and seed must reproduce every one of them exactly.
 */
describe('lbsim explain', () => {
  let dir = '';
  before(async () => { dir = await tempDir('explain'); });
  after(() => removeDir(dir));

  it('figures agree with `lbsim run` of the same built-in scenario', async () => {
    const explained = lbsim(['explain', 'l7-proxy', '--json']);
    assert.equal(explained.status, 0, explained.stderr);
    assert.match(explained.stderr, /explain: running l7-proxy \(1\/1\)/, 'progress on stderr');
    const json = JSON.parse(explained.stdout) as { run: { quick: boolean }; modes: { mode: string; figures: unknown; claims: { text: string; measured: string }[] }[] };
    assert.equal(json.run.quick, true);
    const [mode] = json.modes;
    assert.equal(mode!.mode, 'l7-proxy');

    const file = await writeScenario(dir, quickRaw(loadRawScenario(DEFAULT_SCENARIO_FILE).raw), 'quick-default.json');
    const run = lbsim(['run', file, '--modes', 'l7-proxy', '--json', '--quiet', '--no-png', '--out', `${dir}/out`]);
    assert.equal(run.status, 0, run.stderr);
    const [result] = JSON.parse(run.stdout) as RunResult[];
    assert.deepEqual(mode!.figures, JSON.parse(JSON.stringify(explainFigures(result!))));
    const proxy = explainFigures(result!).middleBox!;
    assert.equal(proxy.node, 'proxy-0');
    const cpu = mode!.claims.find((c) => /CPU caps the cluster/.test(c.text))!;
    assert.match(cpu.measured, new RegExp(`proxy-0: [\\d.]+ packets, [\\d,]+ B and ${proxy.cpuUs.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).replace('.', '\\.')} µs of CPU per request`));
  });

  it('text puts a measured figure beside every claim', () => {
    const text = lbsim(['explain', 'lvs-tun', '--quiet']);
    assert.equal(text.status, 0, text.stderr);
    assert.equal(text.stderr, '', '--quiet: no progress');
    const claims = text.stdout.split('\n').filter((l) => /^ {2}[+-] /.test(l)).length;
    const figures = (text.stdout.match(/\n {6}\[measured: [^\]]+\]/g) ?? []).length;
    assert.ok(claims >= 3);
    assert.equal(figures, claims);
    assert.match(text.stdout, /B per packet into the director, [\d.]+ B per packet out of it/);
  });
});
