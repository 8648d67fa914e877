/**
 * Numbers of many small long-lived objects (a resource's integrals and clock, a node's traffic
 * counters, a queue's jobs) packed into shared Float64Array chunks, and their references
 * (callbacks, arguments) into shared array chunks, handed out in construction order.
 *
 * Why: a typed array is an object of its own (a header, then its data), so a resource that owns
 * one costs two or three cache lines on every touch before its first number is read. With a
 * thousand servers each touched about once per thousand requests, every one of those lines is a
 * miss. Sharing a chunk among hundreds of resources keeps the header hot, and the numbers of
 * objects built together (a server's CPU, NICs and receive queues) sit in adjacent lines.
 * Number slots start at zero, reference slots undefined; neither is ever freed (an owner that
 * outgrows its range takes a new one twice the size, so at most half of what it took is left
 * behind): the arena lives as long as its simulator.
 */
export interface RefSlots {
  /** The chunk holding the slots (shared with other owners: use only [at, at + n)). */
  readonly refs: unknown[];
  /** Index of the first slot. */
  readonly at: number;
}

export interface Slots {
  /** The chunk holding the slots (shared with other owners: use only [at, at + n)). */
  readonly array: Float64Array;
  /** Index of the first slot. */
  readonly at: number;
}

const FIRST_CHUNK_SLOTS = 256;
const MAX_CHUNK_SLOTS = 16_384;

export class SlotArena {
  private chunk = new Float64Array(FIRST_CHUNK_SLOTS);
  private used = 0;
  private refChunk: unknown[] = newRefs(FIRST_CHUNK_SLOTS);
  private refsUsed = 0;

  /** `n` zeroed slots, contiguous. */
  take(n: number): Slots {
    if (!(n >= 1) || !Number.isInteger(n)) throw new RangeError(`slot count must be a positive integer, got ${n}`);
    if (this.used + n > this.chunk.length) {
      // Chunks grow (small simulations stay small) up to a bound; a request larger than that gets its own.
      const size = Math.max(n, Math.min(MAX_CHUNK_SLOTS, this.chunk.length * 2));
      this.chunk = new Float64Array(size);
      this.used = 0;
    }
    const at = this.used;
    this.used += n;
    return { array: this.chunk, at };
  }

  /** `n` reference slots (undefined), contiguous. */
  takeRefs(n: number): RefSlots {
    if (!(n >= 1) || !Number.isInteger(n)) throw new RangeError(`slot count must be a positive integer, got ${n}`);
    if (this.refsUsed + n > this.refChunk.length) {
      this.refChunk = newRefs(Math.max(n, Math.min(MAX_CHUNK_SLOTS, this.refChunk.length * 2)));
      this.refsUsed = 0;
    }
    const at = this.refsUsed;
    this.refsUsed += n;
    return { refs: this.refChunk, at };
  }
}

function newRefs(n: number): unknown[] {
  return new Array<unknown>(n).fill(undefined);
}
