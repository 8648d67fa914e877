import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Mode, RunResult } from '../sim/result.js';
import { runScenario } from '../sim/run.js';
import { parseScenario } from '../sim/scenario/load.js';
import type { Scenario } from '../sim/scenario/types.js';
import { loadRawScenario } from './raw-scenario.js';
import { QUICK_RUN, quickRaw } from './quick-run.js';

export { QUICK_RUN, quickRaw };

/**
 * The quick run behind `lbsim explain`: a scenario (the built-in default unless told otherwise)
 * with its run shortened to QUICK_RUN, so each mode takes a second or two; `full` keeps the
 * scenario's own run length. `quickScenario` is exported so a `run` of exactly the same input can
 * be made (the test that explain's figures agree with `lbsim run` does that).
 */
export const DEFAULT_SCENARIO_FILE = fileURLToPath(new URL('../../scenarios/default.yaml', import.meta.url));
export function explainScenario(file: string, full: boolean): Scenario {
  const loaded = loadRawScenario(file);
  return full ? loaded.scenario : parseScenario(quickRaw(loaded.raw), file);
}

/** Runs each mode in turn, reporting progress (mode, index, wall seconds) as it goes. */
export function explainRuns(scenario: Scenario, modes: readonly Mode[], seed: number | undefined, progress: (line: string) => void): RunResult[] {
  return modes.map((mode, i) => {
    progress(`explain: running ${mode} (${i + 1}/${modes.length}) on "${scenario.name}", ${scenario.run.durationNs / 1e9} s simulated…`);
    const start = performance.now();
    const r = runScenario(scenario, { mode, ...(seed !== undefined ? { seed } : {}) });
    progress(`explain: ${mode} done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    return r;
  });
}
