import { JobHeap } from './job-heap.js';
import type { EventHandle, Simulator } from './simulator.js';

/**
 * One resource primitive, measured the same way everywhere, so that "what saturated first" is one
 * generic question asked of every CPU, NIC, link and connection table.
 *
 * Integrals are kept exactly (piecewise-constant functions integrated at every change):
 *  - busy: Σ busy servers × dt (FCFS), or dt while any job is present (PS), or occupancy × dt (gauge);
 *  - queue: Σ waiting jobs × dt (FCFS), jobs present × dt (PS), occupancy × dt (gauge).
 * `resetStats()` starts a new observation window (warm-up exclusion) without touching state.
 */
export type ResourceKind = 'cpu' | 'nic-rx' | 'nic-tx' | 'link' | 'conn-table' | 'workers' | 'accept-queue' | 'queue';

export interface ResourceSnapshot {
  readonly id: string;
  readonly node: string;
  readonly kind: ResourceKind;
  /** Fraction of capacity in use, time-averaged over the observation window, in [0, 1]. */
  readonly utilization: number;
  readonly meanQueue: number;
  readonly maxQueue: number;
  /** Jobs completed (or, for a gauge, acquisitions) in the window. */
  readonly served: number;
  /** Jobs refused because the queue limit was reached, in the window. */
  readonly dropped: number;
  /** Work units completed in the window: ns of service (FCFS) or bytes (PS). */
  readonly work: number;
  /** What limits this resource, in words, when a subclass knows more than its utilization (absent otherwise). */
  readonly limitNote?: string;
}

export type Done<A> = (arg: A) => void;

/**
 * The numbers a resource keeps, as consecutive slots of the simulator's arena (offsets below,
 * from the resource's `at`). V8 boxes a double held in an object field in a heap number of its
 * own, allocated wherever the heap was when the field first held a non-integer, so a resource's
 * integrals, clock and work would be a handful of scattered cache lines; as slots they are one,
 * beside those of the resources built with it, in an array whose header all of them share. With
 * a thousand servers each touched a few times per second, that locality is most of the cost of a
 * request. Subclasses with numbers of their own put them after RESOURCE_SLOTS.
 */
export const LAST_CHANGE_NS = 0;
export const BUSY_INTEGRAL = 1;
export const QUEUE_INTEGRAL = 2;
export const MAX_QUEUE = 3;
export const WORK_DONE = 4;
export const WINDOW_START_NS = 5;
export const RESOURCE_SLOTS = 6;

/**
 * Integrates the levels held since the last change up to `nowNs` (exact: piecewise constant), for
 * the resource whose slots start at `at` in `v`.
 */
export function addLevels(v: Float64Array, at: number, nowNs: number, busyLevel: number, queueLevel: number): void {
  const dt = nowNs - v[at + LAST_CHANGE_NS]!;
  if (dt > 0) {
    v[at + BUSY_INTEGRAL] = v[at + BUSY_INTEGRAL]! + busyLevel * dt;
    v[at + QUEUE_INTEGRAL] = v[at + QUEUE_INTEGRAL]! + queueLevel * dt;
    v[at + LAST_CHANGE_NS] = nowNs;
  }
}

export function noteQueueLevel(v: Float64Array, at: number, queueLevel: number): void {
  if (queueLevel > v[at + MAX_QUEUE]!) v[at + MAX_QUEUE] = queueLevel;
}

export abstract class Resource {
  /**
   * Integrals, clock and work: slots [at, at + slots) of a chunk of the simulator's arena, shared
   * with other resources (slot-arena.ts). Subclasses on hot paths call `addLevels` with their
   * levels instead of `accrue()` (same sums).
   */
  protected readonly levels: Float64Array;
  protected readonly at: number;
  protected servedCount = 0;
  protected droppedCount = 0;

