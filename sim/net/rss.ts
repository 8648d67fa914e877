import {
  type Done, FcfsResource, RESOURCE_SLOTS, Resource, type ResourceSnapshot, WORK_DONE, addLevels, noteQueueLevel, startWindow, windowMeasures,
} from '../engine/resource.js';
import type { Simulator } from '../engine/simulator.js';
import { completionsOf, IndexedCompletions, MAX_INDEX, OWNER_SHIFT } from '../engine/indexed-completions.js';
import { fmix32 } from '../balancing/hash.js';
import type { NetNode } from './node.js';

/**
 * Receive-side scaling: a NIC hashes each received packet's flow (its IP addresses and ports) to
 * one of `queues` receive queues, and each queue's interrupts and softirq work run on one core
 * (docs/model.md, "RSS"). A flow's packets therefore always land on the same core; many flows
 * spread over the queues; one flow, or traffic whose hashed header is the same for every flow
 * (IP-in-IP under LVS-TUN, when the NIC hashes the outer header), loads a single core however
 * many the host has.
 *
 * A queue runs one softirq job at a time (its work is serialised on its core), and each job is
 * CPU time of the host's own cores: it takes a core of the pool ahead of queued application work
 * (the kernel runs softirq before user work; no preemption of a running job). So a queue
 * saturates at one core's worth of work while the host's capacity is shared as it really is.
 * With interrupt cores set aside (IRQ affinity, `irqCores`), the pool is those cores alone and
 * the application's work never competes with softirq work for a core.
 *
 * Reported as one resource, `<node>.rx-queues`: its utilization is the busiest queue's (the
 * share of time that queue had a job on or waiting for a core), and its note says how the load
 * is spread.
 */
/**
 * Gives `node` RSS: `queues` receive queues whose softirq work runs on `irqCores` cores of their
 * own (`<node>.irq-cpu`; the node must have been built with its cores less these), or on the
 * node's one pool when `irqCores` is 0.
 */
export function attachRss(sim: Simulator, node: NetNode, queues: number, irqCores: number): void {
  if (irqCores > 0) node.irqCpu = new FcfsResource(sim, `${node.id}.irq-cpu`, node.id, 'cpu', irqCores);
  node.rxQueues = new RssQueues(sim, node.id, queues, node.irqCpu ?? node.cpu!);
}

/**
 * Each queue's numbers, STRIDE doubles per queue in one array: the resource slots (clock,
 * integrals, max, work, window: the queue is measured like any resource), then these.
 */
const RUNNING_NS = RESOURCE_SLOTS;
const SERVED = RESOURCE_SLOTS + 1;
/** 1 while the queue's job is on a core (or waiting for one in the pool), else 0. */
const BUSY = RESOURCE_SLOTS + 2;
/** Jobs in the queue's FIFO, behind the one on a core. */
const WAITING = RESOURCE_SLOTS + 3;
/** The FIFO's first and last nodes (-1: empty). */
const FIRST = RESOURCE_SLOTS + 4;
const LAST = RESOURCE_SLOTS + 5;
const STRIDE = RESOURCE_SLOTS + 6;

/** A FIFO node's doubles in `nodes`: its job's ns, the next node (-1: none). */
const NODE_NS = 0;
const NODE_NEXT = 1;

/**
 * All of a NIC's receive queues in flat arrays made at construction (why: with a thousand
 * servers a server's NIC is touched about once per thousand requests, so every object a packet
 * reaches is a cache miss; ranges of the arena and one node store replace an object, an
 * integral array, three job arrays and a closure per queue). Each queue is a FIFO of softirq
 * jobs, one at a time on a core of the host's pool:
 *  - `q`: each queue's numbers (STRIDE per queue, slots of the simulator's arena: slot-arena.ts);
 *  - `running`: the running job's callback and argument at 2·k (reference slots of the arena);
 *  - `nodes`, `nodeRefs`: the FIFO nodes of all queues (singly linked, free ones on a free
 *    list), their numbers and their jobs' callbacks and arguments (2 per node), doubling
 *    when all are in use, so a steady state allocates nothing.
 */
/** Each simulator's receive queues, for their shared completion handler. */
const registries = new WeakMap<Simulator, IndexedCompletions<RssQueues>>();

