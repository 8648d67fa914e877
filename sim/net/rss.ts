import { type Done, FcfsResource, Resource, type ResourceSnapshot } from '../engine/resource.js';
import type { Simulator } from '../engine/simulator.js';
import { fmix32 } from '../balancing/hash.js';

/**
 * Receive-side scaling: a NIC hashes each received packet's flow (its IP addresses and ports) to
 * one of `queues` receive queues, and each queue's interrupts and softirq work run on one core
 * (docs/model.md, "RSS"). A flow's packets therefore always land on the same core; many flows
 * spread over the queues; one flow, or traffic whose hashed header is the same for every flow
 * (IP-in-IP under LVS-TUN, when the NIC hashes the outer header), loads a single core however
 * many the host has.
 *
 * Each queue's core is a single-server FCFS resource. Reported as one resource, `<node>.rx-queues`:
 * its utilization is the busiest queue's (a flow on a saturated queue waits whatever the others
 * do), and its note says how the load is spread.
 */
export class RssQueues extends Resource {
  private readonly cores: FcfsResource[] = [];

  constructor(sim: Simulator, node: string, readonly queues: number) {
    super(sim, `${node}.rx-queues`, node, 'cpu');
    if (!(queues >= 1) || !Number.isInteger(queues)) throw new RangeError(`${node}: RSS queues must be a positive integer`);
    for (let k = 0; k < queues; k++) this.cores.push(new FcfsResource(sim, `${node}.rx-queue-${k}`, node, 'cpu', 1));
  }

  /** The queue a flow key hashes to (a deterministic 32-bit mix, like the NIC's Toeplitz hash in spirit). */
  queueOf(flowKey: number): number {
    return fmix32(flowKey >>> 0) % this.queues;
  }

  /** Softirq work of `ns` on the core of queue `k` (handshake packets go ahead of queued work). */
  submit<A>(k: number, ns: number, urgent: boolean, done: Done<A>, arg: A): void {
    const core = this.cores[k]!;
    if (urgent) core.submitUrgent(ns, done, arg);
    else core.submit(ns, done, arg);
  }

  /** ns of softirq work each queue's core completed in the window. */
  workByQueue(): number[] {
    return this.cores.map((c) => c.snapshot().work);
  }

  protected busyLevel(): number { return 0; }
  protected queueLevel(): number { return 0; }
  protected capacityUnits(): number { return 1; }

  override resetStats(): void {
    super.resetStats();
    for (const c of this.cores) c.resetStats();
  }

  override snapshot(): ResourceSnapshot {
    const each = this.cores.map((c) => c.snapshot());
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
