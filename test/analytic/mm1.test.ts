import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mm1 } from '../../sim/stats/analytic.js';
import { LITTLE_REL_TOL, assertLittle, assertMatchesOracle, assertOracleInInterval, replicate, simulateQueue } from './queue-model.js';

/**
 * M/M/1 with μ = 1 per ms, FcfsResource with one server, 10 independent replications.
 * Half-width limits are about twice what these runs give (so a seed change will not trip
 * them), and each oracle must lie within 3 half-widths (queue-model.ts says why).
 */
const REPLICATIONS = 10;
const exponentialService = { kind: 'exponential', mean: 1e6 } as const;

test('M/M/1 at ρ = 0.5: W = 2 ms, Lq = 0.5, L = 1, utilization 0.5, Little', () => {
  // Relaxation time 1/(μ(1−√ρ)²) ≈ 12 ms: a 2 s warm-up is far beyond it.
  const run = { lambdaPerMs: 0.5, service: exponentialService, discipline: 'fcfs', warmupMs: 2_000, measureMs: 800_000, seed: 501 } as const;
  assertMatchesOracle(replicate(run, REPLICATIONS), mm1(0.5, 1), { W: 0.006, Lq: 0.012, L: 0.007, rho: 0.003 }, 'M/M/1 ρ=0.5');
});

test('M/M/1 at ρ = 0.9: W = 10 ms, Lq = 8.1, L = 9, utilization 0.9, Little', () => {
  // Relaxation time ≈ 380 ms; the 20 s warm-up is ~50 of them, so the start-empty bias is
  // negligible against the interval. Long windows because the sojourn's autocorrelation at
  // ρ = 0.9 is long (its asymptotic variance grows as 1/(1−ρ)⁴).
  const run = { lambdaPerMs: 0.9, service: exponentialService, discipline: 'fcfs', warmupMs: 20_000, measureMs: 2_500_000, seed: 901 } as const;
  assertMatchesOracle(replicate(run, REPLICATIONS), mm1(0.9, 1), { W: 0.02, Lq: 0.025, L: 0.02, rho: 0.002 }, 'M/M/1 ρ=0.9');
});

test('M/M/1 at ρ = 0.5 by batch means over one long run', () => {
  // 20 batches of 50,000 customers: each batch spans ~100 s, thousands of relaxation times, so
  // batch averages are close to independent (the assumption batch means rests on).
  const o = simulateQueue(
    { lambdaPerMs: 0.5, service: exponentialService, discipline: 'fcfs', warmupMs: 2_000, measureMs: 2_000_000, seed: 502, sojournBatchSize: 50_000 },
    0,
  );
  const ci = o.sojournBatches!;
  assert.equal(ci.n, 20);
  assertOracleInInterval(ci, mm1(0.5, 1).W, 0.008, 'W by batch means (ms)');
  assertLittle(o, LITTLE_REL_TOL, 'M/M/1 single run');
});
