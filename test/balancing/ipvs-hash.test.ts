import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeDestinations, type Destination } from '../../sim/balancing/balancer.js';
import { makeBalancer, type BalancerName } from '../../sim/balancing/registry.js';
import { keyCtx, keys, noRandom } from './helpers.js';

/** Multiplicative inverse mod 2^32 of an odd number (Newton's iteration). */
function inverse32(a: number): number {
  let x = a;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x));
  return x >>> 0;
}
/** A key landing in sh slot s: hash_32(key, 8) = top 8 bits of key × 0x61C88647. */
const shKeyForSlot = (s: number): number => Math.imul((s << 24) >>> 0, inverse32(0x61c88647)) >>> 0;
/** A key landing in dh slot s: (key × 2654435761) & 255. */
const dhKeyForSlot = (s: number): number => Math.imul(s, inverse32(2654435761)) >>> 0;

function slotOwners(name: BalancerName, dests: Destination[], keyForSlot: (s: number) => number): number[] {
  const b = makeBalancer(name, dests, noRandom);
  return Array.from({ length: 256 }, (_, s) => b.pick(keyCtx(keyForSlot(s))));
}
const countOf = (xs: number[], v: number): number => xs.filter((x) => x === v).length;

test('slot-key helpers hit every slot once (so the slot counts below are exact)', () => {
  const seen = new Set(Array.from({ length: 256 }, (_, s) => Math.imul(shKeyForSlot(s), 0x61c88647) >>> 24));
  assert.equal(seen.size, 256);
  assert.equal(Math.imul(dhKeyForSlot(77), 2654435761) & 255, 77);
});

test('sh tiles the 256-slot table by weight: (4,3,2,1) → 104, 77, 50, 25 slots', () => {
  const owners = slotOwners('sh', makeDestinations([4, 3, 2, 1]), shKeyForSlot);
  assert.deepEqual([0, 1, 2, 3].map((d) => countOf(owners, d)), [104, 77, 50, 25]);
  assert.deepEqual(owners.slice(0, 12), [0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 0, 0]);
});

test('sh: same source → same destination; spread over many keys proportional to weight', () => {
  const dests = makeDestinations([4, 3, 2, 1]);
  const b = makeBalancer('sh', dests, noRandom);
  const b2 = makeBalancer('sh', makeDestinations([4, 3, 2, 1]), noRandom);
  const counts = [0, 0, 0, 0];
  const total = 100_000;
  for (const k of keys(total)) {
    const d = b.pick(keyCtx(k));
    assert.equal(b.pick(keyCtx(k)), d);
    assert.equal(b2.pick(keyCtx(k)), d);
    counts[d]!++;
  }
  [104, 77, 50, 25].forEach((slots, d) => assert.ok(Math.abs(counts[d]! / total - slots / 256) < 0.01, `dest ${d}: ${counts[d]}`));
});

test('sh: a quiesced destination keeps its slots and its keys get -1; sh-fallback sends only them elsewhere', () => {
  for (const fallback of [false, true]) {
    const dests = makeDestinations([1, 1, 1, 1]);
    const b = makeBalancer('sh', dests, noRandom, { fallback });
    const ks = [...keys(20_000)];
    const before = ks.map((k) => b.pick(keyCtx(k)));
    dests[1]!.weight = 0;
    b.membershipChanged();
    ks.forEach((k, i) => {
      const now = b.pick(keyCtx(k));
      if (before[i] !== 1) assert.equal(now, before[i], 'other keys keep their destination');
      else if (fallback) assert.ok(now >= 0 && now !== 1);
      else assert.equal(now, -1);
    });
  }
});

test('sh: removing a destination (up = false) retiles the table, so most other keys move (unlike mh)', () => {
  const dests = makeDestinations([1, 1, 1, 1]);
  const before = slotOwners('sh', dests, shKeyForSlot);
  dests[1]!.up = false;
  const after = slotOwners('sh', dests, shKeyForSlot);
  assert.equal(countOf(after, 1), 0);
  const others = before.filter((d) => d !== 1).length;
  const moved = before.filter((d, s) => d !== 1 && after[s] !== d).length;
  assert.equal(moved / others, 2 / 3, 'period 12: 3 of the 9 other slots keep their owner');
});

test('dh: same destination key → same server; the kernel ignores weights, one slot per server', () => {
  const dests = makeDestinations([4, 3, 2, 1]);
  const owners = slotOwners('dh', dests, dhKeyForSlot);
  assert.deepEqual([0, 1, 2, 3].map((d) => countOf(owners, d)), [64, 64, 64, 64]);
  assert.deepEqual(owners.slice(0, 6), [0, 1, 2, 3, 0, 1]);
  const b = makeBalancer('dh', dests, noRandom);
  const counts = [0, 0, 0, 0];
  for (const k of keys(40_000)) {
    const d = b.pick(keyCtx(k));
    assert.equal(b.pick({ sourceKey: 12345, destKey: k, hashKey: 0 }), d, 'only destKey matters');
    counts[d]!++;
  }
  for (const c of counts) assert.ok(Math.abs(c / 40_000 - 0.25) < 0.01);
});

test('dh: quiescing keeps the table (its keys get -1); removal retiles; all down → -1', () => {
  const dests = makeDestinations([1, 1, 1]);
  const b = makeBalancer('dh', dests, noRandom);
  const before = Array.from({ length: 256 }, (_, s) => b.pick(keyCtx(dhKeyForSlot(s))));
  dests[2]!.weight = 0;
  b.membershipChanged();
  before.forEach((d, s) => assert.equal(b.pick(keyCtx(dhKeyForSlot(s))), d === 2 ? -1 : d));
  dests[2]!.up = false;
  b.membershipChanged();
  assert.deepEqual(
    Array.from({ length: 4 }, (_, s) => b.pick(keyCtx(dhKeyForSlot(s)))),
    [0, 1, 0, 1],
  );
  for (const d of dests) d.up = false;
  b.membershipChanged();
  assert.equal(b.pick(keyCtx(7)), -1);
});

test('sh/dh: table size option (IP_VS_SH_TAB_BITS) and validation', () => {
  const dests = makeDestinations([3, 1]);
  const b = makeBalancer('sh', dests, noRandom, { hashTableBits: 2 });
  const owners = [0, 1, 2, 3].map((s) => b.pick(keyCtx(Math.imul((s << 30) >>> 0, inverse32(0x61c88647)) >>> 0)));
  assert.deepEqual(owners, [0, 0, 0, 1]);
  assert.throws(() => makeBalancer('sh', dests, noRandom, { hashTableBits: 0 }), RangeError);
});
