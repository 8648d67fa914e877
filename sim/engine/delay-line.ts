import type { Simulator } from './simulator.js';

/**
 * Timers that all run for the same delay (a FIN timeout, say). Started in time order, they expire
 * in that same order, so a FIFO holds them and only the earliest is in the event queue: the queue
 * stays as small as what is really about to happen, however many timers are pending (the default
 * scenario's director closes ~5,000 connections a second: ~600,000 pending FIN timeouts of 120 s).
 *
 * Each timer takes the sequence number it would have had as an event of its own when started, so
 * it fires at exactly the same place in the (time, priority, seq) order, and counts as one fired
 * event, as it would have: swapping scheduled events for a DelayLine changes no result.
 *
 * Memory: 12 bytes per pending timer. The FIFO is a chain of fixed-size blocks, each one
 * Uint32Array of (expiry time − block base, seq − block base, arg) triples under a Float64 base
 * time and base seq; the argument is a 32-bit index into the caller's own table. Blocks are added
 * at the tail and dropped at the head (one spare kept for reuse), so memory follows the pending
 * count with no doubling and no copying. Start times and reserved seqs only increase, so offsets
 * are never negative; an entry whose offset would not fit in 32 bits (the block spans more than
 * 2^32 ns ≈ 4.3 s or 2^32 events) opens a new block, so at most delayNs / 4.3 s + 1 blocks are
 * ever part-filled: with a 120 s timeout and 1,024-entry blocks, under 0.4 MB of slack.
 */
export interface DelayLineLayout {
  /** Timers per block (default 1,024). */
  readonly blockEntries?: number;
  /** Largest offset stored within a block (default 2^32 − 1); lowered only by tests, to reach block changes cheaply. */
  readonly offsetLimit?: number;
}

/** One block of the FIFO: `length` triples filled from index 0. */
interface Block {
  readonly data: Uint32Array;
  baseTimeNs: number;
  baseSeq: number;
  length: number;
  next: Block | null;
}

const FIELDS = 3;
const MAX_U32 = 0xffff_ffff;

export class DelayLine {
  private readonly blockEntries: number;
  private readonly offsetLimit: number;
  /** Oldest block; its entry `headPos` is the timer in the event queue (when any is pending). */
  private head: Block | null = null;
  private headPos = 0;
  private tail: Block | null = null;
  /** An emptied block kept for the next tail, so a steady FIFO allocates nothing. */
  private spare: Block | null = null;
  private count = 0;
  private blocks = 0;

  constructor(
    private readonly sim: Simulator,
    readonly delayNs: number,
    private readonly handler: (index: number) => void,
    private readonly priority = 0,
    layout: DelayLineLayout = {},
  ) {
    if (!(delayNs >= 0) || !Number.isInteger(delayNs)) throw new RangeError(`delayNs must be a non-negative integer, got ${delayNs}`);
    this.blockEntries = layout.blockEntries ?? 1024;
    this.offsetLimit = layout.offsetLimit ?? MAX_U32;
    if (!Number.isInteger(this.blockEntries) || this.blockEntries < 1) throw new RangeError(`blockEntries must be a positive integer, got ${this.blockEntries}`);
    if (!Number.isInteger(this.offsetLimit) || this.offsetLimit < 0 || this.offsetLimit > MAX_U32) {
      throw new RangeError(`offsetLimit must be an integer in [0, 2^32 − 1], got ${this.offsetLimit}`);
    }
  }

  /** Timers started and not yet expired. */
  get pending(): number {
    return this.count;
  }

  /** Blocks held (the spare included): what the FIFO's memory is, in units of blockEntries × 12 bytes. */
  get blocksHeld(): number {
    return this.blocks;
  }

  /** Starts a timer: `handler(index)` runs `delayNs` from now. `index` is an unsigned 32-bit integer. */
  start(index: number): void {
    if (index >>> 0 !== index) throw new RangeError(`index must be an unsigned 32-bit integer, got ${index}`);
    const timeNs = this.sim.nowNs + this.delayNs;
    const seq = this.sim.reserveSeq();
    let tail = this.tail;
    if (tail === null || tail.length === this.blockEntries || timeNs - tail.baseTimeNs > this.offsetLimit || seq - tail.baseSeq > this.offsetLimit) {
      tail = this.append(timeNs, seq);
    }
    const k = tail.length * FIELDS;
    tail.data[k] = timeNs - tail.baseTimeNs;
    tail.data[k + 1] = seq - tail.baseSeq;
    tail.data[k + 2] = index;
    tail.length++;
    this.count++;
    if (this.count === 1) this.arm();
  }

  /** A new tail block based at (timeNs, seq); an empty lone block is rebased in place instead. */
  private append(timeNs: number, seq: number): Block {
    const last = this.tail;
    if (last !== null && this.count === 0) {
      // Nothing pending: the lone block is empty and can start over from here.
      this.headPos = 0;
      last.length = 0;
      last.baseTimeNs = timeNs;
      last.baseSeq = seq;
      return last;
    }
    let block = this.spare;
    if (block !== null) {
      this.spare = null;
      block.length = 0;
      block.baseTimeNs = timeNs;
      block.baseSeq = seq;
    } else {
      block = { data: new Uint32Array(this.blockEntries * FIELDS), baseTimeNs: timeNs, baseSeq: seq, length: 0, next: null };
      this.blocks++;
    }
    if (last === null) this.head = block;
    else last.next = block;
    this.tail = block;
    return block;
  }

  private arm(): void {
    const h = this.head!;
    const k = this.headPos * FIELDS;
    this.sim.scheduleReserved(h.baseTimeNs + h.data[k]!, h.baseSeq + h.data[k + 1]!, this.expire, undefined, this.priority);
  }

  private readonly expire = (): void => {
    const h = this.head!;
    const index = h.data[this.headPos * FIELDS + 2]!;
    this.headPos++;
    this.count--;
    if (this.headPos === h.length && h !== this.tail) {
      // The head block is spent and a later one exists: drop it (keep it as the spare).
      this.head = h.next;
      h.next = null;
      this.headPos = 0;
      if (this.spare === null) this.spare = h;
      else this.blocks--;
    }
    // The next timer goes into the queue before the handler runs: its place in the order is fixed
    // by its time and reserved seq, so when it is inserted does not matter, only that it is there.
    if (this.count > 0) this.arm();
    this.handler(index);
  };
}
