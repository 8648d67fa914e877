import { test } from 'node:test';
import { mmc } from '../../sim/stats/analytic.js';
import { assertMatchesOracle, replicate } from './queue-model.js';

/**
 * M/M/c (Erlang C) with μ = 1 per ms on an FcfsResource with c servers, 10 replications.
 * Half-width limits are about twice what these runs give; oracle within 3 half-widths.
 */
const REPLICATIONS = 10;
const exponentialService = { kind: 'exponential', mean: 1e6 } as const;

test('M/M/4 at a = 3 (C = 0.5094): W = 1.5094 ms, Lq, L, utilization 0.75, Little', () => {
  const run = { lambdaPerMs: 3, servers: 4, service: exponentialService, discipline: 'fcfs', warmupMs: 2_000, measureMs: 200_000, seed: 43 } as const;
  assertMatchesOracle(replicate(run, REPLICATIONS), mmc(3, 1, 4), { W: 0.006, Lq: 0.016, L: 0.008, rho: 0.004 }, 'M/M/4');
});

test('M/M/16 at a = 14.4 (C = 0.5913): W = 1.3696 ms, Lq, L, utilization 0.9, Little', () => {
  // Relaxation time ≈ 1/(cμ(1−√ρ)²) ≈ 24 ms; 1 s of warm-up is ~40 of them.
  const run = { lambdaPerMs: 14.4, servers: 16, service: exponentialService, discipline: 'fcfs', warmupMs: 1_000, measureMs: 80_000, seed: 1614 } as const;
  assertMatchesOracle(replicate(run, REPLICATIONS), mmc(14.4, 1, 16), { W: 0.015, Lq: 0.04, L: 0.015, rho: 0.002 }, 'M/M/16');
});
