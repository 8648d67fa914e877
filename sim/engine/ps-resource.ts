import { heapArgOf, heapDoneOf, heapHeadTag, heapPop, heapPush, heapRelease, heapTagOf, heapWorkOf, initJobHeap, type JobHeapFields } from './job-heap.js';
import { addLevels, type Done, noteQueueLevel, Resource, RESOURCE_SLOTS, type ResourceKind, WORK_DONE } from './resource-base.js';
import type { EventHandle, Simulator } from './simulator.js';

/**
 * Processor sharing: capacity `ratePerNs` work units per ns split equally among the jobs present
 * (TCP fair share of a NIC or link). Virtual-time implementation: V advances at rate/n, a job
 * finishes when V reaches its tag V_arrival + work, so each arrival or departure costs O(log n).
 */
/**
 * PsResource's slots after the resource's: virtual time V, the instant it was last advanced, and
 * its constants (rate, queue limit), there rather than in fields because V8 boxes a non-integer
 * field in a heap number of its own, one more cache line per touch. A subclass's start at PS_SLOTS.
 */
const VIRTUAL = RESOURCE_SLOTS;
const VIRTUAL_AT_NS = RESOURCE_SLOTS + 1;
const RATE_PER_NS = RESOURCE_SLOTS + 2;
const QUEUE_LIMIT = RESOURCE_SLOTS + 3;
export const PS_SLOTS = RESOURCE_SLOTS + 4;

export class PsResource extends Resource implements JobHeapFields {
  /** The resource is its jobs' heap (job-heap.ts): these are the heap's fields, for its functions only. */
  heapNums!: Float64Array;
  heapAt!: number;
  heapSlotsAt!: number;
  heapRefs!: unknown[];
  heapRefsAt!: number;
  heapCap!: number;
  heapSize!: number;
  private seq = 0;
  private pending: EventHandle | undefined;
  /**
   * Every PS resource's completion handler, the resource as its argument: one function for all of
   * them rather than a closure each (with a thousand servers, a closure and its context would be
   * two more cache lines of each NIC to miss on every completion).
   */
  private static readonly complete = (r: PsResource): void => r.finishHead();

  /** `slots`: PS_SLOTS, or more for a subclass's own numbers. */
  constructor(sim: Simulator, id: string, node: string, kind: ResourceKind, ratePerNs: number, queueLimit = Number.POSITIVE_INFINITY, slots = PS_SLOTS) {
    super(sim, id, node, kind, slots);
    if (!(ratePerNs > 0)) throw new RangeError(`${id}: rate must be positive`);
    this.levels[this.at + RATE_PER_NS] = ratePerNs;
    this.levels[this.at + QUEUE_LIMIT] = queueLimit;
    initJobHeap(this, sim.arena);
  }

  /** Work units per ns, shared among the jobs present. */
  get ratePerNs(): number { return this.levels[this.at + RATE_PER_NS]!; }
  /** Jobs present at most (a transfer beyond is refused). */
  get queueLimit(): number { return this.levels[this.at + QUEUE_LIMIT]!; }

  protected busyLevel(): number { return this.heapSize > 0 ? 1 : 0; }
  protected queueLevel(): number { return this.heapSize; }
  protected capacityUnits(): number { return 1; }

  get present(): number { return this.heapSize; }

  private advanceVirtual(): void {
    const now = this.sim.nowNs;
    const n = this.heapSize;
    const v = this.levels;
    const at = this.at;
    if (n > 0) v[at + VIRTUAL] = v[at + VIRTUAL]! + ((now - v[at + VIRTUAL_AT_NS]!) * v[at + RATE_PER_NS]!) / n;
    v[at + VIRTUAL_AT_NS] = now;
  }

  submit<A>(work: number, done: Done<A>, arg: A): boolean {
    if (this.heapSize >= this.levels[this.at + QUEUE_LIMIT]!) {
      this.droppedCount++;
      return false;
    }
    const n = this.heapSize;
    addLevels(this.levels, this.at, this.sim.nowNs, n > 0 ? 1 : 0, n);
    this.advanceVirtual();
    heapPush(this, this.sim.arena, this.levels[this.at + VIRTUAL]! + work, this.seq++, work, done as Done<unknown>, arg);
    noteQueueLevel(this.levels, this.at, n + 1);
    this.reschedule();
    return true;
  }

  private reschedule(): void {
    // `pending` is dropped here and in finishHead, as postOwned requires.
    if (this.pending !== undefined) this.sim.cancel(this.pending);
    const n = this.heapSize;
    if (n === 0) {
      this.pending = undefined;
      return;
    }
    const v = this.levels;
    const at = this.at;
    const delayNs = Math.max(0, Math.ceil(((heapHeadTag(this) - v[at + VIRTUAL]!) * n) / v[at + RATE_PER_NS]!));
    this.pending = this.sim.postOwned(delayNs, PsResource.complete, this);
  }

  private finishHead(): void {
    this.pending = undefined;
    const n = this.heapSize;
    addLevels(this.levels, this.at, this.sim.nowNs, n > 0 ? 1 : 0, n);
    this.advanceVirtual();
    const head = heapPop(this);
    const finishTag = heapTagOf(this, head);
    // The completion time was rounded up to whole ns: V may have overshot the tag by < 1 ns of work.
    if (this.levels[this.at + VIRTUAL]! < finishTag || this.heapSize === 0) this.levels[this.at + VIRTUAL] = finishTag;
    this.servedCount++;
    this.levels[this.at + WORK_DONE] = this.levels[this.at + WORK_DONE]! + heapWorkOf(this, head);
    // Read before reschedule and done: the slot is reused by the next push.
    const done = heapDoneOf(this, head);
    const arg = heapArgOf(this, head);
    heapRelease(this, head);
    this.reschedule();
    done(arg);
  }
}
