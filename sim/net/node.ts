import { FcfsResource, type Resource } from '../engine/resource.js';
import type { Simulator } from '../engine/simulator.js';
import { NicResource } from './nic.js';
import type { RssQueues } from './rss.js';

export { bytesPerNs } from './nic.js';

/**
 * A node's packet, byte and CPU counters in the observation window. Kept as five slots of the
 * simulator's arena (they pass 2^31 and become doubles, which V8 would box one by one in heap
 * numbers scattered over the heap): one cache line per node, beside the node's resources' numbers,
 * touched at every stage of every train.
 */
const PACKETS_IN = 0;
const PACKETS_OUT = 1;
const BYTES_IN = 2;
const BYTES_OUT = 3;
const CPU_NS = 4;
const TRAFFIC_SLOTS = 5;

/** A node's counters in the observation window (the node itself: see `NetNode.traffic`). */
export interface Traffic {
  packetsIn: number;
  packetsOut: number;
  bytesIn: number;
  bytesOut: number;
  cpuNs: number;
  resetTraffic(): void;
}

/**
 * A host: CPU cores (FCFS), a full-duplex NIC (rx and tx shared fairly by concurrent transfers,
 * each direction limited by a bit rate and a packet rate: nic.ts).
 * Clients are aggregated per group into one node whose "NIC" is the group's access link; with no
 * bandwidth given (Infinity) there is no shared link at all: the group stands for many hosts, whose
 * packets and bytes are still counted but which never become one artificial bottleneck.
 */
/** How a node answers packets (docs/failure.md §5): normally, not at all, or with a reset. */
export const REACH_UP = 0;
export const REACH_LOST = 1;
export const REACH_REFUSED = 2;
export type Reach = typeof REACH_UP | typeof REACH_LOST | typeof REACH_REFUSED;

export class NetNode implements Traffic {
  /** The counters' slots (see TRAFFIC_SLOTS): the node's own, not an object of their own, so a stage that counts touches no more than the node. */
  private readonly counters: Float64Array;
  private readonly countersAt: number;
  readonly cpu: FcfsResource | null;
  readonly rx: NicResource | null;
  readonly tx: NicResource | null;
  /** Receive queues and their cores (RSS), when the node's receive softirq work is modelled per queue. */
  rxQueues: RssQueues | null = null;
  /** Cores reserved for interrupts (IRQ affinity): the receive queues' softirq work runs here, `cpu` keeps the rest; null: one pool. */
  irqCpu: FcfsResource | null = null;
  /** Fault state the packet path reads on every train; set only by the fault injector. */
  reach: Reach = REACH_UP;
  /** CPU work on this node takes this many times longer (a slow node). */
  cpuFactor = 1;
  /** One-way delay added to every train sent or received by this node (a slow or degraded link). */
  extraDelayNs = 0;
  /** The fault that set `reach` (index into the scenario's faults), for attributing losses; -1: none. */
  faultIndex = -1;
  /** Incremented when the node crashes: connections opened before then are gone on its side. */
  epoch = 0;
  /** The fault that last incremented `epoch` (charged for the connections it broke). */
  epochFaultIndex = -1;

  /** `nicPps`: packets per second per direction (Infinity: the bit rate alone limits). */
  constructor(sim: Simulator, readonly id: string, cores: number | null, nicBps: number, linkKind: 'nic' | 'link' = 'nic', nicPps = Number.POSITIVE_INFINITY) {
    // Counters first: the node's numbers and its resources' are then adjacent in the arena.
    const counters = sim.arena.take(TRAFFIC_SLOTS);
    this.counters = counters.array;
    this.countersAt = counters.at;
    this.cpu = cores === null ? null : new FcfsResource(sim, `${id}.cpu`, id, 'cpu', cores);
    const limited = Number.isFinite(nicBps);
    this.rx = limited ? new NicResource(sim, `${id}.${linkKind === 'nic' ? 'nic-rx' : 'downlink'}`, id, linkKind === 'nic' ? 'nic-rx' : 'link', nicBps, nicPps) : null;
    this.tx = limited ? new NicResource(sim, `${id}.${linkKind === 'nic' ? 'nic-tx' : 'uplink'}`, id, linkKind === 'nic' ? 'nic-tx' : 'link', nicBps, nicPps) : null;
  }

  /** The node's packet, byte and CPU counters in the observation window. */
  get traffic(): Traffic { return this; }
  get packetsIn(): number { return this.counters[this.countersAt + PACKETS_IN]!; }
  set packetsIn(x: number) { this.counters[this.countersAt + PACKETS_IN] = x; }
  get packetsOut(): number { return this.counters[this.countersAt + PACKETS_OUT]!; }
  set packetsOut(x: number) { this.counters[this.countersAt + PACKETS_OUT] = x; }
  get bytesIn(): number { return this.counters[this.countersAt + BYTES_IN]!; }
  set bytesIn(x: number) { this.counters[this.countersAt + BYTES_IN] = x; }
  get bytesOut(): number { return this.counters[this.countersAt + BYTES_OUT]!; }
  set bytesOut(x: number) { this.counters[this.countersAt + BYTES_OUT] = x; }
  get cpuNs(): number { return this.counters[this.countersAt + CPU_NS]!; }
  set cpuNs(x: number) { this.counters[this.countersAt + CPU_NS] = x; }

  resetTraffic(): void {
    this.counters.fill(0, this.countersAt, this.countersAt + TRAFFIC_SLOTS);
  }

  resources(): Resource[] {
    return [this.cpu, this.irqCpu, this.rxQueues, this.rx, this.tx].filter((r): r is NonNullable<typeof r> => r !== null);
  }
}
