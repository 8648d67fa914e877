import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeDestinations } from '../../sim/balancing/balancer.js';
import { makeBalancer } from '../../sim/balancing/registry.js';
import { ctx0, noRandom } from './helpers.js';

const seq = (b: { pick(c: typeof ctx0): number }, n: number): string =>
  Array.from({ length: n }, () => {
    const k = b.pick(ctx0);
    return k < 0 ? '-' : 'abcdefgh'[k];
  }).join('');

test('roundrobin (smooth weighted): (5,1,1) → a a b a c a a, spread not bunched', () => {
  const b = makeBalancer('haproxy-roundrobin', makeDestinations([5, 1, 1]), noRandom);
  assert.equal(seq(b, 14), 'aabacaa'.repeat(2));
  assert.equal(seq(makeBalancer('haproxy-roundrobin', makeDestinations([1, 1, 1]), noRandom), 6), 'abcabc');
});

test('roundrobin: exact shares over a cycle for any weights', () => {
  const weights = [7, 3, 11, 1, 5];
  const b = makeBalancer('haproxy-roundrobin', makeDestinations(weights), noRandom);
  const counts = [0, 0, 0, 0, 0];
  for (let i = 0; i < 27 * 4; i++) counts[b.pick(ctx0)]!++;
  assert.deepEqual(counts, weights.map((w) => w * 4));
});

test('roundrobin: dynamic weights, down/weight-0 skipped, full servers skipped, -1 when none', () => {
  const dests = makeDestinations([1, 1, 1]);
  const b = makeBalancer('haproxy-roundrobin', dests, noRandom, { maxConn: 2 });
  dests[1]!.weight = 0;
  dests[2]!.up = false;
  assert.equal(seq(b, 3), 'aaa');
  dests[0]!.activeConns = 2;
  assert.equal(seq(b, 1), '-');
  dests[2]!.up = true;
  dests[1]!.weight = 2;
  b.membershipChanged();
  assert.equal(seq(b, 3), 'bcb');
});
