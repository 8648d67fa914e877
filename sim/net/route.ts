import type { PsResource, Resource } from '../engine/resource.js';
import type { Simulator } from '../engine/simulator.js';
import type { Leg, Role } from '../modes/path-spec.js';
import { type NetNode, REACH_UP, type Reach } from './node.js';
import { wireBytes, wirePackets } from './packets.js';
import type { Train } from './train.js';

/**
 * The packet-path interpreter. A leg of a mode's path (sim/modes/mode-table.ts) becomes the list of
 * stages a train crosses between the two nodes at its ends, built once per leg and client and
 * front-end node:
 *
 *   [sender CPU] → tx NIC → propagation → rx NIC → [receiver CPU]
 *
 * A front end in the middle of a path is the receiver of one leg and the sender of the next; its
 * crossing work is charged as the next leg's sender CPU, after it has decided where to send.
 * Each stage is one event (a CPU job, a fair-shared NIC transfer, or a delay), so a request costs a
 * fixed, small number of events whatever its size, while the packet and byte counts charged at
 * each stage are exact per the rules in packets.ts.
 *
 * A stage at a real server names no server: its node is null, and the interpreter takes the
 * train's own server (`RouteRunner.serverOf`) when the train gets there. So one list serves every
 * server. That is for memory, not style: with a thousand servers, lists per server would be
 * megabytes, each list visited once per thousand requests, and reading a stage would mean a cache
 * miss where a shared list stays in cache. A stage reaches its resources through its node
 * (`rx`/`tx`, `cpu`, `rxQueues`), so nothing in it depends on which server it runs on.
 */
export const CPU = 0;
export const NIC = 1;
export const DELAY = 2;
/** A back-end transfer overlapped with the front-end one (Swift streaming to or from object servers). */
export const STREAM = 3;
/** Receive softirq work on the core of the receive queue the packets' flow hashes to (rss.ts). */
export const SOFTIRQ = 4;

/** The node of a stage: a given one, or null for the train's real server (see above). */
export type StageNode = NetNode | null;

export interface CpuStage {
  readonly kind: typeof CPU;
  /** Its `cpu` does the work. */
  readonly node: StageNode;
  readonly cost: (train: Train) => number;
}
export interface NicStage {
  readonly kind: typeof NIC;
  /** Its `rx` (inbound) or `tx` carries the train; a null one is an unlimited link (packets and bytes are counted, no time passes). */
  readonly node: StageNode;
  readonly inbound: boolean;
  readonly leg: Leg;
  readonly fragment: boolean;
  /** TCP/IP header bytes per packet (52 with timestamps). */
  readonly headerBytes: number;
}
export interface DelayStage {
  readonly kind: typeof DELAY;
  readonly delayNs: number;
  readonly leg: Leg;
  /** The leg's ends: a degraded link at either adds its extra delay. */
  readonly from: StageNode;
  readonly to: StageNode;
}
/** Always at the train's real server, over its back-end NIC. */
export interface StreamStage {
  readonly kind: typeof STREAM;
  /** From the object servers (a GET body: the back-end rx), or on to them (a PUT body: tx). */
  readonly inbound: boolean;
  /** Bytes this train moves over the back-end link (0: none, e.g. a GET's request). */
  readonly bytes: (train: Train) => number;
}
export interface SoftirqStage {
  readonly kind: typeof SOFTIRQ;
  /** Its `rxQueues` take the work, on the queue the flow key hashes to. */
  readonly node: StageNode;
  readonly cost: (train: Train) => number;
  /** The flow key the NIC hashes (the header it sees: the inner 5-tuple, or an IP-in-IP outer header). */
  readonly flowKey: (train: Train) => number;
}
export type Stage = CpuStage | NicStage | DelayStage | StreamStage | SoftirqStage;

/** What a stage at a real server needs of the one a train is bound for. */
export interface ServerEnd {
  readonly node: NetNode;
  /** The back-end NIC, towards the object servers. */
  readonly backendRx: PsResource;
  readonly backendTx: PsResource;
}

/** Where a stage ran for one train: its node (null for a propagation delay) and the resource that served it (null: an unlimited link, or a delay). */
export interface StageSite {
  readonly node: NetNode | null;
  readonly resource: Resource | null;
}

/** Observes every stage a train completes (for packet traces); absent, it costs one branch. */
export type StageObserver = (train: Train, stage: Stage, enteredNs: number, leftNs: number, site: StageSite) => void;

