import { MODE_TABLE } from '../sim/modes/mode-table.js';
import type { Mode, RunResult } from '../sim/result.js';
import type { Scenario } from '../sim/scenario/types.js';
import type { RawScenario } from './raw-scenario.js';
import type { RunPool } from './run-pool.js';
import type { ScenarioEdit } from './scenario-edit.js';
import { searchMaxFactor, searchMinCount, type Probe } from './search.js';

/**
 * Capacity questions for one mode, answered by searches whose probes are simulation runs on the
 * worker pool, all with the same seed and replication 0 (common random numbers):
 *   maxRate     the highest offered rate meeting the SLO, scaling every Poisson group's rate by one factor;
 *   fewestNodes at a target offered rate, the fewest servers (front end ample), then the fewest
 *               front-end nodes with that many servers (modes with a front end only).
 */
export interface Evaluation {
  readonly offeredRequestsPerSecond: number;
  readonly servers: number;
  /** null for modes without a front end. */
  readonly frontEnds: number | null;
  readonly meets: boolean;
  readonly violations: readonly string[];
  readonly throughputRequestsPerSecond: number;
  readonly latencyMs: RunResult['latencyMs'];
  readonly errorRatio: number;
  readonly bottleneck: string;
  readonly bottleneckUtilization: number;
}

export interface Verdict {
  readonly meets: boolean;
  /** (failed + timedOut) / issued. */
  readonly errorRatio: number;
  /** What broke the objective; empty when it is met. */
  readonly violations: readonly string[];
}

export interface CapacityContext {
  readonly base: RawScenario;
  readonly pool: RunPool;
  readonly seed: number;
  /** Whether a run meets the objective (the caller's SLO), and why not. */
  readonly judge: (result: RunResult) => Verdict;
  /** Called after every probe (progress lines). */
  readonly onProbe: (mode: Mode, e: Evaluation) => void;
  /**
   * The estimated events each mode's search may spend (its share of --max-events; Infinity when
   * unbounded), and the estimate of one probe. A search stops before the probe that would pass
   * its share, so which probes run never depends on how the modes' searches interleave.
   */
  readonly eventsPerMode: number;
  readonly estimateEvents: (set: readonly ScenarioEdit[]) => number;
}

/** Where a search stopped for want of budget: the value it would have probed next, and that probe's estimate. */
export interface BudgetStop {
  /** max-rate: the offered req/s; fewest-nodes: the server (or front-end) count. */
  readonly value: number;
  readonly estimatedEvents: number;
}

/** One mode's share of the event budget: a probe of `set` is made (`probe()`) or refused (null) once the share would be passed. */
function budgeted(ctx: CapacityContext): { run: <D>(set: readonly ScenarioEdit[], probe: () => Promise<D>) => Promise<D | null>; stop: (value: number) => BudgetStop | null } {
  let spent = 0;
  let refused: number | null = null;
  return {
    run: async (set, probe) => {
      const events = ctx.estimateEvents(set);
      if (spent + events > ctx.eventsPerMode) {
        refused = events;
        return null;
      }
      spent += events;
      return probe();
    },
    stop: (value) => (refused === null ? null : { value, estimatedEvents: refused }),
  };
}

/** The scenario has no open-loop group, so there is no offered rate to scale (a usage error at the CLI). */
export class NoOpenLoopGroup extends Error {}

export function hasFrontEnd(mode: Mode): boolean {
  return MODE_TABLE[mode].frontEnd !== 'none';
}

/** The Poisson groups' rate fields and their sum: what one factor scales. Throws when there is none. */
export function poissonRates(base: RawScenario): { settings: (factor: number) => ScenarioEdit[]; offeredPerSecond: number } {
  const groups = base.scenario.workload.groups;
  const indexes = groups.map((g, i) => (g.arrival.kind === 'poisson' ? i : -1)).filter((i) => i >= 0);
  if (indexes.length === 0) throw new NoOpenLoopGroup(`capacity: ${base.file} has no Poisson (open-loop) client group, so there is no offered rate to scale`);
  const rate = (i: number): number => (groups[i]!.arrival as { ratePerSecond: number }).ratePerSecond;
  return {
    offeredPerSecond: indexes.reduce((s, i) => s + rate(i), 0),
    settings: (factor) => indexes.map((i) => ({ path: ['workload', 'groups', i, 'arrival', 'rate'], value: rate(i) * factor })),
  };
}

async function evaluate(ctx: CapacityContext, mode: Mode, set: ScenarioEdit[], servers: number, frontEnds: number): Promise<Evaluation> {
  const { result } = await ctx.pool.run({ scenario: ctx.base.raw, file: ctx.base.file, set, mode, seed: ctx.seed, replication: 0 });
  const check = ctx.judge(result);
  const e: Evaluation = {
    offeredRequestsPerSecond: result.offeredRequestsPerSecond ?? 0,
    servers,
    frontEnds: hasFrontEnd(mode) ? frontEnds : null,
    meets: check.meets,
    violations: check.violations,
    throughputRequestsPerSecond: result.throughput.requestsPerSecond,
    latencyMs: result.latencyMs,
    errorRatio: check.errorRatio,
    bottleneck: result.bottleneck.resource,
    bottleneckUtilization: result.bottleneck.utilization,
  };
  ctx.onProbe(mode, e);
  return e;
}

