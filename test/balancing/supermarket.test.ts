import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeStream } from '../../sim/engine/rng.js';
import { Simulator } from '../../sim/engine/simulator.js';
import { makeDestinations } from '../../sim/balancing/balancer.js';
import type { BalancerOptions } from '../../sim/balancing/balancer.js';
import { makeBalancer, type BalancerName } from '../../sim/balancing/registry.js';

/**
 * The supermarket model (docs/sources.md §8; Mitzenmacher, IEEE TPDS 2001): n FIFO servers with Exp(1)
 * service, Poisson arrivals at rate λn, each job placed by the balancer under test, which sees the
 * number of jobs at each server as its `activeConns`. For n → ∞ the mean sojourn is
 * E[T] = Σ_{i≥1} λ^{(d^i − d)/(d − 1)}: 2.6141 for d = 2 and 1/(1 − λ) = 10 for one random choice
 * at λ = 0.9.
 *
 * Runs on the engine's Simulator; time unit 1 s = 1e9 ns, so Exp(1) service has mean 1e9 ns
 * (rounding to whole ns changes means by < 1e-9 relative).
 */
const NS = 1e9;

interface SupermarketResult {
  readonly meanSojourn: number;
  readonly jobs: number;
}

function runSupermarket(name: BalancerName, n: number, lambda: number, horizon: number, warmup: number, seed: number, options: BalancerOptions = {}): SupermarketResult {
  const sim = new Simulator();
  const dests = makeDestinations(new Array<number>(n).fill(1));
  const balancer = makeBalancer(name, dests, makeStream(seed, 0, 'supermarket/balancer'), options);
  const arrivals = makeStream(seed, 0, 'supermarket/arrivals');
  const services = makeStream(seed, 0, 'supermarket/services');
  const capacity = 4096; // per-server ring of arrival times; P(queue ≥ 4096) is nil at λ = 0.9
  const arrivedAt = new Float64Array(n * capacity);
  const head = new Int32Array(n);
  const warmupNs = warmup * NS;
  const horizonNs = horizon * NS;
  const ctx = { sourceKey: 0, destKey: 0, hashKey: 0 };
  let sum = 0;
  let jobs = 0;

  const serviceNs = (): number => Math.round(-Math.log(1 - services.next()) * NS);

  const depart = (s: number): void => {
    const d = dests[s]!;
    const t0 = arrivedAt[s * capacity + head[s]!]!;
    if (t0 >= warmupNs) {
      sum += sim.nowNs - t0;
      jobs++;
    }
    head[s] = (head[s]! + 1) % capacity;
    d.activeConns--;
    if (d.activeConns > 0) sim.schedule(serviceNs(), depart, s);
  };

  const arrive = (): void => {
    const s = balancer.pick(ctx);
    const d = dests[s]!;
    if (d.activeConns >= capacity) throw new Error('queue ring overflow');
    arrivedAt[s * capacity + ((head[s]! + d.activeConns) % capacity)] = sim.nowNs;
    d.activeConns++;
    if (d.activeConns === 1) sim.schedule(serviceNs(), depart, s);
    sim.schedule(Math.round((-Math.log(1 - arrivals.next()) / (lambda * n)) * NS), arrive);
  };

  sim.schedule(0, arrive);
  sim.run({ untilNs: horizonNs });
  return { meanSojourn: sum / jobs / NS, jobs };
}

/**
 * Tolerances. Finite n is worse than the n → ∞ limit by O(1/n): over 8 replications of 20,000 s
 * at n = 100 this model measured 2.681 ± 0.004 for p2c (+2.6 %) and 2.079 ± 0.003 for three draws
 * (+2.5 %), and 9.97 ± 0.04 for random (a single random choice makes each server an exact M/M/1,
 * so there is no finite-n bias). One replication of 10,000 s has a standard deviation of about
 * 0.6 % for d = 2 and 3; 20,000 s of random has about 1.2 %. Hence the bands: d ≥ 2 within −2 %
 * (noise) to +6 % (bias + 5 sd) of the limit; random within ±5 % (4 sd) of 10.
 * The kernel's `twos` gives the first destination one extra chance in Σw + 1 per draw; with 100
 * unit weights that doubles how often server 0 is sampled, and costs about 0.02 in mean sojourn
 * against haproxy's random(2) (2.664): both are inside the band.
 */
const LIMIT_D2 = 2.6141;
const LIMIT_D3 = 2.0279;
const LIMIT_D1 = 10;

function assertBand(actual: number, limit: number, below: number, above: number, label: string): void {
  assert.ok(
    actual >= limit * (1 - below) && actual <= limit * (1 + above),
    `${label}: mean sojourn ${actual.toFixed(4)} outside [${(limit * (1 - below)).toFixed(4)}, ${(limit * (1 + above)).toFixed(4)}]`,
  );
}

test('supermarket n=100, λ=0.9: p2c ≈ 2.61 (the d = 2 limit, finite n slightly worse)', () => {
  const r = runSupermarket('p2c', 100, 0.9, 10_000, 1_000, 1);
  assert.ok(r.jobs > 800_000);
  assertBand(r.meanSojourn, LIMIT_D2, 0.02, 0.06, 'p2c');
});

test('supermarket n=100, λ=0.9: random ≈ 10 (M/M/1 at ρ = 0.9) and p2c beats it more than threefold', () => {
  const rnd = runSupermarket('random', 100, 0.9, 20_000, 1_000, 1);
  assertBand(rnd.meanSojourn, LIMIT_D1, 0.05, 0.05, 'random');
  const p2c = runSupermarket('p2c', 100, 0.9, 20_000, 1_000, 1); // same arrival and service streams
  assert.ok(p2c.meanSojourn * 3 < rnd.meanSojourn, `p2c ${p2c.meanSojourn} vs random ${rnd.meanSojourn}`);
});

test('supermarket n=100, λ=0.9: haproxy random(3) ≈ 2.03 (the d = 3 limit)', () => {
  const r = runSupermarket('haproxy-random', 100, 0.9, 10_000, 1_000, 1, { draws: 3 });
  assertBand(r.meanSojourn, LIMIT_D3, 0.02, 0.06, 'haproxy random(3)');
});

test('supermarket n=100, λ=0.9: p2c with draws = 3 (the textbook d-choice rule, set through options) ≈ 2.03', () => {
  // Finite n = 100 sits above the n → ∞ value 2.0279 by about 2.5 % (see the tolerances above):
  // with few servers a draw of three more often repeats a server or meets a transient long queue.
  const r = runSupermarket('p2c', 100, 0.9, 10_000, 1_000, 1, { draws: 3 });
  assertBand(r.meanSojourn, LIMIT_D3, 0.02, 0.06, 'p2c draws=3');
});
