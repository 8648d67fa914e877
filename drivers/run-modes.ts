import { performance } from 'node:perf_hooks';
import type { Mode, RunResult } from '../sim/result.js';
import { runScenario } from '../sim/run.js';
import type { Scenario } from '../sim/scenario/types.js';

export interface TimedResult {
  readonly result: RunResult;
  /** Measured here, outside sim/: the one non-deterministic number, kept out of summary.json. */
  readonly wallSeconds: number;
}

/** Runs each mode × replication serially, in a fixed order, with common random numbers. */
export function runModes(scenario: Scenario, modes: readonly Mode[], seed: number, replications: number, onDone?: (r: TimedResult) => void): TimedResult[] {
  const out: TimedResult[] = [];
  for (const mode of modes) {
    for (let replication = 0; replication < replications; replication++) {
      const start = performance.now();
      const result = runScenario(scenario, { mode, seed, replication });
      const timed = { result, wallSeconds: (performance.now() - start) / 1000 };
      out.push(timed);
      onDone?.(timed);
    }
  }
  return out;
}
