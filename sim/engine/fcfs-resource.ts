import { completionsOf, IndexedCompletions, MAX_INDEX, OWNER_SHIFT } from './indexed-completions.js';
import { addLevels, type Done, noteQueueLevel, Resource, type ResourceKind, WORK_DONE } from './resource-base.js';
import type { Simulator } from './simulator.js';

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
/** Each simulator's FCFS resources, for their shared completion handler. */
const registries = new WeakMap<Simulator, IndexedCompletions<FcfsResource>>();

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
  /** This resource's code base for its completions (indexed-completions.ts): an event's argument is base + slot. */
  private readonly base: number;
  private readonly complete: (code: number) => void;

  /** The registry of a simulator's FCFS resources: its handler finds the owner and calls it with the index. */
  private static readonly completions = (): IndexedCompletions<FcfsResource> =>
    new IndexedCompletions<FcfsResource>((owners) => (code) => owners[code >>> OWNER_SHIFT]!.finish(code & MAX_INDEX));

  constructor(sim: Simulator, id: string, node: string, kind: ResourceKind, readonly servers: number, readonly queueLimit = Number.POSITIVE_INFINITY) {
    super(sim, id, node, kind);
    if (!(servers >= 1) || !Number.isInteger(servers) || servers > MAX_INDEX + 1) throw new RangeError(`${id}: servers must be an integer in 1..${MAX_INDEX + 1}`);
    const completions = completionsOf(registries, sim, FcfsResource.completions);
    this.base = completions.register(this);
    this.complete = completions.handler;
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
      this.sim.post(serviceNs, this.complete, this.base + this.occupy(serviceNs, done, arg));
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
      this.sim.post(nextNs, this.complete, this.base + this.occupy(nextNs, nextDone, nextArg));
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
