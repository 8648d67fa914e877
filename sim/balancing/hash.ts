/**
 * Deterministic 32-bit hashes used by the hashing schedulers. All take and return unsigned 32-bit
 * integers (JS numbers in [0, 2^32)), use only Math.imul and shifts, and never allocate.
 *
 * - `kernelHash32`: the Linux kernel's `hash_32(val, bits)` (include/linux/hash.h): multiply by
 *   GOLDEN_RATIO_32 = 0x61C88647 and keep the top `bits` bits. Used by IPVS `sh`.
 * - `knuthHash`: val × 2654435761 mod 2^32 (Knuth's multiplicative hash), as in IPVS `dh`
 *   (`ip_vs_dh_hashkey`), which then keeps the *low* bits.
 * - `fmix32`: the MurmurHash3 32-bit finalizer (Austin Appleby, public domain algorithm): full
 *   avalanche, used where a well-mixed value is needed.
 * - `murmur3Word`: MurmurHash3_x86_32 of one 4-byte block with a seed; a seeded family of hashes
 *   (Maglev needs two independent ones).
 * - `hashString32`: FNV-1a over UTF-16 code units, then `fmix32`; for destination ids.
 */

const GOLDEN_RATIO_32 = 0x61c88647;
const KNUTH_32 = 2654435761;
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

export function kernelHash32(value: number, bits: number): number {
  return Math.imul(value, GOLDEN_RATIO_32) >>> (32 - bits);
}

export function knuthHash(value: number): number {
  return Math.imul(value, KNUTH_32) >>> 0;
}

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function murmur3Word(value: number, seed: number): number {
  let k = Math.imul(value, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  let h = seed ^ k;
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  return fmix32(h ^ 4); // length in bytes
}

export function hashString32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}
