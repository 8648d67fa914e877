import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { check, mutantArb, schemaCaseArb, tally } from '../scenario/fuzz-cases.js';

/**
 * The long fuzz of the input contract (`npm run bench -- fuzz --cases N`): the suite's property
 * (test/scenario/fuzz-cases.ts) over N cases, half mutations of the shipped scenarios, half
 * scenarios drawn from the schema, each with its own seed (--seed, default 1; the suite uses fixed
 * seeds of its own). A failing case throws with fast-check's shrunk counterexample; otherwise one line:
 *   engine=lbsim workload=fuzz cases=<N> refused=<r> over_budget=<o> ran=<k> wall_s=<t>
 */
export const FUZZ_CASES = 2_000;

export function runFuzzBenchmark(options: { readonly cases?: number; readonly seed?: number }): string {
  const cases = options.cases ?? FUZZ_CASES;
  const seed = options.seed ?? 1;
  const seen = tally();
  const started = performance.now();
  const half = Math.ceil(cases / 2);
  fc.assert(fc.property(mutantArb, ({ raw, mode }) => {
    seen[check(raw, mode)]++;
  }), { seed, numRuns: half });
  fc.assert(fc.property(schemaCaseArb, ({ raw, mode }) => {
    seen[check(raw, mode)]++;
  }), { seed: seed + 1, numRuns: cases - half });
  const wallSeconds = (performance.now() - started) / 1000;
  return `engine=lbsim workload=fuzz cases=${cases} refused=${seen.refused} over_budget=${seen['over-budget']} ran=${seen.ran} wall_s=${wallSeconds.toFixed(3)}`;
}