/** Softirq work at one end of a leg (on that node's `rxQueues`): its cost, and the flow key the NIC hashes to pick the queue. */
export interface SoftirqEnd {
  readonly cost: (train: Train, leg: Leg) => number;
  readonly flowKey: (train: Train, leg: Leg) => number;
}

export interface RouteEnds {
  /**
   * The node playing each role (null: none on this path). For 'server' it is any one of the real
   * servers, all built alike: it says which stages a server has (CPU, receive queues), and the
   * stages at a server name no node (the train's own server is taken when it gets there).
   */
  readonly nodes: Readonly<Record<Role, NetNode | null>>;
  readonly clientRttNs: number;
  readonly lanDelayNs: number;
  /** Work at the sender before transmission, and at the receiver after reception (null: none). */
  readonly sourceCost: ((train: Train, legOut: Leg) => number) | null;
  readonly sinkCost: ((train: Train, legIn: Leg) => number) | null;
  /** The receiver's softirq work on its RSS queue's core, before sinkCost (null: none, or no RSS). */
  readonly sinkSoftirq: SoftirqEnd | null;
  /** The sender's softirq work (what a front end's kernel does for the train: receiving it, its own ACKs), before sourceCost. */
  readonly sourceSoftirq: SoftirqEnd | null;
  /** Fragment full-size packets on legs with encapsulation (LVS-TUN with pmtu_disc=0). */
  readonly fragmentEncapsulated: boolean;
  readonly headerBytes: number;
  /** Back-end streaming before the sender's CPU (GET body from an object server) and after the receiver's (PUT body to the replicas). */
  readonly streamIn: StreamStage | null;
  readonly streamOut: StreamStage | null;
}

function nodeOf(ends: RouteEnds, role: Role): NetNode {
  const node = ends.nodes[role];
  if (node === null) throw new Error(`route needs a ${role} node`);
  return node;
}

/** The node a stage names for a role: none for a real server (the train's own is taken). */
function stageNode(role: Role, node: NetNode): StageNode {
  return role === 'server' ? null : node;
}

export function buildLegStages(leg: Leg, ends: RouteEnds): Stage[] {
  const from = nodeOf(ends, leg.from);
  const to = nodeOf(ends, leg.to);
  const fromAt = stageNode(leg.from, from);
  const toAt = stageNode(leg.to, to);
  const fragment = ends.fragmentEncapsulated && leg.extraHeaderBytes > 0;
  const stages: Stage[] = [];
  const { sourceCost, sinkCost } = ends;
  const headerBytes = ends.headerBytes;
  if (ends.streamIn !== null) stages.push(ends.streamIn);
  const sourceSoftirq = ends.sourceSoftirq;
  if (sourceSoftirq !== null && from.rxQueues !== null) stages.push({ kind: SOFTIRQ, node: fromAt, cost: (t) => sourceSoftirq.cost(t, leg), flowKey: (t) => sourceSoftirq.flowKey(t, leg) });
  if (sourceCost !== null && from.cpu !== null) stages.push({ kind: CPU, node: fromAt, cost: (t) => sourceCost(t, leg) });
  stages.push({ kind: NIC, node: fromAt, inbound: false, leg, fragment, headerBytes });
  stages.push({ kind: DELAY, delayNs: leg.link === 'access' ? Math.round(ends.clientRttNs / 2) : ends.lanDelayNs, leg, from: fromAt, to: toAt });
  stages.push({ kind: NIC, node: toAt, inbound: true, leg, fragment, headerBytes });
  const softirq = ends.sinkSoftirq;
  if (softirq !== null && to.rxQueues !== null) stages.push({ kind: SOFTIRQ, node: toAt, cost: (t) => softirq.cost(t, leg), flowKey: (t) => softirq.flowKey(t, leg) });
  if (sinkCost !== null && to.cpu !== null) stages.push({ kind: CPU, node: toAt, cost: (t) => sinkCost(t, leg) });
  if (ends.streamOut !== null) stages.push(ends.streamOut);
  return stages;
}

/**
 * A train met a node that does not answer normally (a fault): `reach` says how. The train stops
 * there; its owner decides what the sender learns (nothing, or a reset).
 */
export type BlockedHandler = (train: Train, node: NetNode, reach: Reach) => void;