  constructor(
    protected readonly sim: Simulator,
    readonly id: string,
    readonly node: string,
    readonly kind: ResourceKind,
    slots = RESOURCE_SLOTS,
  ) {
    const taken = sim.arena.take(slots);
    this.levels = taken.array;
    this.at = taken.at;
    this.levels[this.at + LAST_CHANGE_NS] = sim.nowNs;
    this.levels[this.at + WINDOW_START_NS] = sim.nowNs;
  }

  /** Busy level in [0, capacityUnits] right now. */
  protected abstract busyLevel(): number;
  /** Queue level right now (see the class comment for what each kind counts). */
  protected abstract queueLevel(): number;
  protected abstract capacityUnits(): number;

  /** Must be called before any change of busy or queue level. */
  protected accrue(): void {
    addLevels(this.levels, this.at, this.sim.nowNs, this.busyLevel(), this.queueLevel());
  }

  protected noteQueue(): void {
    noteQueueLevel(this.levels, this.at, this.queueLevel());
  }

  resetStats(): void {
    this.accrue();
    const levels = this.levels;
    const at = this.at;
    levels[at + WINDOW_START_NS] = this.sim.nowNs;
    levels[at + LAST_CHANGE_NS] = this.sim.nowNs;
    levels[at + BUSY_INTEGRAL] = 0;
    levels[at + QUEUE_INTEGRAL] = 0;
    levels[at + MAX_QUEUE] = this.queueLevel();
    levels[at + WORK_DONE] = 0;
    this.servedCount = 0;
    this.droppedCount = 0;
  }

  /** A subclass's word on what limits it over a window of `spanNs` (see ResourceSnapshot.limitNote). */
  protected limitNote(_spanNs: number): string | undefined {
    return undefined;
  }

  snapshot(): ResourceSnapshot {
    this.accrue();
    const levels = this.levels;
    const at = this.at;
    const span = this.sim.nowNs - levels[at + WINDOW_START_NS]!;
    const note = this.limitNote(span);
    return {
      ...(note === undefined ? {} : { limitNote: note }),
      id: this.id,
      node: this.node,
      kind: this.kind,
      utilization: span > 0 ? levels[at + BUSY_INTEGRAL]! / (span * this.capacityUnits()) : 0,
      meanQueue: span > 0 ? levels[at + QUEUE_INTEGRAL]! / span : 0,
      maxQueue: levels[at + MAX_QUEUE]!,
      served: this.servedCount,
      dropped: this.droppedCount,
      work: levels[at + WORK_DONE]!,
    };
  }
}

/**
 * c identical servers in front of one FCFS queue (CPU cores, worker pools). A job holds one
 * server for `serviceNs`. With `queueLimit`, a job arriving to a full waiting line is refused.
 *
 * No object per job (why: with a thousand servers a host's CPU is touched about once per
 * thousand requests, so every object an operation reaches is a cache miss). Jobs live in two
 * ranges of the simulator's arena (slot-arena.ts), shared with other resources:
 *   numbers:    [ service ns by slot (slotCap) | free-slot stack (slotCap) | waiting ns by ring position (ringCap) ]
 *   references: [ callback, argument by slot (2·slotCap) | callback, argument by ring position (2·ringCap) ]
 * A job in service holds a slot, whose index is its completion event's argument; waiting jobs
 * sit in a ring (ringCap a power of two: O(1) at both ends, no shifting). When either part is
 * full both move to larger ranges (slots up to `servers`), so a steady stream of jobs allocates
 * nothing.
 */
export class FcfsResource extends Resource {
  private busy = 0;
  private slotCap: number;
  private freeTop: number;
  private ringCap = 8;
  private head = 0;
  private count = 0;
  private nums: Float64Array;
  private numsAt: number;
  private refs: unknown[];
  private refsAt: number;
  private readonly complete = (slot: number): void => this.finish(slot);

