import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mg1, mg1Ps } from '../../sim/stats/analytic.js';
import { confidenceInterval } from '../../sim/stats/replications.js';
import { assertMatchesOracle, intervalOf, replicate, type QueueObservation, type QueueRun } from './queue-model.js';

/**
 * M/G/1 processor sharing on a PsResource (rate 1 work unit per ns, work = service ns):
 * E[T] = E[S]/(1−ρ) whatever the service distribution. E[S] = 1 ms, ρ = 0.7, so E[T] = 3.33 ms
 * and L = ρ/(1−ρ) = 2.33 jobs present (PsResource.meanQueue counts jobs present).
 * 10 replications; half-width limits about twice what these runs give; oracle within 3
 * half-widths (queue-model.ts).
 */
const REPLICATIONS = 10;
const base = { lambdaPerMs: 0.7, discipline: 'ps', warmupMs: 5_000, measureMs: 800_000, seed: 73 } as const;
const lognormal: QueueRun = { ...base, service: { kind: 'lognormal', mean: 1e6, cv: 2 } };
const exponential: QueueRun = { ...base, service: { kind: 'exponential', mean: 1e6 } };

let lognormalCache: QueueObservation[] | undefined;
function lognormalObservations(): QueueObservation[] {
  return (lognormalCache ??= replicate(lognormal, REPLICATIONS));
}

test('M/G/1-PS, lognormal service with cv 2: E[T] = E[S]/(1−ρ), and the P-K (FCFS) value is excluded', () => {
  const obs = lognormalObservations();
  const oracle = mg1Ps(0.7, 1);
  assertMatchesOracle(obs, oracle, { W: 0.018, L: 0.018, rho: 0.005 }, 'M/G/1-PS lognormal');
  const w = intervalOf(obs, (o) => o.meanSojournMs);
  assert.ok(w.upper < mg1(0.7, 1, 4).W / 1.5, 'PS does not queue like FCFS');
});

test('M/M/1-PS at the same mean: the same E[T] (insensitivity)', () => {
  const expObs = replicate(exponential, REPLICATIONS);
  assertMatchesOracle(expObs, mg1Ps(0.7, 1), { W: 0.012, L: 0.012, rho: 0.003 }, 'M/M/1-PS');
  // Paired differences: replication r of both runs shares its arrival stream (same seed,
  // replication and path), and pairs are independent across r, so the per-replication difference
  // of mean sojourns gives a valid interval for the difference of the two means, which
  // insensitivity says is 0. (The service draws are not aligned, so the pairing narrows the
  // interval little; its limit, 2 % of E[T], is about twice what this run gives.)
  const logObs = lognormalObservations();
  const diff = confidenceInterval(logObs.map((o, r) => o.meanSojournMs - expObs[r]!.meanSojournMs));
  const oracleW = mg1Ps(0.7, 1).W;
  assert.ok(diff.halfWidth < 0.02 * oracleW, `difference interval ±${diff.halfWidth} too wide to show anything`);
  assert.ok(Math.abs(diff.mean) <= 3 * diff.halfWidth, `lognormal − exponential = ${diff.mean} ± ${diff.halfWidth} ms`);
});