/** Moves trains along their stages. One instance per simulation; `advance` is the only event handler. */
export class RouteRunner {
  observer: StageObserver | null = null;
  onBlocked: BlockedHandler = () => {};
  /** Called when a train has crossed the last stage of a leg, before its message moves on. */
  onDelivered: ((train: Train) => void) | null = null;
  /** Where a train goes after a leg (set by the transport). */
  onLegDone: (train: Train) => void = () => {};
  /** The real server a train is bound for (set by the world): where its stages at a server run. */
  serverOf: (train: Train) => ServerEnd = () => {
    throw new Error('route: no server resolver');
  };
  private readonly enteredNs = new WeakMap<Train, number>();

  constructor(private readonly sim: Simulator) {}

  start(train: Train, stages: readonly Stage[]): void {
    train.stages = stages;
    train.pos = 0;
    this.advance(train);
  }

  readonly advance = (train: Train): void => {
    const stages = train.stages as readonly Stage[];
    if (this.observer !== null && train.pos > 0) this.report(train, stages);
    if (train.afterFirstStage !== null && train.pos > 0) {
      const follow = train.afterFirstStage;
      train.afterFirstStage = null;
      follow();
    }
    while (train.pos < stages.length) {
      const stage = stages[train.pos++]!;
      if (this.observer !== null) this.enteredNs.set(train, this.sim.nowNs);
      if (stage.kind === NIC) {
        const node = stage.node ?? this.serverOf(train).node;
        if (node.reach !== REACH_UP) {
          this.onBlocked(train, node, node.reach);
          return;
        }
        const flow = train.flows[stage.leg.conn]!;
        const packets = wirePackets(flow, stage.fragment);
        const bytes = wireBytes(flow, stage.headerBytes, stage.leg.extraHeaderBytes, stage.fragment);
        const traffic = node.traffic;
        if (stage.inbound) {
          traffic.packetsIn += packets;
          traffic.bytesIn += bytes;
        } else {
          traffic.packetsOut += packets;
          traffic.bytesOut += bytes;
        }
        const nic = stage.inbound ? node.rx : node.tx;
        if (bytes > 0 && nic !== null) {
          nic.transfer(bytes, packets, this.advance, train);
          return;
        }
      } else if (stage.kind === CPU) {
        const node = stage.node ?? this.serverOf(train).node;
        const ns = Math.round(stage.cost(train) * node.cpuFactor);
        if (ns > 0) {
          node.traffic.cpuNs += ns;
          // Handshake packets are kernel work (softirq): they go ahead of queued application work.
          if (train.kind === 'syn' || train.kind === 'syn-ack') node.cpu!.submitUrgent(ns, this.advance, train);
          else node.cpu!.submit(ns, this.advance, train);
          return;
        }
      } else if (stage.kind === SOFTIRQ) {
        const node = stage.node ?? this.serverOf(train).node;
        const ns = Math.round(stage.cost(train) * node.cpuFactor);
        if (ns > 0) {
          node.traffic.cpuNs += ns;
          const queues = node.rxQueues!;
          queues.submit(queues.queueOf(stage.flowKey(train)), ns, this.advance, train);
          return;
        }
      } else if (stage.kind === STREAM) {
        const bytes = stage.bytes(train);
        if (bytes > 0) {
          const server = this.serverOf(train);
          (stage.inbound ? server.backendRx : server.backendTx).submit(bytes, this.advance, train);
          return;
        }
      } else {
        const from = stage.from ?? this.serverOf(train).node;
        const to = stage.to ?? this.serverOf(train).node;
        const delayNs = stage.delayNs + from.extraDelayNs + to.extraDelayNs;
        if (delayNs > 0) {
          this.sim.post(delayNs, this.advance, train);
          return;
        }
      }
    }
    if (this.onDelivered !== null) this.onDelivered(train);
    this.onLegDone(train);
  };

  private report(train: Train, stages: readonly Stage[]): void {
    const stage = stages[train.pos - 1];
    const entered = this.enteredNs.get(train);
    if (stage !== undefined && entered !== undefined) this.observer!(train, stage, entered, this.sim.nowNs, this.siteOf(train, stage));
  }

  /** The node and resource a stage ran on for this train. */
  siteOf(train: Train, stage: Stage): StageSite {
    if (stage.kind === DELAY) return { node: null, resource: null };
    if (stage.kind === STREAM) {
      const server = this.serverOf(train);
      return { node: server.node, resource: stage.inbound ? server.backendRx : server.backendTx };
    }
    const node = stage.node ?? this.serverOf(train).node;
    if (stage.kind === NIC) return { node, resource: stage.inbound ? node.rx : node.tx };
    return { node, resource: stage.kind === CPU ? node.cpu : node.rxQueues };
  }
}
