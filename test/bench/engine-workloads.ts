import { Simulator } from '../../sim/engine/simulator.js';
import { FcfsResource } from '../../sim/engine/resource.js';
import { makeStream } from '../../sim/engine/rng.js';
import { Welford } from '../../sim/stats/accumulators.js';

/**
 * Engine micro-benchmarks. Wall time is read here, in test/, never in sim/.
 * Time unit: 1 ms of model time = 1e6 ns, so exponential draws rounded to whole ns lose nothing
 * that matters (relative rounding error ≤ 5e-7 of a mean gap).
 */
export interface WorkloadResult {
  readonly events: number;
  readonly wallSeconds: number;
}

export interface Mm1Result extends WorkloadResult {
  readonly customers: number;
  /** Mean sojourn in ms; the oracle is 1/(μ−λ) = 10 ms. A sanity check that the bench did the work. */
  readonly meanSojournMs: number;
  readonly utilization: number;
}

const MS_NS = 1_000_000;

function wallSecondsSince(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e9;
}

/**
 * M/M/1 with λ = 0.9 and μ = 1 per ms: an arrival event per customer and a departure event
 * (the FcfsResource's completion), so 2 events per customer. Arrivals stop after `customers`;
 * the run ends when the last one has left. Nothing per finished customer is kept: the sojourn
 * goes into a Welford accumulator, so memory is bounded by the customers in the system.
 */
export function runMm1(customers: number, seed = 1): Mm1Result {
  const sim = new Simulator();
  const server = new FcfsResource(sim, 'server', 'bench', 'cpu', 1);
  const arrivalRng = makeStream(seed, 0, 'bench/mm1/arrivals');
  const serviceRng = makeStream(seed, 0, 'bench/mm1/service');
  const meanGapNs = MS_NS / 0.9;
  const meanServiceNs = MS_NS;
  const sojourn = new Welford();
  let arrived = 0;

  const depart = (arrivalNs: number): void => {
    sojourn.add(sim.nowNs - arrivalNs);
  };
  const arrive = (): void => {
    arrived++;
    const serviceNs = Math.round(-meanServiceNs * Math.log(1 - serviceRng.next()));
    server.submit(serviceNs, depart, sim.nowNs);
    if (arrived < customers) sim.schedule(Math.round(-meanGapNs * Math.log(1 - arrivalRng.next())), arrive);
  };

  const start = process.hrtime.bigint();
  sim.schedule(0, arrive);
  sim.run();
  const wallSeconds = wallSecondsSince(start);
  return {
    events: sim.eventsFired,
    wallSeconds,
    customers: arrived,
    meanSojournMs: sojourn.mean / MS_NS,
    utilization: server.snapshot().utilization,
  };
}

/**
 * PHOLD (Fujimoto): `population` events pending at all times; each firing schedules one new
 * event at now + Exp(1 ms). Runs until `events` have fired. Measures the queue under a steady
 * population, which is the engine's hot path in a large network model.
 */
export function runPhold(events: number, population = 10_000, seed = 1): WorkloadResult {
  const sim = new Simulator();
  const rng = makeStream(seed, 0, 'bench/phold');
  const meanNs = MS_NS;
  const hop = (): void => {
    sim.schedule(Math.round(-meanNs * Math.log(1 - rng.next())), hop);
  };
  for (let i = 0; i < population; i++) sim.schedule(Math.round(-meanNs * Math.log(1 - rng.next())), hop);

  const start = process.hrtime.bigint();
  sim.run({ maxEvents: events });
  return { events: sim.eventsFired, wallSeconds: wallSecondsSince(start) };
}
