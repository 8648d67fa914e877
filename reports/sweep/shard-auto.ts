import { UsageError } from '../cli/errors.js';
import { MAX_SHARDS, parseShard, type Shard } from './shard.js';

/**
 * `--shard auto`: the shard index and count from the batch scheduler that started this process,
 * so one job script serves every array task. Looked for in this order:
 *  - Slurm job array: SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN (default 0), SLURM_ARRAY_TASK_STEP
 *    (default 1) and SLURM_ARRAY_TASK_COUNT: index = (ID − MIN) / STEP, count = COUNT;
 *  - Kubernetes Indexed Job: JOB_COMPLETION_INDEX (0-based); the count is not in the environment,
 *    so it comes from --shard-count or LBSIM_SHARD_COUNT (set it to the Job's completions);
 *  - GNU parallel: PARALLEL_SEQ (the job's 1-based sequence number, {#}); count as for Kubernetes.
 * A count given with --shard-count or LBSIM_SHARD_COUNT must agree with Slurm's when both exist.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export const SHARD_ENV_VARIABLES = ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX', 'PARALLEL_SEQ'] as const;

function wholeNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--shard auto: ${name}=${text} is not a whole number`);
  return Number(text.trim());
}

function givenCount(flag: number | undefined, env: Env): { count: number; from: string } | undefined {
  if (flag !== undefined) {
    if (!(Number.isInteger(flag) && flag >= 1)) throw new UsageError(`--shard-count ${flag}: give a whole number ≥ 1`);
    return { count: flag, from: '--shard-count' };
  }
  const fromEnv = wholeNumber('LBSIM_SHARD_COUNT', env['LBSIM_SHARD_COUNT']);
  return fromEnv === undefined ? undefined : { count: fromEnv, from: 'LBSIM_SHARD_COUNT' };
}

function checked(index: number, count: number, source: string): Shard {
  if (count < 1 || index >= count) throw new UsageError(`--shard auto: ${source} gives shard ${index} of ${count}; need 0 ≤ index < count`);
  if (count > MAX_SHARDS) throw new UsageError(`--shard auto: ${source} gives ${count} shards; at most ${MAX_SHARDS}`);
  return { index, count };
}

export function shardFromEnvironment(env: Env, countFlag: number | undefined): Shard {
  const given = givenCount(countFlag, env);
  const slurmId = wholeNumber('SLURM_ARRAY_TASK_ID', env['SLURM_ARRAY_TASK_ID']);
  if (slurmId !== undefined) {
    const min = wholeNumber('SLURM_ARRAY_TASK_MIN', env['SLURM_ARRAY_TASK_MIN']) ?? 0;
    const step = wholeNumber('SLURM_ARRAY_TASK_STEP', env['SLURM_ARRAY_TASK_STEP']) ?? 1;
    const count = wholeNumber('SLURM_ARRAY_TASK_COUNT', env['SLURM_ARRAY_TASK_COUNT']) ?? given?.count;
    if (count === undefined) throw new UsageError('--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; give --shard-count N');
    if (given !== undefined && given.count !== count) throw new UsageError(`--shard auto: Slurm runs ${count} array tasks but ${given.from} says ${given.count}`);
    if (slurmId < min || step < 1 || (slurmId - min) % step !== 0) {
      throw new UsageError(`--shard auto: array task ${slurmId} is not on the array's grid (min ${min}, step ${step})`);
    }
    return checked((slurmId - min) / step, count, `Slurm (task ${slurmId}, min ${min}, step ${step}, count ${count})`);
  }
  const k8s = wholeNumber('JOB_COMPLETION_INDEX', env['JOB_COMPLETION_INDEX']);
  const parallelSeq = wholeNumber('PARALLEL_SEQ', env['PARALLEL_SEQ']);
  if (k8s !== undefined || parallelSeq !== undefined) {
    const scheduler = k8s !== undefined ? 'Kubernetes (JOB_COMPLETION_INDEX)' : 'GNU parallel (PARALLEL_SEQ)';
    if (given === undefined) {
      throw new UsageError(`--shard auto: ${scheduler} gives this job's index but not how many shards there are; give --shard-count N or set LBSIM_SHARD_COUNT`);
    }
    const index = k8s ?? parallelSeq! - 1;
    if (k8s === undefined && parallelSeq === 0) throw new UsageError('--shard auto: PARALLEL_SEQ=0, but GNU parallel numbers jobs from 1');
    return checked(index, given.count, `${scheduler} with ${given.from} = ${given.count}`);
  }
  throw new UsageError(`--shard auto: no batch scheduler found in the environment (looked for ${SHARD_ENV_VARIABLES.join(', ')}); give --shard i/N instead`);
}

/** `--shard`: absent (the whole sweep), `i/N`, or `auto`. */
export function resolveShard(text: string | undefined, countFlag: number | undefined, env: Env): Shard | null {
  if (text !== undefined && text.trim() === 'auto') return shardFromEnvironment(env, countFlag);
  if (countFlag !== undefined) throw new UsageError('--shard-count goes with --shard auto (with --shard i/N the count is N)');
  return parseShard(text);
}
