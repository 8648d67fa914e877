import { performance } from 'node:perf_hooks';
import type { Mode, RunResult } from '../sim/result.js';
import { runScenario } from '../sim/run.js';
import type { RawScenario } from './raw-scenario.js';
import { RunPool } from './run-pool.js';

export interface TimedResult {
  readonly result: RunResult;
  /** Measured here, outside sim/: the one non-deterministic number, kept out of summary.json. */
  readonly wallSeconds: number;
}

/**
 * Runs each mode × replication with common random numbers and returns them in a fixed order
 * (modes in the order given, replications ascending), whatever order they finish in. With more
 * than one worker the runs go to that many threads; a run's result depends only on its scenario,
 * mode, seed and replication, so the results are the same as a serial run's, byte for byte.
 * `onDone` sees each run as it finishes (completion order).
 */
export async function runModes(input: RawScenario, modes: readonly Mode[], seed: number, replications: number, workers: number, onDone?: (r: TimedResult) => void): Promise<TimedResult[]> {
  const tasks = modes.flatMap((mode) => Array.from({ length: replications }, (_, replication) => ({ mode, replication })));
  const threads = Math.min(workers, tasks.length);
  if (threads <= 1) {
    return tasks.map(({ mode, replication }) => {
      const start = performance.now();
      const result = runScenario(input.scenario, { mode, seed, replication });
      const timed = { result, wallSeconds: (performance.now() - start) / 1000 };
      onDone?.(timed);
      return timed;
    });
  }
  const pool = new RunPool(threads);
  try {
    return await Promise.all(tasks.map(async ({ mode, replication }) => {
      const timed = await pool.run({ scenario: input.raw, file: input.file, mode, seed, replication });
      onDone?.(timed);
      return timed;
    }));
  } finally {
    await pool.close();
  }
}
