import { fmix32, murmur3Word } from '../balancing/hash.js';

/**
 * The router in front of a tier of directors that share one VIP (docs/failure.md §4): it picks a
 * next hop per flow by hashing the flow's 5-tuple, so every packet of a connection reaches the same
 * director while the set of next hops does not change.
 *
 *   mod-n: next hop = hash mod (number of live next hops), over the live ones in order. Removing or
 *     adding one renumbers almost every flow: a flow stays put with probability 1/N when one of N
 *     goes, so (N − 1)/N of established flows move.
 *   resilient: a table of buckets, each owned by a next hop (Linux resilient next-hop groups, and
 *     what "consistent" ECMP on switches does). A removed hop's buckets go to the remaining ones
 *     with the fewest; an added hop takes buckets from those with the most, one at a time, until
 *     balanced. Only the flows of moved buckets move: 1/N on a removal, about 1/(N + 1) on an add.
 */
export type EcmpHashing = 'mod-n' | 'resilient';

/** Hash of a TCP flow: client address, client port, VIP and port are folded in with MurmurHash3. */
export function flowHash(clientAddress: number, clientPort: number): number {
  return fmix32(murmur3Word(clientAddress >>> 0, 0x9747b28c) ^ Math.imul(clientPort >>> 0, 0x2c1b3c6d) ^ 0x50) >>> 0;
}

export class EcmpGroup {
  private readonly live: boolean[];
  private liveList: number[];
  private readonly buckets: Int32Array;

  constructor(readonly hops: number, readonly hashing: EcmpHashing, bucketCount = 1024) {
    if (!(hops >= 1)) throw new RangeError(`an ECMP group needs at least one next hop, got ${hops}`);
    this.live = new Array<boolean>(hops).fill(true);
    this.liveList = [...Array(hops).keys()];
    this.buckets = new Int32Array(hashing === 'resilient' ? Math.max(bucketCount, hops) : 0);
    for (let b = 0; b < this.buckets.length; b++) this.buckets[b] = b % hops;
  }

  isLive(hop: number): boolean {
    return this.live[hop] === true;
  }

  /** The next hop for a flow hash, or -1 when no hop is live. */
  pick(hash: number): number {
    if (this.liveList.length === 0) return -1;
    if (this.hashing === 'mod-n') return this.liveList[hash % this.liveList.length]!;
    return this.buckets[hash % this.buckets.length]!;
  }

  remove(hop: number): void {
    if (!this.live[hop]) return;
    this.live[hop] = false;
    this.liveList = this.liveList.filter((h) => h !== hop);
    if (this.hashing === 'resilient' && this.liveList.length > 0) {
      const counts = this.ownedCounts();
      for (let b = 0; b < this.buckets.length; b++) {
        if (this.buckets[b] !== hop) continue;
        const to = this.argBest(counts, (a, c) => a < c);
        this.buckets[b] = to;
        counts[to]!++;
      }
    }
  }

  add(hop: number): void {
    if (this.live[hop]) return;
    this.live[hop] = true;
    this.liveList = [...this.liveList, hop].sort((a, b) => a - b);
    if (this.hashing !== 'resilient') return;
    if (this.liveList.length === 1) {
      this.buckets.fill(hop);
      return;
    }
    const counts = this.ownedCounts();
    const fair = Math.floor(this.buckets.length / this.liveList.length);
    // Take one bucket at a time from the current largest owner, scanning the table in order.
    while (counts[hop]! < fair) {
      const from = this.argBest(counts, (a, c) => a > c);
      if (counts[from]! <= fair) break;
      for (let b = 0; b < this.buckets.length; b++) {
        if (this.buckets[b] === from) {
          this.buckets[b] = hop;
          counts[from]!--;
          counts[hop]!++;
          break;
        }
      }
    }
  }

  private ownedCounts(): number[] {
    const counts = new Array<number>(this.hops).fill(0);
    for (let b = 0; b < this.buckets.length; b++) counts[this.buckets[b]!]!++;
    return counts;
  }

  /** The live hop whose count wins `beats`; the lower index on ties. */
  private argBest(counts: number[], beats: (a: number, current: number) => boolean): number {
    let best = this.liveList[0]!;
    for (const h of this.liveList) if (beats(counts[h]!, counts[best]!)) best = h;
    return best;
  }
}
