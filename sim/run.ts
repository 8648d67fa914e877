/**
 * lbsim's pipeline, one phase per line:
 *
 *   scenario file ─► load (schema, defaults, units, checks; sim/scenario/) ─► frozen Scenario
 *   Scenario × mode × seed × replication ─► build the World (sim/models/world.ts)
 *   ─► run the event loop (sim/engine/) ─► collect (sim/stats/) ─► RunResult (sim/result.ts)
 *
 * Reports (reports/) read RunResults and nothing else.
 */
import { Simulator } from './engine/simulator.js';
import { FcfsResource, PsResource, type Resource, type ResourceSnapshot } from './engine/resource.js';
import { NS_PER_MS, NS_PER_S } from './engine/time.js';
import { RequestFlow } from './models/request-flow.js';
import type { Request } from './models/request.js';
import { World } from './models/world.js';
import type { StageObserver } from './net/route.js';
import type { Mode, NodeTraffic, ResourceResult, RunResult } from './result.js';
import { drainLengthNs } from './scenario/drain-length.js';
import type { Scenario } from './scenario/types.js';
import { BacklogSampler, type BacklogSource } from './stats/backlog-trend.js';
import { findBottleneck, headroom } from './stats/bottleneck.js';
import { Collector } from './stats/collector.js';
import { judgeHealth } from './stats/health.js';
import { FaultInjector } from './failure/fault-injector.js';
import { FrontEndChecks } from './failure/front-end-checks.js';
import { EcmpTier } from './failure/ecmp-tier.js';
import { FrontEndHa } from './failure/front-end-ha.js';
import { FaultLedger } from './stats/fault-ledger.js';
import { faultResults } from './stats/fault-results.js';

export interface RunOptions {
  readonly mode: Mode;
  readonly seed?: number;
  readonly replication?: number;
  /** Sees every stage every train completes (packet traces). */
  readonly observer?: StageObserver;
  /** Wires observers onto the built world before anything runs (packet traces). */
  readonly setup?: (world: World, flow: RequestFlow) => void;
  /** Sees every request as it is issued (common-random-number checks, request traces). */
  readonly onIssue?: (req: Request) => void;
  /** Overrides scenario.run.maxRequests. */
  readonly maxRequests?: number | null;
}