export interface MaxRateResult {
  readonly mode: Mode;
  /** The highest offered rate seen to meet the SLO (null: not even the smallest tried). */
  readonly maxOfferedRequestsPerSecond: number | null;
  /** Whether the search stopped at its upper limit still meeting the SLO (the true maximum is higher). */
  readonly atSearchLimit: boolean;
  readonly atMax: Evaluation | null;
  readonly firstFailing: Evaluation | null;
  readonly probes: readonly Evaluation[];
  /** The search stopped before it was done: its next probe would have passed the event budget. */
  readonly budgetStop: BudgetStop | null;
}

export async function maxRate(ctx: CapacityContext, mode: Mode, opts: { relativeTolerance: number; maxSteps: number }): Promise<MaxRateResult> {
  const rates = poissonRates(ctx.base);
  const { servers, frontEnd } = ctx.base.scenario.topology;
  const budget = budgeted(ctx);
  const search = await searchMaxFactor<Evaluation>(async (f) => {
    const set = rates.settings(f);
    const e = await budget.run(set, () => evaluate(ctx, mode, set, servers.count, frontEnd.count));
    return e === null ? null : { meets: e.meets, detail: e };
  }, opts);
  return {
    mode,
    maxOfferedRequestsPerSecond: search.best?.detail.offeredRequestsPerSecond ?? null,
    atSearchLimit: search.best !== null && search.firstFailing === null,
    atMax: search.best?.detail ?? null,
    firstFailing: search.firstFailing?.detail ?? null,
    probes: search.probes.map((p: Probe<Evaluation>) => p.detail),
    budgetStop: search.stoppedAt === null ? null : budget.stop(search.stoppedAt * rates.offeredPerSecond),
  };
}

export interface FewestNodesResult {
  readonly mode: Mode;
  readonly targetRequestsPerSecond: number;
  /** null when no count up to the limit met the SLO (or the search stopped before one did). */
  readonly servers: number | null;
  readonly frontEnds: number | null;
  readonly atAnswer: Evaluation | null;
  readonly probes: readonly Evaluation[];
  /** The search stopped before it was done: its next probe would have passed the event budget. */
  readonly budgetStop: BudgetStop | null;
}

export async function fewestNodes(ctx: CapacityContext, mode: Mode, opts: { targetRequestsPerSecond: number; maxServers: number; maxFrontEnds: number }): Promise<FewestNodesResult> {
  const rates = poissonRates(ctx.base);
  const load = rates.settings(opts.targetRequestsPerSecond / rates.offeredPerSecond);
  const probes: Evaluation[] = [];
  const budget = budgeted(ctx);
  const run = async (servers: number, frontEnds: number | null): Promise<{ meets: boolean; detail: Evaluation } | null> => {
    const set: ScenarioEdit[] = [...load, { path: ['topology', 'servers', 'count'], value: servers }];
    if (frontEnds !== null) set.push({ path: ['topology', 'frontEnd', 'count'], value: frontEnds });
    const e = await budget.run(set, () => evaluate(ctx, mode, set, servers, frontEnds ?? ctx.base.scenario.topology.frontEnd.count));
    if (e === null) return null;
    probes.push(e);
    return { meets: e.meets, detail: e };
  };
  const answer = (servers: number | null, frontEnds: number | null, atAnswer: Evaluation | null, stoppedAt: number | null): FewestNodesResult => ({
    mode, targetRequestsPerSecond: opts.targetRequestsPerSecond, servers, frontEnds, atAnswer, probes,
    budgetStop: stoppedAt === null ? null : budget.stop(stoppedAt),
  });
  const front = hasFrontEnd(mode);
  const servers = await searchMinCount((n) => run(n, front ? opts.maxFrontEnds : null), opts.maxServers);
  if (servers.best === null || !front) return answer(servers.best?.value ?? null, null, servers.best?.detail ?? null, servers.stoppedAt);
  const s = servers.best.value;
  const atMaxFrontEnds = servers.best.detail;
  const frontEnds = await searchMinCount((f) => (f === opts.maxFrontEnds ? Promise.resolve({ meets: true, detail: atMaxFrontEnds }) : run(s, f)), opts.maxFrontEnds);
  // Stopped before a smaller count met: the ample count the servers were found with is the answer known.
  const best = frontEnds.best ?? { value: opts.maxFrontEnds, detail: atMaxFrontEnds };
  return answer(s, best.value, best.detail, servers.stoppedAt ?? frontEnds.stoppedAt);
}

/** The seed of every probe: --seed, else the scenario's run.seed. */
export function capacitySeed(seed: number | undefined, scenario: Scenario): number {
  return seed ?? scenario.run.seed;
}
