import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeDestinations } from '../../sim/balancing/balancer.js';
import { makeBalancer } from '../../sim/balancing/registry.js';
import { ctx0, keyCtx, noRandom } from './helpers.js';

const picks = (b: { pick(c: typeof ctx0): number }, n: number): string =>
  Array.from({ length: n }, () => {
    const k = b.pick(ctx0);
    return k < 0 ? '-' : 'abcdefgh'[k];
  }).join('');

test('static-rr walks haproxy\'s weight map: (3,2,1) → a a b a b c (recalc_server_map order)', () => {
  const b = makeBalancer('haproxy-static-rr', makeDestinations([3, 2, 1]), noRandom);
  assert.equal(picks(b, 12), 'aababc'.repeat(2));
  assert.equal(picks(makeBalancer('haproxy-static-rr', makeDestinations([1, 1, 1]), noRandom), 6), 'abcabc');
  assert.equal(picks(makeBalancer('haproxy-static-rr', makeDestinations([6, 4, 2]), noRandom), 6), 'aababc', 'weights divided by their gcd');
});

test('static-rr: weight changes other than to/from 0 do not reshape the map; down servers leave it', () => {
  const dests = makeDestinations([3, 2, 1]);
  const b = makeBalancer('haproxy-static-rr', dests, noRandom);
  dests[0]!.weight = 1;
  b.membershipChanged();
  assert.equal(picks(b, 6), 'aababc');
  dests[1]!.up = false;
  b.membershipChanged();
  assert.equal(picks(b, 8), 'aaac'.repeat(2));
  dests[0]!.weight = 0;
  b.membershipChanged();
  assert.equal(picks(b, 3), 'ccc');
  dests[2]!.up = false;
  b.membershipChanged();
  assert.equal(picks(b, 2), '--');
});

test('static-rr skips servers that are full under maxconn; -1 when all are full', () => {
  const dests = makeDestinations([1, 1, 1]);
  const b = makeBalancer('haproxy-static-rr', dests, noRandom, { maxConn: [1, 0, 1] });
  dests[0]!.activeConns = 1;
  assert.equal(picks(b, 4), 'bcbc');
  dests[2]!.queued = 1;
  assert.equal(picks(b, 2), 'bb');
  dests[1]!.up = false; // not rebuilt: the map still holds b, but it is unavailable
  assert.equal(picks(b, 1), '-');
});

test('source: map[sourceKey mod Σweight], the address itself without mixing', () => {
  const dests = makeDestinations([1, 1, 1]);
  const b = makeBalancer('haproxy-source', dests, noRandom);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 0xffffffff].map((k) => b.pick(keyCtx(k))), [0, 1, 2, 0, 1, 2, 0xffffffff % 3]);
  dests[1]!.up = false;
  b.membershipChanged();
  assert.deepEqual([0, 1, 2, 3].map((k) => b.pick(keyCtx(k))), [0, 2, 0, 2], 'tot = 2 now');
  const w = makeBalancer('haproxy-source', makeDestinations([3, 2, 1]), noRandom);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((k) => w.pick(keyCtx(k))), [0, 0, 1, 0, 1, 2, 0]);
});

test('uri: map[hashKey mod Σweight]; only hashKey matters; avalanche mixes first', () => {
  const b = makeBalancer('haproxy-uri', makeDestinations([1, 1, 1, 1]), noRandom);
  for (let k = 0; k < 100; k++) assert.equal(b.pick({ sourceKey: 7, destKey: 9, hashKey: k }), k % 4);
  const a = makeBalancer('haproxy-uri', makeDestinations([1, 1, 1, 1]), noRandom, { hashAvalanche: true });
  const seq = Array.from({ length: 64 }, (_, k) => a.pick({ sourceKey: 0, destKey: 0, hashKey: k }));
  assert.notDeepEqual(seq, seq.map((_, k) => k % 4));
  assert.deepEqual(seq, Array.from({ length: 64 }, (_, k) => a.pick({ sourceKey: 1, destKey: 1, hashKey: k })));
  for (let d = 0; d < 4; d++) assert.ok(seq.includes(d));
});

test('source/uri: -1 when the mapped server became unavailable without a rebuild, or none is up', () => {
  const dests = makeDestinations([1, 1]);
  const b = makeBalancer('haproxy-source', dests, noRandom);
  dests[1]!.overloaded = true;
  assert.deepEqual([0, 1].map((k) => b.pick(keyCtx(k))), [0, -1]);
  for (const d of dests) d.up = false;
  b.membershipChanged();
  assert.equal(b.pick(keyCtx(0)), -1);
});
