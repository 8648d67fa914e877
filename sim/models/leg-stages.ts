import type { Leg, Role } from '../modes/path-spec.js';
import type { NetNode } from '../net/node.js';
import { wirePackets } from '../net/packets.js';
import { type SoftirqEnd, type Stage, buildLegStages } from '../net/route.js';
import { type RealServer, backendStreamIn, backendStreamOut } from './real-server.js';
import type { Train } from '../net/train.js';
import type { Path } from './paths.js';
import { CPU_ALL, CPU_PROCESS, CPU_SOFTIRQ, type CpuPart } from './proxy.js';
import type { Request } from './request.js';
import type { World } from './world.js';

/**
 * The stages each leg of a message passes through between given ends (sender's softirq and CPU
 * work, NICs, propagation, receiver's softirq and CPU work, Swift's back-end streams), with the
 * costs of the models at those ends: built on first use, then looked up for every message.
 *
 * stageCache[path id][leg][from][to] holds them by the index of the leg's two ends (group or front
 * end, whichever role each end has): dense arrays, so a lookup is three loads. A real server is
 * not in the key: every server shares the same stages, which take the train's own server where
 * they run (route.ts), and the costs here ask that server (`serverOf`).
 */
export class LegStages {
  private readonly stageCache: (Stage[] | undefined)[][][][] = [[], [], [], [], [], []];

  constructor(private readonly world: World) {}

  /** The real server a train is bound for: its request's. */
  readonly serverOf = (t: Train): RealServer => this.world.servers[(t.context as Request).server]!;

  /** Stages of leg `k` of `path` between the given group and front end, and whichever server the train is bound for. */
  stagesFor(path: Path, k: number, group: number, frontEnd: number): Stage[] {
    const leg = path.legs[k]!;
    const from = roleIndex(leg.from, group, frontEnd);
    const to = roleIndex(leg.to, group, frontEnd);
    const legs = this.stageCache[path.id]!;
    // Sized once to the roles' counts, so that filling them in any order keeps them dense.
    const byFrom = (legs[k] ??= new Array<(Stage[] | undefined)[]>(this.roleCount(leg.from)));
    const byTo = (byFrom[from] ??= new Array<Stage[] | undefined>(this.roleCount(leg.to)));
    let stages = byTo[to];
    if (stages === undefined) {
      stages = this.buildLeg(path, k, group, frontEnd);
      byTo[to] = stages;
    }
    return stages;
  }

  /** How many nodes play `role`: the range of roleIndex for it. */
  private roleCount(role: Role): number {
    return role === 'client' ? this.world.groups.length : role === 'front-end' ? this.world.frontEndNodes.length : 1;
  }

