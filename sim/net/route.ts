import type { FcfsResource, PsResource } from '../engine/resource.js';
import type { NicResource } from './nic.js';
import type { RssQueues } from './rss.js';
import type { Simulator } from '../engine/simulator.js';
import type { Leg, Role } from '../modes/path-spec.js';
import { type NetNode, REACH_UP, type Reach } from './node.js';
import { wireBytes, wirePackets } from './packets.js';
import type { Train } from './train.js';

/**
 * The packet-path interpreter. A leg of a mode's path (sim/modes/mode-table.ts) becomes the list of
 * stages a train crosses between the two nodes at its ends, built once per (leg, nodes):
 *
 *   [sender CPU] → tx NIC → propagation → rx NIC → [receiver CPU]
 *
 * A front end in the middle of a path is the receiver of one leg and the sender of the next; its
 * crossing work is charged as the next leg's sender CPU, after it has decided where to send.
 * Each stage is one event (a CPU job, a fair-shared NIC transfer, or a delay), so a request costs a
 * fixed, small number of events whatever its size, while the packet and byte counts charged at
 * each stage are exact per the rules in packets.ts.
 */
export const CPU = 0;
export const NIC = 1;
export const DELAY = 2;
/** A back-end transfer overlapped with the front-end one (Swift streaming to or from object servers). */
export const STREAM = 3;
/** Receive softirq work on the core of the receive queue the packets' flow hashes to (rss.ts). */
export const SOFTIRQ = 4;

export interface CpuStage {
  readonly kind: typeof CPU;
  readonly node: NetNode;
  readonly resource: FcfsResource;
  readonly cost: (train: Train) => number;
}
export interface NicStage {
  readonly kind: typeof NIC;
  readonly node: NetNode;
  /** null: an unlimited link (packets and bytes are counted, no time passes). */
  readonly resource: NicResource | null;
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
  readonly from: NetNode;
  readonly to: NetNode;
}
export interface StreamStage {
  readonly kind: typeof STREAM;
  readonly resource: PsResource;
  /** Bytes this train moves over the back-end link (0: none, e.g. a GET's request). */
  readonly bytes: (train: Train) => number;
}
export interface SoftirqStage {
  readonly kind: typeof SOFTIRQ;
  readonly node: NetNode;
  readonly queues: RssQueues;
  readonly cost: (train: Train) => number;
  /** The flow key the NIC hashes (the header it sees: the inner 5-tuple, or an IP-in-IP outer header). */
  readonly flowKey: (train: Train) => number;
}
export type Stage = CpuStage | NicStage | DelayStage | StreamStage | SoftirqStage;

/** Observes every stage a train completes (for packet traces); absent, it costs one branch. */
export type StageObserver = (train: Train, stage: Stage, enteredNs: number, leftNs: number) => void;

/** Softirq work at one end of a leg: its cost, and the flow key the NIC hashes to pick the queue. */
export interface SoftirqEnd {
  readonly queues: RssQueues;
  readonly cost: (train: Train, leg: Leg) => number;
  readonly flowKey: (train: Train, leg: Leg) => number;
}

export interface RouteEnds {
  readonly nodes: Readonly<Record<Role, NetNode | null>>;
  readonly clientRttNs: number;
  readonly lanDelayNs: number;
  /** Work at the sender before transmission, and at the receiver after reception (null: none). */
  readonly sourceCost: ((train: Train, legOut: Leg) => number) | null;
  readonly sinkCost: ((train: Train, legIn: Leg) => number) | null;
  /** The receiver's softirq work on its RSS queue's core, before sinkCost (null: none, or no RSS). */
  readonly sinkSoftirq: SoftirqEnd | null;
  /** The sender's softirq work (what a front end's kernel does for the train: receiving it, its own ACKs), before sourceCost. */
  readonly sourceSoftirq?: SoftirqEnd | null;
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

export function buildLegStages(leg: Leg, ends: RouteEnds): Stage[] {
  const from = nodeOf(ends, leg.from);
  const to = nodeOf(ends, leg.to);
  const fragment = ends.fragmentEncapsulated && leg.extraHeaderBytes > 0;
  const stages: Stage[] = [];
  const { sourceCost, sinkCost } = ends;
  const headerBytes = ends.headerBytes;
  if (ends.streamIn !== null) stages.push(ends.streamIn);
  const sourceSoftirq = ends.sourceSoftirq ?? null;
  if (sourceSoftirq !== null) stages.push({ kind: SOFTIRQ, node: from, queues: sourceSoftirq.queues, cost: (t) => sourceSoftirq.cost(t, leg), flowKey: (t) => sourceSoftirq.flowKey(t, leg) });
  if (sourceCost !== null && from.cpu !== null) stages.push({ kind: CPU, node: from, resource: from.cpu, cost: (t) => sourceCost(t, leg) });
  stages.push({ kind: NIC, node: from, resource: from.tx, inbound: false, leg, fragment, headerBytes });
  stages.push({ kind: DELAY, delayNs: leg.link === 'access' ? Math.round(ends.clientRttNs / 2) : ends.lanDelayNs, leg, from, to });
  stages.push({ kind: NIC, node: to, resource: to.rx, inbound: true, leg, fragment, headerBytes });
  const softirq = ends.sinkSoftirq;
  if (softirq !== null) stages.push({ kind: SOFTIRQ, node: to, queues: softirq.queues, cost: (t) => softirq.cost(t, leg), flowKey: (t) => softirq.flowKey(t, leg) });
  if (sinkCost !== null && to.cpu !== null) stages.push({ kind: CPU, node: to, resource: to.cpu, cost: (t) => sinkCost(t, leg) });
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
        if (stage.node.reach !== REACH_UP) {
          this.onBlocked(train, stage.node, stage.node.reach);
          return;
        }
        const flow = train.flows[stage.leg.conn]!;
        const packets = wirePackets(flow, stage.fragment);
        const bytes = wireBytes(flow, stage.headerBytes, stage.leg.extraHeaderBytes, stage.fragment);
        const traffic = stage.node.traffic;
        if (stage.inbound) {
          traffic.packetsIn += packets;
          traffic.bytesIn += bytes;
        } else {
          traffic.packetsOut += packets;
          traffic.bytesOut += bytes;
        }
        if (bytes > 0 && stage.resource !== null) {
          stage.resource.transfer(bytes, packets, this.advance, train);
          return;
        }
      } else if (stage.kind === CPU) {
        const ns = Math.round(stage.cost(train) * stage.node.cpuFactor);
        if (ns > 0) {
          stage.node.traffic.cpuNs += ns;
          // Handshake packets are kernel work (softirq): they go ahead of queued application work.
          if (train.kind === 'syn' || train.kind === 'syn-ack') stage.resource.submitUrgent(ns, this.advance, train);
          else stage.resource.submit(ns, this.advance, train);
          return;
        }
      } else if (stage.kind === SOFTIRQ) {
        const ns = Math.round(stage.cost(train) * stage.node.cpuFactor);
        if (ns > 0) {
          stage.node.traffic.cpuNs += ns;
          stage.queues.submit(stage.queues.queueOf(stage.flowKey(train)), ns, this.advance, train);
          return;
        }
      } else if (stage.kind === STREAM) {
        const bytes = stage.bytes(train);
        if (bytes > 0) {
          stage.resource.submit(bytes, this.advance, train);
          return;
        }
      } else {
        const delayNs = stage.delayNs + stage.from.extraDelayNs + stage.to.extraDelayNs;
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
    if (stage !== undefined && entered !== undefined) this.observer!(train, stage, entered, this.sim.nowNs);
  }
}