  constructor(sim: Simulator, id: string, node: string, kind: ResourceKind, readonly servers: number, readonly queueLimit = Number.POSITIVE_INFINITY) {
    super(sim, id, node, kind);
    if (!(servers >= 1) || !Number.isInteger(servers)) throw new RangeError(`${id}: servers must be a positive integer`);
    this.slotCap = Math.min(servers, 8);
    this.freeTop = this.slotCap;
    const nums = sim.arena.take(2 * this.slotCap + this.ringCap);
    this.nums = nums.array;
    this.numsAt = nums.at;
    const refs = sim.arena.takeRefs(2 * (this.slotCap + this.ringCap));
    this.refs = refs.refs;
    this.refsAt = refs.at;
    // Free slots are popped from the top: slot 0 first.
    for (let k = 0; k < this.slotCap; k++) this.nums[this.numsAt + this.slotCap + k] = this.slotCap - 1 - k;
  }

  protected busyLevel(): number { return this.busy; }
  protected queueLevel(): number { return this.count; }
  protected capacityUnits(): number { return this.servers; }

  get waiting(): number { return this.count; }
  get inService(): number { return this.busy; }

  /** Returns false (and counts a drop) when the waiting line is full. */
  submit<A>(serviceNs: number, done: Done<A>, arg: A): boolean {
    return this.enqueue(serviceNs, done as Done<unknown>, arg, false);
  }

  /**
   * Like submit, but the job goes to the head of the waiting line (non-preemptive priority): the
   * kernel's softirq work, such as answering a SYN, does not wait behind queued application work.
   */
  submitUrgent<A>(serviceNs: number, done: Done<A>, arg: A): boolean {
    return this.enqueue(serviceNs, done as Done<unknown>, arg, true);
  }

  private enqueue(serviceNs: number, done: Done<unknown>, arg: unknown, atHead: boolean): boolean {
    const busy = this.busy;
    if (busy >= this.servers && this.count >= this.queueLimit) {
      this.droppedCount++;
      return false;
    }
    addLevels(this.levels, this.at, this.sim.nowNs, busy, this.count);
    if (busy < this.servers) {
      this.busy = busy + 1;
      this.sim.post(serviceNs, this.complete, this.occupy(serviceNs, done, arg));
      return true;
    }
    if (this.count === this.ringCap) this.relayout(this.slotCap, this.ringCap * 2);
    const mask = this.ringCap - 1;
    let pos: number;
    if (atHead) {
      pos = this.head = (this.head - 1) & mask;
    } else {
      pos = (this.head + this.count) & mask;
    }
    this.nums[this.numsAt + 2 * this.slotCap + pos] = serviceNs;
    const r = this.refsAt + 2 * this.slotCap + 2 * pos;
    this.refs[r] = done;
    this.refs[r + 1] = arg;
    this.count++;
    noteQueueLevel(this.levels, this.at, this.count);
    return true;
  }

  /** Puts a job in a free service slot (growing the slots when all are taken) and returns the slot. */
  private occupy(serviceNs: number, done: Done<unknown>, arg: unknown): number {
    if (this.freeTop === 0) this.relayout(Math.min(this.servers, this.slotCap * 2), this.ringCap);
    const nums = this.nums;
    const at = this.numsAt;
    const slot = nums[at + this.slotCap + --this.freeTop]!;
    nums[at + slot] = serviceNs;
    this.refs[this.refsAt + 2 * slot] = done;
    this.refs[this.refsAt + 2 * slot + 1] = arg;
    return slot;
  }