  private buildLeg(path: Path, k: number, group: number, frontEnd: number): Stage[] {
    const leg = path.legs[k]!;
    const prev = k > 0 ? path.legs[k - 1]! : null;
    const last = k === path.legs.length - 1;
    const nodes: Record<Role, NetNode | null> = {
      client: this.world.groups[group]!.node,
      'front-end': frontEnd >= 0 ? this.world.frontEndNodes[frontEnd]! : null,
      // Any server stands for them all (they are built alike); the stages take the train's own.
      server: this.world.servers[0]?.node ?? null,
    };
    const fragment = this.world.scenario.lvs.tunPmtu === 'fragment';
    // Work at the sender: a server sending, or a front end that starts the message (legIn null) or
    // forwards it from the previous leg: the crossing is charged where the packets leave.
    // A front end with RSS runs its softirq part on its receive queues and the rest in process context.
    const feQueues = frontEnd >= 0 ? this.world.frontEndNodes[frontEnd]!.rxQueues : null;
    const fePart: CpuPart = feQueues === null ? CPU_ALL : CPU_PROCESS;
    const senderCost = (role: Role): ((t: Train, legOut: Leg) => number) | null => {
      if (role === 'server') return (t, legOut) => this.serverOf(t).sendCost(t, legOut);
      if (role === 'front-end') return (t, legOut) => this.frontEndCost(frontEnd, t, prev, legOut, fragment, fePart);
      return null;
    };
    const receiverCost = (role: Role): ((t: Train, legIn: Leg) => number) | null => {
      if (!last) return null;
      if (role === 'server') return (t, legIn) => this.serverOf(t).receiveCost(t, legIn);
      if (role === 'front-end') return (t, legIn) => this.frontEndCost(frontEnd, t, legIn, null, fragment, fePart);
      return null;
    };
    // The queue is the one the received flow hashes to (for a train that starts here, its own connection's).
    const sourceSoftirq: SoftirqEnd | null = feQueues !== null && leg.from === 'front-end'
      ? { cost: (t, legOut) => this.frontEndCost(frontEnd, t, prev, legOut, fragment, CPU_SOFTIRQ), flowKey: (t, legOut) => connRssKey(t, (prev ?? legOut).conn) }
      : null;
    const feSinkSoftirq: SoftirqEnd | null = feQueues !== null && last && leg.to === 'front-end'
      ? { cost: (t, legIn) => this.frontEndCost(frontEnd, t, legIn, null, fragment, CPU_SOFTIRQ), flowKey: (t, legIn) => connRssKey(t, legIn.conn) }
      : null;
    // Swift streams: a GET body comes in from the object server as the response leaves; a PUT body goes on to the replicas as it arrives.
    const serverQueues = nodes.server?.rxQueues ?? null;
    const sinkSoftirq: SoftirqEnd | null = last && leg.to === 'server' && serverQueues !== null
      ? { cost: (t, legIn) => this.serverOf(t).receiveKernelCost(t, legIn), flowKey: this.rssFlowKey(frontEnd) }
      : null;
    const streamIn = path.kind === 'response' && k === 0 && leg.from === 'server' ? backendStreamIn(leg.conn) : null;
    const streamOut = path.kind === 'request' && last && leg.to === 'server' ? backendStreamOut(leg.conn, this.world.scenario.topology.backend.replicas) : null;
    return buildLegStages(leg, {
      nodes,
      clientRttNs: this.world.scenario.workload.groups[group]!.rttNs,
      lanDelayNs: this.world.scenario.topology.lanDelayNs,
      sourceCost: senderCost(leg.from),
      sinkCost: receiverCost(leg.to),
      sinkSoftirq: sinkSoftirq ?? feSinkSoftirq,
      sourceSoftirq,
      fragmentEncapsulated: fragment,
      headerBytes: this.world.headerBytes,
      streamIn,
      streamOut,
    });
  }

  /**
   * What a server's NIC hashes for RSS on a leg: the connection's own 4-tuple, except for
   * IP-in-IP when the NIC hashes the outer header: director → server, the same for every flow.
   */
  private rssFlowKey(frontEnd: number): (t: Train, legIn: Leg) => number {
    const inner = this.world.scenario.topology.servers.rss.tunnelInnerHash;
    return (t, legIn) => {
      if (legIn.extraHeaderBytes > 0 && !inner) return (0x10000 + frontEnd) * 0x10000 + this.serverOf(t).index;
      return connRssKey(t, legIn.conn);
    };
  }

  /**
   * A front end's CPU for a train, or one part of it (`part`, with RSS): a director has no
   * application, so all its forwarding is softirq work and its process part is nothing.
   */
  private frontEndCost(f: number, t: Train, legIn: Leg | null, legOut: Leg | null, fragment: boolean, part: CpuPart): number {
    if (this.world.path.frontEnd === 'director') {
      if (legIn === null || part === CPU_PROCESS) return 0;
      const tier = this.world.ha ?? this.world.ecmp;
      if (tier !== null && legIn.from === 'client') tier.packetsIn((t.context as Request).conn!, wirePackets(t.flows[legIn.conn]!, false));
      return this.world.directors[f]!.cost(t, legIn, legOut, fragment && (legOut?.extraHeaderBytes ?? 0) > 0);
    }
    return this.world.proxies[f]!.cost(t, legIn, legOut, part);
  }
}

/** The index of the node playing `role` on a leg: its group or front end (0 for a server: they share their stages). */
function roleIndex(role: Role, group: number, frontEnd: number): number {
  return role === 'client' ? group : role === 'front-end' ? frontEnd : 0;
}

/** The RSS flow key of a train's connection on a leg (the client's, or the proxy's to the server). */
function connRssKey(t: Train, conn: 0 | 1): number {
  const req = t.context as Request;
  return (conn === 0 ? req.conn! : req.serverConn!).rssKey;
}