export function runScenario(scenario: Scenario, options: RunOptions): RunResult {
  const seed = options.seed ?? scenario.run.seed;
  const replication = options.replication ?? 0;
  const sim = new Simulator();
  const world = new World(sim, scenario, options.mode, seed, replication);
  if (options.observer !== undefined) world.runner.observer = options.observer;
  const { durationNs, warmupNs, timelineIntervalNs } = scenario.run;
  const maxRequests = options.maxRequests !== undefined ? options.maxRequests : scenario.run.maxRequests;
  const collector = new Collector(scenario.topology.servers.count, warmupNs, timelineIntervalNs);
  const ledger = scenario.faults.length > 0 ? new FaultLedger(scenario.faults.map((f) => f.atNs)) : null;
  const flow = new RequestFlow(world, collector, warmupNs, ledger);
  const checkSpec = world.path.frontEnd === 'director' ? scenario.lvs.healthCheck : world.path.frontEnd === 'proxy' ? scenario.proxy.healthCheck : null;
  const checks = checkSpec === null ? null : new FrontEndChecks(world, checkSpec, ledger);
  checks?.start();
  if (scenario.ha !== null && world.frontEndNodes.length > 0) {
    world.ha = new FrontEndHa(world, scenario.ha, ledger);
    world.ha.start();
  }
  if (scenario.topology.frontEnd.ecmp !== null && world.frontEndNodes.length > 0) world.ecmp = new EcmpTier(world, scenario.topology.frontEnd.ecmp, ledger);
  if (ledger !== null) {
    new FaultInjector(world, scenario.faults, (index, active) => {
      const f = scenario.faults[index]!;
      const t = f.target;
      if (t === null || t.role !== 'front-end' || t.index >= world.frontEndNodes.length) return;
      // A box that dies or is cut off stops advertising and checking; back, it starts again.
      const down = f.kind === 'crash' || f.kind === 'stop' || f.kind === 'black-hole' || (f.kind === 'link' && f.cut);
      if (!down) return;
      world.ha?.boxChanged(t.index, f.kind === 'stop' ? 'stop' : 'crash', active);
      world.ecmp?.boxChanged(t.index, f.kind, active, index);
      if (f.kind === 'black-hole' || f.kind === 'link') return;
      if (active) checks?.stopFrontEnd(t.index);
      else checks?.startFrontEnd(t.index);
    }).schedule();
  }
  if (world.objects !== null && ledger !== null) world.objects.onLimited = (index, nowNs) => ledger.detected(index, nowNs);
  if (options.onIssue !== undefined) flow.onIssue = options.onIssue;
  options.setup?.(world, flow);
  let issued = 0;

  const stopIssuing = (): void => {
    flow.issuing = false;
    sampling = false;
    if (flow.inProgress === 0) sim.stop();
  };
  flow.onIdle = () => sim.stop();
  const issue = (group: number, client: number) => {
    flow.issue(group, client);
    if (maxRequests !== null && ++issued >= maxRequests) stopIssuing();
  };
  flow.issueNext = issue;

  world.groups.forEach((group, g) => {
    if (group.interarrivalNs !== null) {
      // Open loop: Poisson arrivals for the whole group, each to a client drawn uniformly.
      const next = sampleNs(group.interarrivalNs);
      const arrive = (): void => {
        if (!flow.issuing) return;
        issue(g, group.pickClient());
        if (flow.issuing) sim.post(next(), arrive, undefined);
      };
      sim.schedule(next(), arrive);
    } else {
      // Closed loop: sessions start spread evenly over the ramp-up (stratified, no draw needed),
      // each after one think time, so the first wave is not synchronised.
      const think = sampleNs(group.thinkNs!);
      const arrival = scenario.workload.groups[g]!.arrival;
      const rampNs = arrival.kind === 'closed' ? arrival.rampUpNs : 0;
      const count = group.clients.length;
      group.clients.forEach((client, i) => sim.schedule(Math.floor((rampNs * i) / count) + think(), () => {
        if (flow.issuing) issue(g, client.indexInGroup);
      }));
    }
  });

  const resources = world.resources();
  const nodes = world.nodes();
  sim.schedule(warmupNs, () => {
    for (const r of resources) r.resetStats();
    for (const n of nodes) n.traffic.resetTraffic();
  }, undefined, -1);

  // Backlog samples for the health verdict, from outside the models (bounded: BacklogSampler).
  const sampler = new BacklogSampler(backlogSources(resources, flow), Math.max(1, Math.floor((durationNs - warmupNs) / TREND_SAMPLES)));
  let sampling = true;
  const tick = (): void => {
    if (!sampling) return;
    sampler.sample(sim.nowNs);
    sim.schedule(sampler.intervalNs, tick);
  };
  sim.schedule(warmupNs, tick, undefined, 1);

  // The window's figures, taken once when it ends (the drain that follows is not part of them).
  let windowEndNs = -1;
  let snapshots: ResourceSnapshot[] = [];
  let traffic: NodeTraffic[] = [];
  const closeWindow = (): void => {
    windowEndNs = Math.max(sim.nowNs, warmupNs + 1);
    sampling = false;
    sampler.sample(sim.nowNs);
    snapshots = resources.map((r) => r.snapshot());
    traffic = nodes.map((n) => ({
      node: n.id, packetsIn: n.traffic.packetsIn, packetsOut: n.traffic.packetsOut, bytesIn: n.traffic.bytesIn, bytesOut: n.traffic.bytesOut, cpuNs: n.traffic.cpuNs,
    }));
  };

  if (maxRequests === null) {
    // The window ends at the duration; load goes on through a drain (new requests unmeasured) so
    // that requests issued just before the end get their outcome instead of being censored. The
    // run stops when every measured request has closed or the drain is over.
    const drainNs = drainLengthNs(scenario);
    collector.onDrained = () => sim.stop();
    sim.schedule(durationNs, () => {
      closeWindow();
      collector.closeWindow(sim.nowNs);
    }, undefined, 1);
    sim.schedule(durationNs + drainNs, stopIssuing, undefined, 1);
    sim.run({ untilNs: durationNs + drainNs });
  } else {
    // Capped: issuing stops at the cap (or the duration), then the run goes on until every request
    // has finished; the window covers it all, and backlogs are sampled while requests are issued.
    sim.schedule(durationNs, stopIssuing, undefined, 1);
    sim.run({ untilNs: Number.POSITIVE_INFINITY });
    closeWindow();
  }

  const endNs = Math.max(sim.nowNs, warmupNs + 1);
  const windowNs = windowEndNs - warmupNs;
  const resourceResults: ResourceResult[] = snapshots.map((s) => ({
    id: s.id, node: s.node, kind: s.kind, utilization: s.utilization, meanQueue: s.meanQueue, maxQueue: s.maxQueue, dropped: s.dropped,
  }));
  const { servers, imbalance } = collector.servers(world.servers.map((s) => s.node.id));
  const offered = scenario.workload.groups.reduce((s, g) => (g.arrival.kind === 'poisson' ? s + g.arrival.ratePerSecond : s), 0);
  const closed = scenario.workload.groups.some((g) => g.arrival.kind === 'closed');
  const { requests, latencyMs } = collector.finish(endNs, (req) => scenario.workload.groups[req.groupIndex]!.timeoutNs);
  const bottleneck = findBottleneck(snapshots);
  const trendFromNs = warmupNs + windowNs / 2;
  const health = judgeHealth({
    requests,
    bottleneck,
    trends: sampler.trends(trendFromNs),
    errorTolerance: scenario.run.errorTolerance,
    trendSpanSeconds: (windowEndNs - trendFromNs) / NS_PER_S,
  });
  const timeline = collector.timeline(windowEndNs);
  return {
    scenario: scenario.name,
    mode: options.mode,
    seed,
    replication,
    simulatedSeconds: windowNs / NS_PER_S,
    warmupSeconds: warmupNs / NS_PER_S,
    events: sim.eventsFired,
    wallSeconds: null,
    offeredRequestsPerSecond: closed ? null : offered,
    requests,
    throughput: collector.throughput(windowNs),
    latencyMs,
    resources: resourceResults,
    bottleneck,
    headroom: headroom(bottleneck),
    health,
    servers,
    imbalance,
    traffic,
    timeline,
    ...(ledger !== null ? { faults: faultResults(scenario.faults, ledger, timeline, warmupNs) } : {}),
    ...(world.ecmp !== null ? { ecmp: world.ecmp.result() } : {}),
  };
}

/** Samples per window the backlog sampler aims for (it keeps between 128 and 256). */
const TREND_SAMPLES = 128;

/** What the trend test watches: every queue of work (FCFS waiting line, PS jobs) and the requests in the system. */
function backlogSources(resources: readonly Resource[], flow: RequestFlow): BacklogSource[] {
  const out: BacklogSource[] = [];
  for (const r of resources) {
    if (r instanceof FcfsResource) out.push({ id: r.id, read: () => r.waiting });
    else if (r instanceof PsResource) out.push({ id: r.id, read: () => r.present });
  }
  out.push({ id: 'requests in the system', read: () => flow.inProgress });
  return out;
}

function sampleNs(sample: () => number): () => number {
  return () => Math.max(0, Math.round(sample()));
}