  private finish(slot: number): void {
    const nums = this.nums;
    const at = this.numsAt;
    const refs = this.refs;
    const r = this.refsAt + 2 * slot;
    addLevels(this.levels, this.at, this.sim.nowNs, this.busy, this.count);
    this.servedCount++;
    this.levels[this.at + WORK_DONE] = this.levels[this.at + WORK_DONE]! + nums[at + slot]!;
    const done = refs[r] as Done<unknown>;
    const arg = refs[r + 1];
    refs[r] = undefined;
    refs[r + 1] = undefined;
    nums[at + this.slotCap + this.freeTop++] = slot;
    if (this.count > 0) {
      const h = this.head;
      const nextNs = nums[at + 2 * this.slotCap + h]!;
      const q = this.refsAt + 2 * this.slotCap + 2 * h;
      const nextDone = refs[q] as Done<unknown>;
      const nextArg = refs[q + 1];
      refs[q] = undefined;
      refs[q + 1] = undefined;
      this.head = (h + 1) & (this.ringCap - 1);
      this.count--;
      this.sim.post(nextNs, this.complete, this.occupy(nextNs, nextDone, nextArg));
    } else {
      this.busy--;
    }
    done(arg);
  }

  /**
   * Moves the jobs to new ranges of `slotCap` slots and `ringCap` ring positions (the waiting
   * line unrolled to start at 0), and drops the old range's references.
   */
  private relayout(slotCap: number, ringCap: number): void {
    const oldSlots = this.slotCap;
    const oldMask = this.ringCap - 1;
    const on = this.nums;
    const oa = this.numsAt;
    const or = this.refs;
    const ora = this.refsAt;
    const numSlots = this.sim.arena.take(2 * slotCap + ringCap);
    const refSlots = this.sim.arena.takeRefs(2 * (slotCap + ringCap));
    const nums = numSlots.array;
    const na = numSlots.at;
    const refs = refSlots.refs;
    const ra = refSlots.at;
    for (let s = 0; s < oldSlots; s++) {
      nums[na + s] = on[oa + s]!;
      refs[ra + 2 * s] = or[ora + 2 * s];
      refs[ra + 2 * s + 1] = or[ora + 2 * s + 1];
    }
    let top = 0;
    for (let s = slotCap - 1; s >= oldSlots; s--) nums[na + slotCap + top++] = s;
    for (let k = 0; k < this.freeTop; k++) nums[na + slotCap + top++] = on[oa + oldSlots + k]!;
    for (let k = 0; k < this.count; k++) {
      const from = (this.head + k) & oldMask;
      nums[na + 2 * slotCap + k] = on[oa + 2 * oldSlots + from]!;
      refs[ra + 2 * slotCap + 2 * k] = or[ora + 2 * oldSlots + 2 * from];
      refs[ra + 2 * slotCap + 2 * k + 1] = or[ora + 2 * oldSlots + 2 * from + 1];
    }
    or.fill(undefined, ora, ora + 2 * (oldSlots + this.ringCap));
    this.nums = nums;
    this.numsAt = na;
    this.refs = refs;
    this.refsAt = ra;
    this.slotCap = slotCap;
    this.freeTop = top;
    this.ringCap = ringCap;
    this.head = 0;
  }
}

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

/**
 * Occupancy with a capacity: connection-table entries, connection slots. Holders acquire and
 * release explicitly; utilization is mean occupancy / capacity, maxQueue the peak occupancy.
 */
export class Gauge extends Resource {
  private level = 0;

  constructor(sim: Simulator, id: string, node: string, kind: ResourceKind, readonly capacity: number) {
    super(sim, id, node, kind);
  }

  protected busyLevel(): number { return this.level; }
  protected queueLevel(): number { return this.level; }
  protected capacityUnits(): number { return this.capacity; }

  get occupancy(): number { return this.level; }

  /** Returns false (and counts a drop) when full. */
  acquire(): boolean {
    if (this.level >= this.capacity) {
      this.droppedCount++;
      return false;
    }
    this.accrue();
    this.level++;
    this.servedCount++;
    this.noteQueue();
    return true;
  }

  /** Counts one refusal that was decided elsewhere (a queue's timeout), occupancy unchanged. */
  refuse(): void {
    this.droppedCount++;
  }

  release(): void {
    if (this.level <= 0) throw new Error(`${this.id}: release without acquire`);
    this.accrue();
    this.level--;
  }
}
