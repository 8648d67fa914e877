import { Simulator } from '../../sim/engine/simulator.js';
import { FcfsResource, PsResource } from '../../sim/engine/resource.js';
import { makeStream } from '../../sim/engine/rng.js';
import { sampler, type DistributionSpec } from '../../sim/engine/distributions.js';
import { Welford } from '../../sim/stats/accumulators.js';
import { BatchMeans, confidenceInterval, type ConfidenceInterval } from '../../sim/stats/replications.js';
import assert from 'node:assert/strict';

/**
 * A single queue built from the engine's own parts (Simulator + FcfsResource or PsResource) fed
 * by Poisson arrivals, measured over a window after a warm-up from empty. Time unit for the
 * oracles: 1 ms = 1e6 ns, so drawing times to whole ns changes means by < 1e-6 relative.
 */
export const NS_PER_MS = 1_000_000;

export interface QueueRun {
  /** Arrivals per ms. */
  readonly lambdaPerMs: number;
  /** Service time in ns (FCFS) or work in ns at rate 1 (PS). */
  readonly service: DistributionSpec;
  readonly discipline: 'fcfs' | 'ps';
  /** FCFS servers (PS is one shared server). */
  readonly servers?: number;
  /** Start-up from empty excluded from every statistic. */
  readonly warmupMs: number;
  /** Observation window after the warm-up. */
  readonly measureMs: number;
  readonly seed: number;
  /** When set, sojourns (ms) in arrival-window order are also grouped into batches of this many customers. */
  readonly sojournBatchSize?: number;
}

export interface QueueObservation {
  /** Mean sojourn of the customers that arrived in the window, ms. */
  readonly meanSojournMs: number;
  /** Arrivals in the window per ms. */
  readonly observedLambdaPerMs: number;
  /** Time-average number in the system over the window. */
  readonly meanInSystem: number;
  /** The resource's meanQueue: waiting jobs (FCFS) or jobs present (PS). */
  readonly meanQueue: number;
  /** Fraction of server capacity busy over the window. */
  readonly utilization: number;
  readonly customers: number;
  /** Batch-means interval of the sojourn in ms, when `sojournBatchSize` was given. */
  readonly sojournBatches?: ConfidenceInterval;
}

export function simulateQueue(run: QueueRun, replication: number): QueueObservation {
  const sim = new Simulator();
  const servers = run.servers ?? 1;
  const fcfs = run.discipline === 'fcfs' ? new FcfsResource(sim, 'q', 'test', 'cpu', servers) : undefined;
  const ps = run.discipline === 'ps' ? new PsResource(sim, 'q', 'test', 'cpu', 1) : undefined;
  const gap = sampler({ kind: 'exponential', mean: NS_PER_MS / run.lambdaPerMs }, makeStream(run.seed, replication, 'analytic/arrivals'));
  const service = sampler(run.service, makeStream(run.seed, replication, 'analytic/service'));
  const warmupEndNs = run.warmupMs * NS_PER_MS;
  const endNs = warmupEndNs + run.measureMs * NS_PER_MS;
  const sojourn = new Welford();
  const batches = run.sojournBatchSize !== undefined ? new BatchMeans(run.sojournBatchSize) : undefined;
  let windowArrivals = 0;

  const depart = (arrivalNs: number): void => {
    if (arrivalNs < warmupEndNs) return;
    sojourn.add(sim.nowNs - arrivalNs);
    batches?.add((sim.nowNs - arrivalNs) / NS_PER_MS);
  };
  const arrive = (): void => {
    const now = sim.nowNs;
    if (now >= endNs) return; // arrivals stop at the window's end; the system then drains
    if (now >= warmupEndNs) windowArrivals++;
    const workNs = Math.round(service());
    if (fcfs !== undefined) fcfs.submit(workNs, depart, now);
    else ps!.submit(workNs, depart, now);
    sim.schedule(Math.round(gap()), arrive);
  };

  sim.schedule(Math.round(gap()), arrive);
  sim.run({ untilNs: warmupEndNs });
  const resource = fcfs ?? ps!;
  resource.resetStats();
  sim.run({ untilNs: endNs });
  const snap = resource.snapshot();
  sim.run(); // drain: every customer that arrived in the window leaves and is counted
  assert.equal(sojourn.count, windowArrivals, 'every window arrival departed');

  const busyServers = snap.utilization * (fcfs !== undefined ? servers : 1);
  return {
    meanSojournMs: sojourn.mean / NS_PER_MS,
    observedLambdaPerMs: windowArrivals / run.measureMs,
    meanInSystem: fcfs !== undefined ? snap.meanQueue + busyServers : snap.meanQueue,
    meanQueue: snap.meanQueue,
    utilization: snap.utilization,
    customers: windowArrivals,
    ...(batches !== undefined ? { sojournBatches: batches.interval() } : {}),
  };
}

