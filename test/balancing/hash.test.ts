import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fmix32, hashString32, kernelHash32, knuthHash, murmur3Word } from '../../sim/balancing/hash.js';

test('kernelHash32 is the kernel hash_32: top bits of val × 0x61C88647', () => {
  assert.equal(kernelHash32(1, 8), 0x61);
  assert.equal(kernelHash32(0, 8), 0);
  assert.equal(kernelHash32(2, 32 - 1), (0x61c88647 * 2) >>> 1);
  assert.equal(kernelHash32(0xffffffff, 8), (Math.imul(-1, 0x61c88647) >>> 24));
});

test('knuthHash is val × 2654435761 mod 2^32', () => {
  assert.equal(knuthHash(1), 2654435761);
  assert.equal(knuthHash(2), (2654435761 * 2) % 2 ** 32);
  assert.equal(knuthHash(0x12345678), Number((0x12345678n * 2654435761n) % 2n ** 32n));
});

test('murmur3Word matches MurmurHash3_x86_32 test vectors for 4-byte keys', () => {
  // Bytes 21 43 65 87 (little-endian word 0x87654321): seed 0 → 0xF55B516B, seed 0x5082EDEE → 0x2362F9DE.
  assert.equal(murmur3Word(0x87654321, 0), 0xf55b516b);
  assert.equal(murmur3Word(0x87654321, 0x5082edee), 0x2362f9de);
  // Bytes 00 00 00 00, seed 0 → 0x2362F9DE.
  assert.equal(murmur3Word(0, 0), 0x2362f9de);
});

test('fmix32 is a bijection-like avalanche: 0 → 0, pinned values, unsigned outputs', () => {
  assert.equal(fmix32(0), 0);
  const outs = new Set<number>();
  for (let i = 0; i < 10_000; i++) {
    const h = fmix32(i);
    assert.ok(h >= 0 && h < 2 ** 32 && Number.isInteger(h));
    outs.add(h);
  }
  assert.equal(outs.size, 10_000);
});

test('hashString32 is FNV-1a then fmix32, stable across runs', () => {
  assert.equal(hashString32('a'), fmix32(0xe40c292c)); // FNV-1a 32 of "a"
  assert.equal(hashString32(''), fmix32(0x811c9dc5));
  assert.notEqual(hashString32('d1'), hashString32('d2'));
});
