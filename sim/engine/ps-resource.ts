import { JobHeap } from './job-heap.js';
import { addLevels, type Done, noteQueueLevel, Resource, RESOURCE_SLOTS, type ResourceKind, WORK_DONE } from './resource-base.js';
import type { EventHandle, Simulator } from './simulator.js';

/**
 * Processor sharing: capacity `ratePerNs` work units per ns split equally among the jobs present
 * (TCP fair share of a NIC or link). Virtual-time implementation: V advances at rate/n, a job
 * finishes when V reaches its tag V_arrival + work, so each arrival or departure costs O(log n).
 */
/** PsResource's slots after the resource's: virtual time V, and the instant it was last advanced. */
const VIRTUAL = RESOURCE_SLOTS;
const VIRTUAL_AT_NS = RESOURCE_SLOTS + 1;
const PS_SLOTS = RESOURCE_SLOTS + 2;

export class PsResource extends Resource {
  private readonly jobs: JobHeap;
  private seq = 0;
  private pending: EventHandle | undefined;
  private readonly complete = (): void => this.finishHead();

  constructor(sim: Simulator, id: string, node: string, kind: ResourceKind, readonly ratePerNs: number, readonly queueLimit = Number.POSITIVE_INFINITY) {
    super(sim, id, node, kind, PS_SLOTS);
    if (!(ratePerNs > 0)) throw new RangeError(`${id}: rate must be positive`);
    this.jobs = new JobHeap(sim.arena);
  }

  protected busyLevel(): number { return this.jobs.length > 0 ? 1 : 0; }
  protected queueLevel(): number { return this.jobs.length; }
  protected capacityUnits(): number { return 1; }

  get present(): number { return this.jobs.length; }

  private advanceVirtual(): void {
    const now = this.sim.nowNs;
    const n = this.jobs.length;
    const v = this.levels;
    const at = this.at;
    if (n > 0) v[at + VIRTUAL] = v[at + VIRTUAL]! + ((now - v[at + VIRTUAL_AT_NS]!) * this.ratePerNs) / n;
    v[at + VIRTUAL_AT_NS] = now;
  }

  submit<A>(work: number, done: Done<A>, arg: A): boolean {
    if (this.jobs.length >= this.queueLimit) {
      this.droppedCount++;
      return false;
    }
    const n = this.jobs.length;
    addLevels(this.levels, this.at, this.sim.nowNs, n > 0 ? 1 : 0, n);
    this.advanceVirtual();
    this.jobs.push(this.levels[this.at + VIRTUAL]! + work, this.seq++, work, done as Done<unknown>, arg);
    noteQueueLevel(this.levels, this.at, n + 1);
    this.reschedule();
    return true;
  }

  private reschedule(): void {
    // `pending` is dropped here and in finishHead, as postOwned requires.
    if (this.pending !== undefined) this.sim.cancel(this.pending);
    const n = this.jobs.length;
    if (n === 0) {
      this.pending = undefined;
      return;
    }
    const delayNs = Math.max(0, Math.ceil(((this.jobs.headTag() - this.levels[this.at + VIRTUAL]!) * n) / this.ratePerNs));
    this.pending = this.sim.postOwned(delayNs, this.complete, undefined);
  }

  private finishHead(): void {
    this.pending = undefined;
    const n = this.jobs.length;
    addLevels(this.levels, this.at, this.sim.nowNs, n > 0 ? 1 : 0, n);
    this.advanceVirtual();
    const jobs = this.jobs;
    const head = jobs.pop();
    const finishTag = jobs.tagOf(head);
    // The completion time was rounded up to whole ns: V may have overshot the tag by < 1 ns of work.
    if (this.levels[this.at + VIRTUAL]! < finishTag || jobs.length === 0) this.levels[this.at + VIRTUAL] = finishTag;
    this.servedCount++;
    this.levels[this.at + WORK_DONE] = this.levels[this.at + WORK_DONE]! + jobs.workOf(head);
    // Read before reschedule and done: the slot is reused by the next push.
    const done = jobs.doneOf(head);
    const arg = jobs.argOf(head);
    jobs.release(head);
    this.reschedule();
    done(arg);
  }
}
