import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertSameOutputs, assertUsageError, CLI, lbsim, REPO_ROOT, removeDir, smallScenario, tempDir, writeScenario } from './helpers.js';

/**
 * A sweep spread over a batch scheduler's tasks gives the bytes of one process: each scheduler's
 * environment through --shard auto, and GNU parallel through examples/parallel.sh. Without GNU
 * parallel the last test is skipped, except under CI, where it must run (.ci/run installs it).
 */
const GRID = ['--vary', 'topology.servers.count=1,2', '--modes', 'rr-dns,lvs-dr', '--no-png'];
const parallelMissing = spawnSync('parallel', ['--version'], { encoding: 'utf8' }).status !== 0;
const skipParallel = parallelMissing && !process.env.CI ? 'GNU parallel not found (apt-get install -y parallel); skipped because CI is unset' : false;
/** The schedulers' variables this process may have inherited, cleared for each run. */
const CLEAR = { SLURM_ARRAY_TASK_ID: '', SLURM_ARRAY_TASK_MIN: '', SLURM_ARRAY_TASK_STEP: '', SLURM_ARRAY_TASK_COUNT: '', JOB_COMPLETION_INDEX: '', PARALLEL_SEQ: '', LBSIM_SHARD_COUNT: '' };

describe('sweeps sharded by a scheduler', () => {
  let dir = '';
  let scenario = '';
  const out = (name: string) => join(dir, name);
  const shardRun = (name: string, env: Record<string, string>) => lbsim(['sweep', scenario, ...GRID, '--shard', 'auto', '--workers', '1', '--quiet', '--out', out(name)], { ...CLEAR, ...env });

  before(async () => {
    dir = await tempDir('schedulers');
    scenario = await writeScenario(dir, smallScenario());
    const whole = lbsim(['sweep', scenario, ...GRID, '--workers', '2', '--quiet', '--out', out('whole')], CLEAR);
    assert.equal(whole.status, 0, whole.stderr);
  });
  after(() => removeDir(dir));

  it('a Slurm array (tasks 1 and 3 of --array=1-3:2) merges to the single run\'s bytes', async () => {
    for (const id of [1, 3]) {
      const r = shardRun(`slurm-${id}`, { SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_STEP: '2', SLURM_ARRAY_TASK_COUNT: '2' });
      assert.equal(r.status, 0, r.stderr);
    }
    const merged = lbsim(['merge', out('slurm-1'), out('slurm-3'), '--out', out('slurm'), '--no-png', '--quiet']);
    assert.equal(merged.status, 0, merged.stderr);
    await assertSameOutputs(out('whole'), out('slurm'));
  });

  it('a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, LBSIM_SHARD_COUNT) merges to the single run\'s bytes', async () => {
    for (const index of [0, 1]) {
      const r = shardRun(`k8s-${index}`, { JOB_COMPLETION_INDEX: String(index), LBSIM_SHARD_COUNT: '2' });
      assert.equal(r.status, 0, r.stderr);
    }
    const merged = lbsim(['merge', out('k8s-0'), out('k8s-1'), '--out', out('k8s'), '--no-png', '--quiet']);
    assert.equal(merged.status, 0, merged.stderr);
    await assertSameOutputs(out('whole'), out('k8s'));
  });

  it('refuses --shard auto outside a scheduler, with one line and nothing written', () => {
    const r = shardRun('none', {});
    assert.equal(assertUsageError(r, /--shard auto: no batch scheduler found in the environment/), null);
    assert.ok(!existsSync(out('none')));
  });

  it('examples/parallel.sh under GNU parallel merges to the single run\'s bytes', { skip: skipParallel }, async () => {
    assert.ok(!parallelMissing, 'GNU parallel is missing under CI: install it (apt-get install -y parallel)');
    const script = join(REPO_ROOT, 'examples', 'parallel.sh');
    const r = spawnSync(script, [scenario, out('gnu'), '2', ...GRID], {
      encoding: 'utf8', cwd: REPO_ROOT, timeout: 120_000, env: { ...process.env, ...CLEAR, LBSIM: `${process.execPath} ${CLI}`, JOBS: '2' },
    });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    await assertSameOutputs(out('whole'), join(out('gnu'), 'merged'));
  });
});