export class RssQueues extends Resource {
  /** Each queue's numbers: STRIDE slots per queue from `qAt`, in the simulator's arena. */
  private readonly q: Float64Array;
  private readonly qAt: number;
  private readonly running: unknown[];
  private readonly runningAt: number;
  private nodes: Float64Array;
  private nodeRefs: unknown[];
  private freeNode = -1;
  /** The pool's completion callback (shared by every RssQueues of the simulator: indexed-completions.ts), with base + queue index. */
  private readonly finish: (code: number) => void;
  private readonly base: number;

  /** The registry of a simulator's receive-queue sets: its handler finds the owner and calls it with the index. */
  private static readonly completions = (): IndexedCompletions<RssQueues> =>
    new IndexedCompletions<RssQueues>((owners) => (code) => owners[code >>> OWNER_SHIFT]!.finishQueue(code & MAX_INDEX));

  constructor(sim: Simulator, node: string, readonly queues: number, private readonly pool: FcfsResource) {
    super(sim, `${node}.rx-queues`, node, 'cpu');
    if (!(queues >= 1) || !Number.isInteger(queues) || queues > MAX_INDEX + 1) throw new RangeError(`${node}: RSS queues must be an integer in 1..${MAX_INDEX + 1}`);
    const completions = completionsOf(registries, sim, RssQueues.completions);
    this.base = completions.register(this);
    this.finish = completions.handler;
    const taken = sim.arena.take(queues * STRIDE);
    this.q = taken.array;
    this.qAt = taken.at;
    for (let k = 0; k < queues; k++) {
      const at = this.qAt + k * STRIDE;
      startWindow(this.q, at, sim.nowNs, 0);
      this.q[at + FIRST] = -1;
      this.q[at + LAST] = -1;
    }
    const running = sim.arena.takeRefs(2 * queues);
    this.running = running.refs;
    this.runningAt = running.at;
    this.nodes = new Float64Array(0);
    this.nodeRefs = [];
    this.growNodes(4);
  }

  /** The queue a flow key hashes to (a deterministic 32-bit mix, standing for the NIC's hash). */
  queueOf(flowKey: number): number {
    return fmix32(flowKey >>> 0) % this.queues;
  }

  /** Softirq work of `ns` for queue `k`. */
  submit<A>(k: number, ns: number, done: Done<A>, arg: A): void {
    const q = this.q;
    const at = this.qAt + k * STRIDE;
    if (q[at + BUSY] === 0) {
      this.start(k, ns, done as Done<unknown>, arg);
      return;
    }
    const waiting = q[at + WAITING]!;
    addLevels(q, at, this.sim.nowNs, 1, waiting);
    this.append(at, ns, done as Done<unknown>, arg);
    q[at + WAITING] = waiting + 1;
    noteQueueLevel(q, at, waiting + 1);
  }

  private start(k: number, ns: number, done: Done<unknown>, arg: unknown): void {
    const q = this.q;
    const at = this.qAt + k * STRIDE;
    addLevels(q, at, this.sim.nowNs, q[at + BUSY]!, q[at + WAITING]!);
    q[at + BUSY] = 1;
    q[at + RUNNING_NS] = ns;
    this.running[this.runningAt + 2 * k] = done;
    this.running[this.runningAt + 2 * k + 1] = arg;
    this.pool.submitUrgent(ns, this.finish, this.base + k);
  }

  private finishQueue(k: number): void {
    const q = this.q;
    const refs = this.running;
    const r = this.runningAt + 2 * k;
    const at = this.qAt + k * STRIDE;
    const done = refs[r] as Done<unknown>;
    const arg = refs[r + 1];
    refs[r] = undefined;
    refs[r + 1] = undefined;
    const waiting = q[at + WAITING]!;
    addLevels(q, at, this.sim.nowNs, 1, waiting);
    q[at + BUSY] = 0;
    q[at + SERVED] = q[at + SERVED]! + 1;
    q[at + WORK_DONE] = q[at + WORK_DONE]! + q[at + RUNNING_NS]!;
    if (waiting > 0) {
      const n = q[at + FIRST]!;
      const next = this.nodes[2 * n + NODE_NEXT]!;
      q[at + FIRST] = next;
      if (next < 0) q[at + LAST] = -1;
      q[at + WAITING] = waiting - 1;
      const nextDone = this.nodeRefs[2 * n] as Done<unknown>;
      const nextArg = this.nodeRefs[2 * n + 1];
      this.nodeRefs[2 * n] = undefined;
      this.nodeRefs[2 * n + 1] = undefined;
      const ns = this.nodes[2 * n + NODE_NS]!;
      this.nodes[2 * n + NODE_NEXT] = this.freeNode;
      this.freeNode = n;
      this.start(k, ns, nextDone, nextArg);
    }
    done(arg);
  }

