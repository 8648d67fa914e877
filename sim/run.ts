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
import { NS_PER_S } from './engine/time.js';
import { RequestFlow } from './models/request-flow.js';
import type { Request } from './models/request.js';
import { World } from './models/world.js';
import type { StageObserver } from './net/route.js';
import type { Mode, NodeTraffic, ResourceResult, RunResult } from './result.js';
import type { Scenario } from './scenario/types.js';
import { Collector, findBottleneck } from './stats/collector.js';
import { FaultInjector } from './failure/fault-injector.js';
import { FrontEndChecks } from './failure/front-end-checks.js';
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
  if (ledger !== null) {
    new FaultInjector(world, scenario.faults, (index, active) => {
      const f = scenario.faults[index]!;
      const t = f.target;
      if (t === null || t.role !== 'front-end' || t.index >= world.frontEndNodes.length) return;
      // A box that dies or is cut off stops advertising and checking; back, it starts again.
      const down = f.kind === 'crash' || f.kind === 'stop' || f.kind === 'black-hole' || (f.kind === 'link' && f.cut);
      if (!down) return;
      world.ha?.boxChanged(t.index, f.kind === 'stop' ? 'stop' : 'crash', active);
      if (f.kind === 'black-hole' || f.kind === 'link') return;
      if (active) checks?.stopFrontEnd(t.index);
      else checks?.startFrontEnd(t.index);
    }).schedule();
  }
  if (options.onIssue !== undefined) flow.onIssue = options.onIssue;
  options.setup?.(world, flow);
  let issued = 0;

  const stopIssuing = () => {
    flow.issuing = false;
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
        if (flow.issuing) sim.schedule(next(), arrive);
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
    for (const n of nodes) n.traffic.reset();
  }, undefined, -1);
  sim.schedule(durationNs, stopIssuing, undefined, 1);
  sim.run({ untilNs: maxRequests === null ? durationNs : Number.POSITIVE_INFINITY });

  const endNs = Math.max(sim.nowNs, warmupNs + 1);
  const windowNs = endNs - warmupNs;
  const snapshots = resources.map((r) => r.snapshot());
  const resourceResults: ResourceResult[] = snapshots.map((s) => ({
    id: s.id, node: s.node, kind: s.kind, utilization: s.utilization, meanQueue: s.meanQueue, maxQueue: s.maxQueue, dropped: s.dropped,
  }));
  const { servers, imbalance } = collector.servers(world.servers.map((s) => s.node.id));
  const traffic: NodeTraffic[] = nodes.map((n) => ({
    node: n.id, packetsIn: n.traffic.packetsIn, packetsOut: n.traffic.packetsOut, bytesIn: n.traffic.bytesIn, bytesOut: n.traffic.bytesOut, cpuNs: n.traffic.cpuNs,
  }));
  const offered = scenario.workload.groups.reduce((s, g) => (g.arrival.kind === 'poisson' ? s + g.arrival.ratePerSecond : s), 0);
  const closed = scenario.workload.groups.some((g) => g.arrival.kind === 'closed');
  const timeline = collector.timeline(endNs);
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
    requests: collector.counts(endNs, (req) => scenario.workload.groups[req.groupIndex]!.timeoutNs),
    throughput: collector.throughput(windowNs),
    latencyMs: collector.latencyMs(),
    resources: resourceResults,
    bottleneck: findBottleneck(snapshots),
    servers,
    imbalance,
    traffic,
    timeline,
    ...(ledger !== null ? { faults: faultResults(scenario.faults, ledger, timeline, warmupNs) } : {}),
  };
}

function sampleNs(sample: () => number): () => number {
  return () => Math.max(0, Math.round(sample()));
}
