/**
 * A binary min-heap of processor-sharing jobs ordered by (finishTag, seq), written out by hand
 * because a NIC holds only a few jobs at a time and is touched on every transfer: no comparator
 * closure, no generic container, and no object per job.
 *
 * Layout (why: with a thousand servers each NIC is touched about once per thousand requests, so
 * every object an operation reaches is a cache miss; a few arrays made at construction replace a
 * heap-allocated job object, and V8's boxed doubles, per job):
 *  - a job lives in a slot; `nums` holds the slot's finishTag, seq and work side by side at
 *    3·slot (one cache line per job), `refs` its callback and argument at 2·slot;
 *  - `order` is a permutation of the slots: its first `size` entries are the heap (slot indices
 *    in heap order), the rest are the free slots, so there is no separate free list.
 * The arrays double when full and never shrink (a steady state of transfers allocates nothing).
 */
const TAG = 0;
const SEQ = 1;
const WORK = 2;
const NUMS_PER_SLOT = 3;

export class JobHeap {
  private nums: Float64Array;
  private refs: unknown[];
  private order: Int32Array;
  private size = 0;

  constructor(capacity = 4) {
    if (!(capacity >= 1) || !Number.isInteger(capacity)) throw new RangeError('JobHeap capacity must be a positive integer');
    this.nums = new Float64Array(capacity * NUMS_PER_SLOT);
    this.refs = new Array<unknown>(capacity * 2).fill(undefined);
    this.order = new Int32Array(capacity);
    for (let s = 0; s < capacity; s++) this.order[s] = s;
  }

  get length(): number {
    return this.size;
  }

  /** finishTag of the least job (the heap must not be empty). */
  headTag(): number {
    return this.nums[this.order[0]! * NUMS_PER_SLOT + TAG]!;
  }

  /** Strict (finishTag, seq) order of two slots: the heap's only comparison. */
  private before(a: number, b: number): boolean {
    const nums = this.nums;
    const ta = nums[a * NUMS_PER_SLOT + TAG]!;
    const tb = nums[b * NUMS_PER_SLOT + TAG]!;
    return ta < tb || (ta === tb && nums[a * NUMS_PER_SLOT + SEQ]! < nums[b * NUMS_PER_SLOT + SEQ]!);
  }

  push(finishTag: number, seq: number, work: number, done: (arg: unknown) => void, arg: unknown): void {
    if (this.size === this.order.length) this.grow();
    const order = this.order;
    let i = this.size++;
    const slot = order[i]!;
    const nums = this.nums;
    nums[slot * NUMS_PER_SLOT + TAG] = finishTag;
    nums[slot * NUMS_PER_SLOT + SEQ] = seq;
    nums[slot * NUMS_PER_SLOT + WORK] = work;
    this.refs[slot * 2] = done;
    this.refs[slot * 2 + 1] = arg;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = order[parent]!;
      if (!this.before(slot, p)) break;
      order[i] = p;
      i = parent;
    }
    order[i] = slot;
  }

  /**
   * Removes the least job and returns its slot (-1 when empty). The slot's fields stay readable
   * until the next push; the caller reads them, then calls `release(slot)`.
   */
  pop(): number {
    if (this.size === 0) return -1;
    const order = this.order;
    const top = order[0]!;
    const n = --this.size;
    const last = order[n]!;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && this.before(order[right]!, order[left]!) ? right : left;
        const c = order[child]!;
        if (!this.before(c, last)) break;
        order[i] = c;
        i = child;
      }
      order[i] = last;
    }
    // The popped slot becomes the first free one, keeping `order` a permutation.
    order[n] = top;
    return top;
  }

  tagOf(slot: number): number {
    return this.nums[slot * NUMS_PER_SLOT + TAG]!;
  }

  workOf(slot: number): number {
    return this.nums[slot * NUMS_PER_SLOT + WORK]!;
  }

  doneOf(slot: number): (arg: unknown) => void {
    return this.refs[slot * 2] as (arg: unknown) => void;
  }

  argOf(slot: number): unknown {
    return this.refs[slot * 2 + 1];
  }

  /** Drops a popped job's references (its argument must not outlive it). */
  release(slot: number): void {
    this.refs[slot * 2] = undefined;
    this.refs[slot * 2 + 1] = undefined;
  }

  private grow(): void {
    const capacity = this.order.length;
    const nums = new Float64Array(capacity * 2 * NUMS_PER_SLOT);
    nums.set(this.nums);
    this.nums = nums;
    const refs = new Array<unknown>(capacity * 4).fill(undefined);
    for (let k = 0; k < capacity * 2; k++) refs[k] = this.refs[k];
    this.refs = refs;
    const order = new Int32Array(capacity * 2);
    order.set(this.order);
    for (let s = capacity; s < capacity * 2; s++) order[s] = s;
    this.order = order;
  }
}