  /** Appends a job to the FIFO of the queue whose numbers start at `at`. */
  private append(at: number, ns: number, done: Done<unknown>, arg: unknown): void {
    if (this.freeNode < 0) this.growNodes(2 * (this.nodes.length / 2));
    const n = this.freeNode;
    const nodes = this.nodes;
    this.freeNode = nodes[2 * n + NODE_NEXT]!;
    nodes[2 * n + NODE_NS] = ns;
    nodes[2 * n + NODE_NEXT] = -1;
    this.nodeRefs[2 * n] = done;
    this.nodeRefs[2 * n + 1] = arg;
    const q = this.q;
    const last = q[at + LAST]!;
    if (last < 0) q[at + FIRST] = n;
    else nodes[2 * last + NODE_NEXT] = n;
    q[at + LAST] = n;
  }

  /** Adds `more` free FIFO nodes. */
  private growNodes(more: number): void {
    const had = this.nodes.length / 2;
    const nodes = new Float64Array(2 * (had + more));
    nodes.set(this.nodes);
    const refs = new Array<unknown>(2 * (had + more)).fill(undefined);
    for (let i = 0; i < this.nodeRefs.length; i++) refs[i] = this.nodeRefs[i];
    for (let n = had + more - 1; n >= had; n--) {
      nodes[2 * n + NODE_NEXT] = this.freeNode;
      this.freeNode = n;
    }
    this.nodes = nodes;
    this.nodeRefs = refs;
  }

  /** ns of softirq work each queue completed in the window. */
  workByQueue(): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.queues; k++) out.push(this.q[this.qAt + k * STRIDE + WORK_DONE]!);
    return out;
  }

  protected busyLevel(): number { return 0; }
  protected queueLevel(): number { return 0; }
  protected capacityUnits(): number { return 1; }

  override resetStats(): void {
    super.resetStats();
    const q = this.q;
    const now = this.sim.nowNs;
    for (let k = 0; k < this.queues; k++) {
      const at = this.qAt + k * STRIDE;
      addLevels(q, at, now, q[at + BUSY]!, q[at + WAITING]!);
      startWindow(q, at, now, q[at + WAITING]!);
      q[at + SERVED] = 0;
    }
  }

  /** Queue k measured over the window, as a one-core resource. */
  private queueSnapshot(k: number): { utilization: number; meanQueue: number; maxQueue: number; served: number; work: number } {
    const q = this.q;
    const at = this.qAt + k * STRIDE;
    const now = this.sim.nowNs;
    addLevels(q, at, now, q[at + BUSY]!, q[at + WAITING]!);
    return { ...windowMeasures(q, at, now, 1), served: q[at + SERVED]! };
  }

  override snapshot(): ResourceSnapshot {
    // One pass over the queues (a thousand servers bring a thousand of these at every window's end).
    let busiest = 0;
    let top = this.queueSnapshot(0);
    let utilizationSum = 0;
    let meanQueue = 0;
    let maxQueue = 0;
    let served = 0;
    let work = 0;
    for (let k = 0; k < this.queues; k++) {
      const s = k === 0 ? top : this.queueSnapshot(k);
      if (s.utilization > top.utilization) {
        busiest = k;
        top = s;
      }
      utilizationSum += s.utilization;
      meanQueue += s.meanQueue;
      maxQueue = Math.max(maxQueue, s.maxQueue);
      served += s.served;
      work += s.work;
    }
    const mean = utilizationSum / this.queues;
    return {
      id: this.id,
      node: this.node,
      kind: 'cpu',
      utilization: top.utilization,
      meanQueue,
      maxQueue,
      served,
      dropped: 0,
      work,
      limitNote: `receive queue ${busiest} of ${this.queues} is the busiest; mean over the queues ${(mean * 100).toFixed(1)}%`,
    };
  }
}
