import { type Done, FcfsResource, Resource, type ResourceSnapshot, WORK_DONE, addLevels, noteQueueLevel } from '../engine/resource.js';
import type { Simulator } from '../engine/simulator.js';
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
 * One receive queue: a FIFO of softirq jobs, one at a time on a core of the host's pool. The job
 * on the core is held in fields and waiting ones in three parallel arrays, so a job allocates
 * nothing.
 */
class ReceiveQueue extends Resource {
  private busy = false;
  private runningNs = 0;
  private runningDone: Done<unknown> | null = null;
  private runningArg: unknown = undefined;
  private readonly waitingNs: number[] = [];
  private readonly waitingDone: Done<unknown>[] = [];
  private readonly waitingArg: unknown[] = [];
  private head = 0;

  constructor(sim: Simulator, id: string, node: string, private readonly pool: FcfsResource) {
    super(sim, id, node, 'cpu');
  }

  protected busyLevel(): number { return this.busy ? 1 : 0; }
  protected queueLevel(): number { return this.waitingNs.length - this.head; }
  protected capacityUnits(): number { return 1; }

  run(ns: number, done: Done<unknown>, arg: unknown): void {
    if (this.busy) {
      addLevels(this.levels, this.sim.nowNs, 1, this.waitingNs.length - this.head);
      this.waitingNs.push(ns);
      this.waitingDone.push(done);
      this.waitingArg.push(arg);
      noteQueueLevel(this.levels, this.waitingNs.length - this.head);
      return;
    }
    this.start(ns, done, arg);
  }

  private start(ns: number, done: Done<unknown>, arg: unknown): void {
    addLevels(this.levels, this.sim.nowNs, this.busy ? 1 : 0, this.waitingNs.length - this.head);
    this.busy = true;
    this.runningNs = ns;
    this.runningDone = done;
    this.runningArg = arg;
    this.pool.submitUrgent(ns, this.finish, undefined);
  }

  private readonly finish = (): void => {
    const done = this.runningDone!;
    const arg = this.runningArg;
    this.runningDone = null;
    this.runningArg = undefined;
    addLevels(this.levels, this.sim.nowNs, 1, this.waitingNs.length - this.head);
    this.busy = false;
    this.servedCount++;
    this.levels[WORK_DONE] = this.levels[WORK_DONE]! + this.runningNs;
    if (this.head < this.waitingNs.length) {
      const h = this.head++;
      const ns = this.waitingNs[h]!;
      const nextDone = this.waitingDone[h]!;
      const nextArg = this.waitingArg[h];
      this.waitingArg[h] = undefined;
      if (this.head === this.waitingNs.length) {
        this.waitingNs.length = 0;
        this.waitingDone.length = 0;
        this.waitingArg.length = 0;
        this.head = 0;
      }
      this.start(ns, nextDone, nextArg);
    }
    done(arg);
  };
}

/**
 * Gives `node` RSS: `queues` receive queues whose softirq work runs on `irqCores` cores of their
 * own (`<node>.irq-cpu`; the node must have been built with its cores less these), or on the
 * node's one pool when `irqCores` is 0.
 */
export function attachRss(sim: Simulator, node: NetNode, queues: number, irqCores: number): void {
  if (irqCores > 0) node.irqCpu = new FcfsResource(sim, `${node.id}.irq-cpu`, node.id, 'cpu', irqCores);
  node.rxQueues = new RssQueues(sim, node.id, queues, node.irqCpu ?? node.cpu!);
}

export class RssQueues extends Resource {
  private readonly rings: ReceiveQueue[] = [];

  constructor(sim: Simulator, node: string, readonly queues: number, pool: FcfsResource) {
    super(sim, `${node}.rx-queues`, node, 'cpu');
    if (!(queues >= 1) || !Number.isInteger(queues)) throw new RangeError(`${node}: RSS queues must be a positive integer`);
    for (let k = 0; k < queues; k++) this.rings.push(new ReceiveQueue(sim, `${node}.rx-queue-${k}`, node, pool));
  }

  /** The queue a flow key hashes to (a deterministic 32-bit mix, standing for the NIC's hash). */
  queueOf(flowKey: number): number {
    return fmix32(flowKey >>> 0) % this.queues;
  }

  /** Softirq work of `ns` for queue `k`. */
  submit<A>(k: number, ns: number, done: Done<A>, arg: A): void {
    this.rings[k]!.run(ns, done as Done<unknown>, arg);
  }

  /** ns of softirq work each queue completed in the window. */
  workByQueue(): number[] {
    return this.rings.map((c) => c.snapshot().work);
  }

  protected busyLevel(): number { return 0; }
  protected queueLevel(): number { return 0; }
  protected capacityUnits(): number { return 1; }

  override resetStats(): void {
    super.resetStats();
    for (const c of this.rings) c.resetStats();
  }

  override snapshot(): ResourceSnapshot {
    const each = this.rings.map((c) => c.snapshot());
    let busiest = 0;
    each.forEach((s, k) => {
      if (s.utilization > each[busiest]!.utilization) busiest = k;
    });
    const top = each[busiest]!;
    const mean = each.reduce((a, s) => a + s.utilization, 0) / each.length;
    return {
      id: this.id,
      node: this.node,
      kind: 'cpu',
      utilization: top.utilization,
      meanQueue: each.reduce((a, s) => a + s.meanQueue, 0),
      maxQueue: Math.max(...each.map((s) => s.maxQueue)),
      served: each.reduce((a, s) => a + s.served, 0),
      dropped: 0,
      work: each.reduce((a, s) => a + s.work, 0),
      limitNote: `receive queue ${busiest} of ${this.queues} is the busiest; mean over the queues ${(mean * 100).toFixed(1)}%`,
    };
  }
}
