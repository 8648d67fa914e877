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
 *
 * The heap's own few fields (`JobHeapFields`) live in the object that owns it, and the operations
 * are functions of them: a processor-sharing resource is its own heap, so a transfer reaches one
 * object, not the resource and then a heap object (one cache line fewer per touch, for the same
 * reason). `JobHeap` is the same heap as an object of its own.
 */
const TAG = 0;
const SEQ = 1;
const WORK = 2;
const NUMS_PER_SLOT = 3;

/** A heap's fields, held by its owner (public only so that the functions below can reach them). */
export interface JobHeapFields {
  heapNums: Float64Array;
  /** Index in `heapNums` of order[0]; the slots' numbers start at `heapSlotsAt`. */
  heapAt: number;
  heapSlotsAt: number;
  heapRefs: unknown[];
  heapRefsAt: number;
  heapCap: number;
  heapSize: number;
}

/** Makes `h` an empty heap of `capacity` slots, in ranges taken from `arena` (its owner's constructor calls this). */
export function initJobHeap(h: JobHeapFields, arena: SlotArena, capacity = 4): void {
  if (!(capacity >= 1) || !Number.isInteger(capacity)) throw new RangeError('JobHeap capacity must be a positive integer');
  const nums = arena.take(capacity * (1 + NUMS_PER_SLOT));
  const refs = arena.takeRefs(capacity * 2);
  for (let s = 0; s < capacity; s++) nums.array[nums.at + s] = s;
  h.heapNums = nums.array;
  h.heapAt = nums.at;
  h.heapSlotsAt = nums.at + capacity;
  h.heapRefs = refs.refs;
  h.heapRefsAt = refs.at;
  h.heapCap = capacity;
  h.heapSize = 0;
}

/** finishTag of the least job (the heap must not be empty). */
export function heapHeadTag(h: JobHeapFields): number {
  return h.heapNums[h.heapSlotsAt + h.heapNums[h.heapAt]! * NUMS_PER_SLOT + TAG]!;
}

/** Strict (finishTag, seq) order of two slots: the heap's only comparison. */
function before(v: Float64Array, slotsAt: number, a: number, b: number): boolean {
  const na = slotsAt + a * NUMS_PER_SLOT;
  const nb = slotsAt + b * NUMS_PER_SLOT;
  const ta = v[na + TAG]!;
  const tb = v[nb + TAG]!;
  return ta < tb || (ta === tb && v[na + SEQ]! < v[nb + SEQ]!);
}

export function heapPush(h: JobHeapFields, arena: SlotArena, finishTag: number, seq: number, work: number, done: (arg: unknown) => void, arg: unknown): void {
  if (h.heapSize === h.heapCap) grow(h, arena);
  const v = h.heapNums;
  const at = h.heapAt;
  const slotsAt = h.heapSlotsAt;
  let i = h.heapSize++;
  const slot = v[at + i]!;
  const n = slotsAt + slot * NUMS_PER_SLOT;
  v[n + TAG] = finishTag;
  v[n + SEQ] = seq;
  v[n + WORK] = work;
  h.heapRefs[h.heapRefsAt + slot * 2] = done;
  h.heapRefs[h.heapRefsAt + slot * 2 + 1] = arg;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = v[at + parent]!;
    if (!before(v, slotsAt, slot, p)) break;
    v[at + i] = p;
    i = parent;
  }
  v[at + i] = slot;
}

/**
 * Removes the least job and returns its slot (-1 when empty). The slot's fields stay readable
 * until the next push; the caller reads them, then calls `heapRelease`.
 */
export function heapPop(h: JobHeapFields): number {
  if (h.heapSize === 0) return -1;
  const v = h.heapNums;
  const at = h.heapAt;
  const slotsAt = h.heapSlotsAt;
  const top = v[at]!;
  const n = --h.heapSize;
  const last = v[at + n]!;
  if (n > 0) {
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(v, slotsAt, v[at + right]!, v[at + left]!) ? right : left;
      const c = v[at + child]!;
      if (!before(v, slotsAt, c, last)) break;
      v[at + i] = c;
      i = child;
    }
    v[at + i] = last;
  }
  // The popped slot becomes the first free one, keeping `order` a permutation.
  v[at + n] = top;
  return top;
}

export function heapTagOf(h: JobHeapFields, slot: number): number {
  return h.heapNums[h.heapSlotsAt + slot * NUMS_PER_SLOT + TAG]!;
}

export function heapWorkOf(h: JobHeapFields, slot: number): number {
  return h.heapNums[h.heapSlotsAt + slot * NUMS_PER_SLOT + WORK]!;
}

export function heapDoneOf(h: JobHeapFields, slot: number): (arg: unknown) => void {
  return h.heapRefs[h.heapRefsAt + slot * 2] as (arg: unknown) => void;
}

export function heapArgOf(h: JobHeapFields, slot: number): unknown {
  return h.heapRefs[h.heapRefsAt + slot * 2 + 1];
}

/** Drops a popped job's references (its argument must not outlive it). */
export function heapRelease(h: JobHeapFields, slot: number): void {
  h.heapRefs[h.heapRefsAt + slot * 2] = undefined;
  h.heapRefs[h.heapRefsAt + slot * 2 + 1] = undefined;
}

/** Moves to ranges twice as large (called when every slot is in the heap). */
function grow(h: JobHeapFields, arena: SlotArena): void {
  const cap = h.heapCap;
  const bigger = cap * 2;
  const nums = arena.take(bigger * (1 + NUMS_PER_SLOT));
  const v = nums.array;
  const at = nums.at;
  const slotsAt = at + bigger;
  for (let i = 0; i < cap; i++) v[at + i] = h.heapNums[h.heapAt + i]!;
  for (let s = cap; s < bigger; s++) v[at + s] = s;
  for (let k = 0; k < cap * NUMS_PER_SLOT; k++) v[slotsAt + k] = h.heapNums[h.heapSlotsAt + k]!;
  const refs = arena.takeRefs(bigger * 2);
  for (let k = 0; k < cap * 2; k++) {
    refs.refs[refs.at + k] = h.heapRefs[h.heapRefsAt + k];
    // The old range is abandoned: drop its references so they do not outlive their jobs.
    h.heapRefs[h.heapRefsAt + k] = undefined;
  }
  h.heapNums = v;
  h.heapAt = at;
  h.heapSlotsAt = slotsAt;
  h.heapRefs = refs.refs;
  h.heapRefsAt = refs.at;
  h.heapCap = bigger;
}

/** The heap as an object of its own. */
export class JobHeap {
  private readonly h = {} as JobHeapFields;

  constructor(private readonly arena: SlotArena, capacity = 4) {
    initJobHeap(this.h, arena, capacity);
  }

  get length(): number { return this.h.heapSize; }
  headTag(): number { return heapHeadTag(this.h); }
  push(finishTag: number, seq: number, work: number, done: (arg: unknown) => void, arg: unknown): void { heapPush(this.h, this.arena, finishTag, seq, work, done, arg); }
  pop(): number { return heapPop(this.h); }
  tagOf(slot: number): number { return heapTagOf(this.h, slot); }
  workOf(slot: number): number { return heapWorkOf(this.h, slot); }
  doneOf(slot: number): (arg: unknown) => void { return heapDoneOf(this.h, slot); }
  argOf(slot: number): unknown { return heapArgOf(this.h, slot); }
  release(slot: number): void { heapRelease(this.h, slot); }
}
