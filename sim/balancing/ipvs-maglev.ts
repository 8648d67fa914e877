import type { Balancer, BalancerOptions, Destination, PickContext } from './balancer.js';
import { gcd, isAvailable } from './dest-state.js';
import { hashString32, murmur3Word } from './hash.js';

/**
 * IPVS `mh`: Maglev consistent hashing (net/netfilter/ipvs/ip_vs_mh.c; Eisenbud et al., "Maglev",
 * NSDI 2016, §3.4). A lookup table of prime size M (default 4093) is populated in
 * `membershipChanged`, never per pick:
 *
 * - each destination in the service list (`up`) has a permutation of the slots given by
 *   offset = h1(id) mod M and skip = h2(id) mod (M − 1) + 1; slot k of its preference list is
 *   (offset + k·skip) mod M;
 * - destinations take turns in list order; in its turn a destination claims its next preferred
 *   slot that is still free, `turns` times, where turns = (lastWeight / gcd) >> rshift, at least 1
 *   for a non-zero weight, and rshift keeps max(weight/gcd) within 6 bits (IP_VS_MH_TAB_BITS);
 * - a key maps to slot h1(sourceKey) mod M.
 *
 * Weights: like the kernel's `last_weight`, the table uses a destination's last non-zero weight,
 * so quiescing (weight 0) leaves the table unchanged and the keys of that destination get -1, or,
 * with `fallback` (the `mh-fallback` flag), the first available owner of the slots
 * h1(sourceKey + r) mod M for r = slot, slot + 1, …. Removing a destination (`up = false`)
 * rebuilds the table: only its keys must move, and few others do (the Maglev property).
 *
 * Hashes: the kernel uses hsiphash with fixed keys over the dest address and port; here h1 and h2
 * are MurmurHash3 of the destination id (and of the source key) with two fixed seeds, so slot
 * positions differ from a real kernel while the population algorithm is the same.
 * Tie-break: none needed (a slot has one owner).
 */
const SEED1 = 2654435761; // the kernel's hsiphash key words for hash1 / hash2
const SEED2 = 2654446892;
const MH_TAB_BITS = 6; // CONFIG_IP_VS_MH_TAB_INDEX (12) / 2

export class MaglevBalancer implements Balancer {
  readonly name = 'mh';
  private readonly size: number;
  private readonly fallback: boolean;
  private readonly table: Int32Array;
  private readonly lastWeight: Float64Array;
  private readonly wasUp: Uint8Array;
  private readonly offset: Float64Array;
  private readonly skip: Float64Array;
  private readonly next: Float64Array;
  private readonly turns: Float64Array;
  private readonly taken: Uint8Array;

  constructor(
    private readonly dests: readonly Destination[],
    options: BalancerOptions,
  ) {
    const size = options.mhTableSize ?? 4093;
    if (!isPrime(size)) throw new RangeError(`mhTableSize must be prime, got ${size}`);
    if (dests.length > size) throw new RangeError(`mh: ${dests.length} destinations exceed the table size ${size}`);
    this.size = size;
    this.fallback = options.fallback ?? false;
    this.table = new Int32Array(size);
    this.taken = new Uint8Array(size);
    const n = dests.length;
    this.lastWeight = new Float64Array(n);
    this.wasUp = new Uint8Array(n);
    this.offset = new Float64Array(n);
    this.skip = new Float64Array(n);
    this.next = new Float64Array(n);
    this.turns = new Float64Array(n);
    for (const d of dests) {
      const key = hashString32(d.id);
      this.offset[d.index] = murmur3Word(key, SEED1) % size;
      this.skip[d.index] = (murmur3Word(key, SEED2) % (size - 1)) + 1;
      this.lastWeight[d.index] = d.weight;
      this.wasUp[d.index] = d.up ? 1 : 0;
    }
    this.populate();
  }

  membershipChanged(): void {
    for (const d of this.dests) {
      // ip_vs_ctl.c keeps last_weight at the latest non-zero weight; a (re-)added dest takes its weight.
      if (d.weight > 0 || (d.up && this.wasUp[d.index] === 0)) this.lastWeight[d.index] = d.weight;
      this.wasUp[d.index] = d.up ? 1 : 0;
    }
    this.populate();
  }

  private populate(): void {
    const { dests, size, table, taken, lastWeight, turns, next } = this;
    table.fill(-1);
    taken.fill(0);
    let g = 0;
    let maxWeight = 0;
    for (const d of dests) {
      const w = lastWeight[d.index]!;
      if (!d.up || w <= 0) continue;
      g = g > 0 ? gcd(w, g) : w;
      if (w > maxWeight) maxWeight = w;
    }
    if (g < 1) return;
    const rshift = Math.max(0, bitLength(Math.floor(maxWeight / g)) - MH_TAB_BITS);
    let active = 0;
    for (const d of dests) {
      const i = d.index;
      next[i] = this.offset[i]!;
      const lw = d.up ? lastWeight[i]! : 0;
      const t = Math.floor(lw / g) >> rshift;
      turns[i] = t > 0 ? t : lw > 0 ? 1 : 0;
      if (turns[i]! > 0) active++;
    }
    if (active === 0) return;
    let filled = 0;
    for (;;) {
      for (const d of dests) {
        const i = d.index;
        for (let t = turns[i]!; t > 0; t--) {
          let c = next[i]!;
          while (taken[c] === 1) {
            c += this.skip[i]!;
            if (c >= size) c -= size;
          }
          next[i] = c;
          taken[c] = 1;
          table[c] = i;
          if (++filled === size) return;
        }
      }
    }
  }

  private slotOf(key: number): number {
    return murmur3Word(key >>> 0, SEED1) % this.size;
  }

  pick(ctx: PickContext): number {
    const slot = this.slotOf(ctx.sourceKey);
    const owner = this.table[slot]!;
    if (owner < 0) return -1;
    if (isAvailable(this.dests[owner]!)) return owner;
    if (!this.fallback) return -1;
    for (let offset = 0; offset < this.size; offset++) {
      const roffset = (offset + slot) % this.size;
      const probe = this.table[this.slotOf((ctx.sourceKey + roffset) >>> 0)]!;
      if (probe < 0) return -1;
      if (isAvailable(this.dests[probe]!)) return probe;
    }
    return -1;
  }
}

function isPrime(m: number): boolean {
  if (!Number.isInteger(m) || m < 2) return false;
  for (let f = 2; f * f <= m; f++) if (m % f === 0) return false;
  return true;
}

/** Linux `fls`: index of the highest set bit, 1-based; 0 for 0. */
function bitLength(x: number): number {
  return x <= 0 ? 0 : 32 - Math.clz32(x);
}