/** Runs independent replications (distinct RNG streams per replication) and returns them all. */
export function replicate(run: QueueRun, replications: number): QueueObservation[] {
  return Array.from({ length: replications }, (_, r) => simulateQueue(run, r));
}

export function intervalOf(observations: readonly QueueObservation[], pick: (o: QueueObservation) => number): ConfidenceInterval {
  return confidenceInterval(observations.map(pick));
}

/**
 * The oracle must lie within 3 half-widths of the 95 % interval. Why 3 and not 1: with 10
 * replications a correct model misses a 95 % interval 1 time in 20, which for a fixed seed is a
 * coin that, once it lands wrong, can only be "fixed" by reseeding; 3 half-widths is about
 * 6.8 standard errors at 9 degrees of freedom (a false alarm ~1e-4). The interval itself must
 * also be narrow (`maxRelativeHalfWidth`) so that the check has power: a bug that moves the mean
 * by more than 3 × that fraction fails.
 */
export function assertOracleInInterval(ci: ConfidenceInterval, oracle: number, maxRelativeHalfWidth: number, what: string): void {
  const detail = `${what}: oracle ${oracle.toPrecision(6)}, simulated ${ci.mean.toPrecision(6)} ± ${ci.halfWidth.toPrecision(3)} (95 %, n=${ci.n})`;
  assert.ok(ci.halfWidth <= maxRelativeHalfWidth * Math.abs(oracle), `interval too wide to test anything: ${detail}`);
  assert.ok(Math.abs(ci.mean - oracle) <= 3 * ci.halfWidth, detail);
}

/**
 * Little's law on each sample path: L (time average over the window) equals λ·W (observed arrival
 * rate × mean sojourn of the window's arrivals) up to boundary terms, the customers present at the
 * window's edges, whose share of the window's area is of order W/T. Measured here: at most
 * 1.1e-4 relative (heavy-tailed FCFS), 1e-5..5e-5 otherwise; the 1e-3 tolerance leaves a wide
 * margin, and a model that loses or double-counts 1 customer in 1000 fails it.
 */
export const LITTLE_REL_TOL = 1e-3;

export function assertLittle(o: QueueObservation, relTol: number, what: string): void {
  const lambdaW = o.observedLambdaPerMs * o.meanSojournMs;
  assert.ok(Math.abs(o.meanInSystem - lambdaW) <= relTol * o.meanInSystem, `${what}: L ${o.meanInSystem} vs λW ${lambdaW}`);
}

/** Largest acceptable 95 % half-width per metric, relative to the oracle (see assertOracleInInterval). */
export interface HalfWidthLimits {
  readonly W: number;
  readonly rho: number;
  readonly L: number;
  /** FCFS only: the resource's meanQueue is the waiting line, Lq. */
  readonly Lq?: number;
}

/** Every metric of every replication against its oracle, plus Little's law per replication. */
export function assertMatchesOracle(
  obs: readonly QueueObservation[],
  oracle: { readonly W: number; readonly rho: number; readonly L: number; readonly Lq: number },
  limits: HalfWidthLimits,
  label: string,
): void {
  assertOracleInInterval(intervalOf(obs, (o) => o.meanSojournMs), oracle.W, limits.W, `${label} W (ms)`);
  assertOracleInInterval(intervalOf(obs, (o) => o.utilization), oracle.rho, limits.rho, `${label} utilization`);
  assertOracleInInterval(intervalOf(obs, (o) => o.meanInSystem), oracle.L, limits.L, `${label} L`);
  if (limits.Lq !== undefined) assertOracleInInterval(intervalOf(obs, (o) => o.meanQueue), oracle.Lq, limits.Lq, `${label} Lq`);
  for (const o of obs) assertLittle(o, LITTLE_REL_TOL, label);
}
