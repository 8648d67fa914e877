import type { SlotArena } from './slot-arena.js';

/**
 * A binary min-heap of processor-sharing jobs ordered by (finishTag, seq), written out by hand
 * because a NIC holds only a few jobs at a time and is touched on every transfer: no comparator
 * closure, no generic container, and no object per job.
 *
 * Layout (why: with a thousand servers each NIC is touched about once per thousand requests, so
 * every object an operation reaches is a cache miss; ranges of the simulator's arena, shared with
 * other resources, replace a heap-allocated job object, V8's boxed doubles, and arrays per heap):
 *  - a job lives in a slot; its finishTag, seq and work sit side by side (3 numbers per slot,
 *    one cache line per job), its callback and argument in 2 reference slots;
 *  - `order` is a permutation of the slots: its first `size` entries are the heap (slot indices
 *    in heap order), the rest are the free slots, so there is no separate free list.
 * Number range: [ order (cap) | finishTag, seq, work by slot (3·cap) ]; reference range:
 * [ callback, argument by slot (2·cap) ]. Both move to ranges twice as large when full and
 * never shrink (a steady state of transfers allocates nothing).
 */
const TAG = 0;
const SEQ = 1;
const WORK = 2;
const NUMS_PER_SLOT = 3;

export class JobHeap {
  private v: Float64Array;
  /** Index in `v` of order[0]; the slots' numbers start at `at + cap`. */
  private at: number;
  private numsAt: number;
  private refs: unknown[];
  private refsAt: number;
  private cap: number;
  private size = 0;

  constructor(private readonly arena: SlotArena, capacity = 4) {
    if (!(capacity >= 1) || !Number.isInteger(capacity)) throw new RangeError('JobHeap capacity must be a positive integer');
    this.cap = capacity;
    const nums = arena.take(capacity * (1 + NUMS_PER_SLOT));
    this.v = nums.array;
    this.at = nums.at;
    this.numsAt = nums.at + capacity;
    const refs = arena.takeRefs(capacity * 2);
    this.refs = refs.refs;
    this.refsAt = refs.at;
    for (let s = 0; s < capacity; s++) this.v[this.at + s] = s;
  }

  get length(): number {
    return this.size;
  }

  /** finishTag of the least job (the heap must not be empty). */
  headTag(): number {
    return this.v[this.numsAt + this.v[this.at]! * NUMS_PER_SLOT + TAG]!;
  }

  /** Strict (finishTag, seq) order of two slots: the heap's only comparison. */
  private before(a: number, b: number): boolean {
    const v = this.v;
    const na = this.numsAt + a * NUMS_PER_SLOT;
    const nb = this.numsAt + b * NUMS_PER_SLOT;
    const ta = v[na + TAG]!;
    const tb = v[nb + TAG]!;
    return ta < tb || (ta === tb && v[na + SEQ]! < v[nb + SEQ]!);
  }

  push(finishTag: number, seq: number, work: number, done: (arg: unknown) => void, arg: unknown): void {
    if (this.size === this.cap) this.grow();
    const v = this.v;
    const at = this.at;
    let i = this.size++;
    const slot = v[at + i]!;
    const n = this.numsAt + slot * NUMS_PER_SLOT;
    v[n + TAG] = finishTag;
    v[n + SEQ] = seq;
    v[n + WORK] = work;
    this.refs[this.refsAt + slot * 2] = done;
    this.refs[this.refsAt + slot * 2 + 1] = arg;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = v[at + parent]!;
      if (!this.before(slot, p)) break;
      v[at + i] = p;
      i = parent;
    }
    v[at + i] = slot;
  }

  /**
   * Removes the least job and returns its slot (-1 when empty). The slot's fields stay readable
   * until the next push; the caller reads them, then calls `release(slot)`.
   */
  pop(): number {
    if (this.size === 0) return -1;
    const v = this.v;
    const at = this.at;
    const top = v[at]!;
    const n = --this.size;
    const last = v[at + n]!;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && this.before(v[at + right]!, v[at + left]!) ? right : left;
        const c = v[at + child]!;
        if (!this.before(c, last)) break;
        v[at + i] = c;
        i = child;
      }
      v[at + i] = last;
    }
    // The popped slot becomes the first free one, keeping `order` a permutation.
    v[at + n] = top;
    return top;
  }

  tagOf(slot: number): number {
    return this.v[this.numsAt + slot * NUMS_PER_SLOT + TAG]!;
  }

  workOf(slot: number): number {
    return this.v[this.numsAt + slot * NUMS_PER_SLOT + WORK]!;
  }

  doneOf(slot: number): (arg: unknown) => void {
    return this.refs[this.refsAt + slot * 2] as (arg: unknown) => void;
  }

  argOf(slot: number): unknown {
    return this.refs[this.refsAt + slot * 2 + 1];
  }

  /** Drops a popped job's references (its argument must not outlive it). */
  release(slot: number): void {
    this.refs[this.refsAt + slot * 2] = undefined;
    this.refs[this.refsAt + slot * 2 + 1] = undefined;
  }

  /** Moves to ranges twice as large (called when every slot is in the heap). */
  private grow(): void {
    const cap = this.cap;
    const bigger = cap * 2;
    const nums = this.arena.take(bigger * (1 + NUMS_PER_SLOT));
    const v = nums.array;
    const at = nums.at;
    const numsAt = at + bigger;
    for (let i = 0; i < cap; i++) v[at + i] = this.v[this.at + i]!;
    for (let s = cap; s < bigger; s++) v[at + s] = s;
    for (let k = 0; k < cap * NUMS_PER_SLOT; k++) v[numsAt + k] = this.v[this.numsAt + k]!;
    const refs = this.arena.takeRefs(bigger * 2);
    for (let k = 0; k < cap * 2; k++) {
      refs.refs[refs.at + k] = this.refs[this.refsAt + k];
      // The old range is abandoned: drop its references so they do not outlive their jobs.
      this.refs[this.refsAt + k] = undefined;
    }
    this.v = v;
    this.at = at;
    this.numsAt = numsAt;
    this.refs = refs.refs;
    this.refsAt = refs.at;
    this.cap = bigger;
  }
}
