import { getHeapStatistics } from 'node:v8';
import type { Argv } from 'yargs';
import { type CostEstimate, estimateCost } from '../../sim/scenario/cost-estimate.js';
import type { Scenario } from '../../sim/scenario/types.js';
import { UsageError } from './errors.js';
import { integerFlag } from './flags.js';

/**
 * The pre-run cost check: before anything runs (and before --out is touched), the estimate of
 * every run this invocation will make is summed and compared with a bound. Above it the command
 * refuses with the estimate and the flag that raises the bound, instead of running for hours or
 * dying of a V8 out-of-memory error.
 */
/**
 * 5e9 estimated events: the estimate is an upper bound, 1.6 to 12 times what a shipped scenario's
 * runs take (docs/inputs.md, `npm run bench -- estimate`), so this admits every shipped scenario and the sweeps the docs show, while a
 * runaway input (a day at 1e8 req/s, 1e6 sessions with no think time) is refused by orders of magnitude.
 */
export const DEFAULT_MAX_EVENTS = 5_000_000_000;

export interface BudgetArgs {
  readonly 'max-events'?: number;
  readonly 'allow-large': boolean;
}

export function withBudgetOptions<T>(y: Argv<T>) {
  return y
    .option('max-events', integerFlag('max-events', 1, 1e15, `refuse when the runs are estimated to take more events than this (default ${DEFAULT_MAX_EVENTS.toExponential(0).replace('e+', 'e')})`))
    .option('allow-large', { type: 'boolean', default: false, describe: 'run even when the estimate passes --max-events or the memory Node can use' });
}

function short(n: number): string {
  return n >= 1e6 ? n.toExponential(1).replace('e+', 'e') : String(Math.round(n));
}

/** Refuses (UsageError) when the runs' estimated events or one run's estimated memory pass the bounds. */
export function checkBudget(runs: readonly { scenario: Scenario; count: number }[], args: BudgetArgs): CostEstimate[] {
  const estimates = runs.map((r) => estimateCost(r.scenario));
  const unbounded = estimates.find((e) => e.unbounded !== null);
  if (unbounded !== undefined) throw new UsageError(`${unbounded.unbounded}`);
  if (args['allow-large']) return estimates;
  const maxEvents = args['max-events'] ?? DEFAULT_MAX_EVENTS;
  const totalRuns = runs.reduce((s, r) => s + r.count, 0);
  const events = estimates.reduce((s, e, i) => s + e.events * runs[i]!.count, 0);
  if (events > maxEvents) {
    const seconds = estimates.reduce((s, e, i) => s + e.seconds * runs[i]!.count, 0);
    throw new UsageError(`estimated at most ${short(events)} events over ${totalRuns} run${totalRuns > 1 ? 's' : ''} (at most about ${short(seconds)} s on one core; an upper bound, shipped scenarios take 6 to 64 % of it), more than --max-events ${short(maxEvents)}; shorten the run, lower the rate or the client count, or raise --max-events (or pass --allow-large)`);
  }
  checkMemory(estimates);
  return estimates;
}

function checkMemory(estimates: readonly CostEstimate[]): void {
  const heapBytes = getHeapStatistics().heap_size_limit;
  const memory = Math.max(...estimates.map((e) => e.memoryBytes));
  if (memory > heapBytes) {
    throw new UsageError(`a run is estimated to need ${short(memory / 1e6)} MB, more than the ${short(heapBytes / 1e6)} MB Node may use here; fewer clients, servers or timeline points, or --allow-large (with node --max-old-space-size)`);
  }
}

/**
 * A capacity search cannot know its probes in advance (each depends on the last), so --max-events
 * is shared: each mode's search may spend an equal part of it, summed over the estimates of the
 * probes it makes, and stops (saying so in its answer) before a probe that would pass its part.
 * Refused here only when not even the first probe of a search fits. Returns each mode's part
 * (Infinity with --allow-large).
 */
export function capacityBudget(firstProbe: Scenario, modes: number, args: BudgetArgs): number {
  const estimate = estimateCost(firstProbe);
  if (estimate.unbounded !== null) throw new UsageError(estimate.unbounded);
  if (args['allow-large']) return Number.POSITIVE_INFINITY;
  const maxEvents = args['max-events'] ?? DEFAULT_MAX_EVENTS;
  const perMode = maxEvents / modes;
  if (estimate.events > perMode) {
    throw new UsageError(`the first probe of the search is estimated at up to ${short(estimate.events)} events, more than a search may spend (--max-events ${short(maxEvents)}${modes > 1 ? ` shared by ${modes} modes: ${short(perMode)} each` : ''}); shorten the run, lower the rate, or raise --max-events (or pass --allow-large)`);
  }
  checkMemory([estimate]);
  return perMode;
}
