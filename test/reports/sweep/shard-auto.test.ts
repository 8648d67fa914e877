import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../../reports/cli/errors.js';
import { resolveShard, shardFromEnvironment } from '../../../reports/sweep/shard-auto.js';

/** --shard auto with each scheduler's own variables, and its refusals. */
describe('--shard auto', () => {
  const refuses = (f: () => unknown, pattern: RegExp) => assert.throws(f, (err: Error) => err instanceof UsageError && pattern.test(err.message));

  it('Slurm job array: (ID − MIN) / STEP of COUNT tasks', () => {
    assert.deepEqual(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '4' }, undefined), { index: 0, count: 4 });
    assert.deepEqual(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '7', SLURM_ARRAY_TASK_MIN: '5', SLURM_ARRAY_TASK_COUNT: '3' }, undefined), { index: 2, count: 3 });
    assert.deepEqual(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '14', SLURM_ARRAY_TASK_MIN: '10', SLURM_ARRAY_TASK_STEP: '2', SLURM_ARRAY_TASK_COUNT: '3' }, undefined), { index: 2, count: 3 });
    refuses(() => shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '3' }, undefined), /SLURM_ARRAY_TASK_COUNT is not/);
    refuses(() => shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '3' }, undefined), /shard 3 of 3/);
    refuses(() => shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '4' }, 8), /Slurm runs 4 array tasks but --shard-count says 8/);
    refuses(() => shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '11', SLURM_ARRAY_TASK_MIN: '10', SLURM_ARRAY_TASK_STEP: '2', SLURM_ARRAY_TASK_COUNT: '3' }, undefined), /not on the array's grid/);
  });

  it('Kubernetes Indexed Job: JOB_COMPLETION_INDEX with the count given', () => {
    assert.deepEqual(shardFromEnvironment({ JOB_COMPLETION_INDEX: '5', LBSIM_SHARD_COUNT: '8' }, undefined), { index: 5, count: 8 });
    assert.deepEqual(shardFromEnvironment({ JOB_COMPLETION_INDEX: '0' }, 2), { index: 0, count: 2 });
    refuses(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '5' }, undefined), /Kubernetes .* give --shard-count N or set LBSIM_SHARD_COUNT/);
    refuses(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '8', LBSIM_SHARD_COUNT: '8' }, undefined), /shard 8 of 8/);
    refuses(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: 'two', LBSIM_SHARD_COUNT: '8' }, undefined), /JOB_COMPLETION_INDEX=two is not a whole number/);
  });

  it('GNU parallel: PARALLEL_SEQ counts from 1', () => {
    assert.deepEqual(shardFromEnvironment({ PARALLEL_SEQ: '1', LBSIM_SHARD_COUNT: '3' }, undefined), { index: 0, count: 3 });
    assert.deepEqual(shardFromEnvironment({ PARALLEL_SEQ: '3' }, 3), { index: 2, count: 3 });
    refuses(() => shardFromEnvironment({ PARALLEL_SEQ: '4' }, 3), /shard 3 of 3/);
  });

  it('says clearly when no scheduler is found, and keeps --shard i/N as it was', () => {
    refuses(() => resolveShard('auto', undefined, { HOME: '/root' }), /no batch scheduler found in the environment \(looked for SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, PARALLEL_SEQ\); give --shard i\/N instead/);
    assert.deepEqual(resolveShard('2/5', undefined, { SLURM_ARRAY_TASK_ID: '0' }), { index: 2, count: 5 });
    assert.equal(resolveShard(undefined, undefined, {}), null);
    refuses(() => resolveShard('1/4', 4, {}), /--shard-count goes with --shard auto/);
  });
});
