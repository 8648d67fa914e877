import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, REPO_ROOT, lbsim, listFiles, removeDir, tempDir, writeScenario } from './helpers.js';

/**
 * The output folder is replaced as a whole: `compare` killed with SIGKILL at any instant leaves
 * it holding entirely the previous run or entirely the new one; and what a run writes depends on
 * the scenario and seed only (timing.json aside), not on where it is written.
 */
function tiny(): Record<string, unknown> {
  return {
    name: 'tiny-atomic',
    description: 'Twenty clients, two servers, a fifth of a second.',
    run: { duration: '0.2s', warmup: '0.05s', timelineInterval: '0.05s' },
    workload: { groups: [{ name: 'a', clients: 20, arrival: { kind: 'poisson', rate: 400 } }] },
    topology: { servers: { count: 2 } },
  };
}

/** Every file's bytes, by relative path; timing.json only by presence (its content is wall time). */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of await listFiles(dir)) out.set(f, f === 'timing.json' ? '(timing)' : (await readFile(join(dir, f))).toString('base64'));
  return out;
}

function same(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

function compareArgs(scenario: string, out: string, seed: number): string[] {
  return ['compare', scenario, '--out', out, '--seed', String(seed), '--no-png', '--quiet'];
}

describe('output folders', () => {
  let dir: string;
  let scenario: string;
  let oldRun: Map<string, string>;
  let newRun: Map<string, string>;
  let fullMs: number;
  before(async () => {
    dir = await tempDir('atomic');
    scenario = await writeScenario(dir, tiny());
    const t0 = performance.now();
    assert.equal(lbsim(compareArgs(scenario, join(dir, 'ref-new'), 2)).status, 0);
    fullMs = performance.now() - t0;
    assert.equal(lbsim(compareArgs(scenario, join(dir, 'ref-old'), 1)).status, 0);
    newRun = await snapshot(join(dir, 'ref-new'));
    oldRun = await snapshot(join(dir, 'ref-old'));
    assert.ok(!same(oldRun, newRun), 'the two seeds give different outputs');
  });
  after(() => removeDir(dir));

  it('two runs of one scenario and seed into different folders: every file but timing.json identical', async () => {
    const other = join(dir, 'elsewhere', 'deeper');
    assert.equal(lbsim(['compare', scenario, '--out', other, '--seed', '2', '--no-png']).status, 0);
    const again = await snapshot(other);
    assert.deepEqual([...again.keys()], [...newRun.keys()]);
    for (const [file, bytes] of newRun) assert.equal(again.get(file), bytes, `${file} differs`);
    assert.ok(again.has('timing.json'));
    const timing = JSON.parse(await readFile(join(other, 'timing.json'), 'utf8')) as { out: string };
    assert.equal(timing.out, other, 'the output path is recorded in timing.json only');
  });

  // Instants as fractions of one whole run's wall time: before, during and after the write phase.
  for (const fraction of [0.3, 0.6, 0.8, 0.9, 0.95, 1.0, 1.1]) {
    it(`SIGKILL at ${Math.round(fraction * 100)} % of a run leaves the old run or the new one, whole`, async () => {
      const out = join(dir, `killed-${fraction}`);
      assert.equal(lbsim(compareArgs(scenario, out, 1)).status, 0);
      assert.ok(same(await snapshot(out), oldRun));
      const child = spawn(process.execPath, [CLI, ...compareArgs(scenario, out, 2)], { cwd: REPO_ROOT, stdio: 'ignore' });
      // Listened for at once: at the later instants the child may have finished before the kill.
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, fullMs * fraction));
      child.kill('SIGKILL');
      await exited;
      const leftovers = readdirSync(dirname(out)).filter((e) => e.includes(basename(out)) && e.startsWith('.lbsim-'));
      let now = await snapshot(out);
      if (now.size === 0) {
        // Killed between the swap's two renames: the previous run is whole beside it; the next
        // writer (or recoverOutput) renames it back.
        assert.ok(leftovers.some((e) => e.startsWith('.lbsim-previous-')), 'the previous run is kept aside');
        assert.equal(lbsim(compareArgs(scenario, out, 1)).status, 0);
        now = await snapshot(out);
      }
      assert.ok(same(now, oldRun) || same(now, newRun), `neither the old run nor the new one: ${[...now.keys()].join(', ')}`);
      // A later run cleans what the killed one left.
      assert.equal(lbsim(compareArgs(scenario, out, 2)).status, 0);
      assert.ok(same(await snapshot(out), newRun));
      assert.deepEqual(readdirSync(dirname(out)).filter((e) => e.includes(basename(out)) && e.startsWith('.lbsim-')), []);
    });
  }
});
