import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeDestinations } from '../../sim/balancing/balancer.js';
import { makeBalancer } from '../../sim/balancing/registry.js';
import { ctx0, noRandom } from './helpers.js';

test('fo: the available destination with the highest weight; ties → first', () => {
  const dests = makeDestinations([2, 5, 5, 1]);
  const b = makeBalancer('fo', dests, noRandom);
  assert.equal(b.pick(ctx0), 1);
  dests[1]!.up = false;
  assert.equal(b.pick(ctx0), 2);
  dests[2]!.overloaded = true;
  assert.equal(b.pick(ctx0), 0);
  dests[0]!.weight = 0;
  assert.equal(b.pick(ctx0), 3);
  dests[3]!.up = false;
  assert.equal(b.pick(ctx0), -1);
});

test('ovf: highest weight until its active connections exceed its weight, then the next', () => {
  const dests = makeDestinations([3, 2]);
  const b = makeBalancer('ovf', dests, noRandom);
  const picks: number[] = [];
  for (let i = 0; i < 8; i++) {
    const k = b.pick(ctx0);
    picks.push(k);
    if (k >= 0) dests[k]!.activeConns++;
  }
  // d0 takes active 0..3 (4 conns, since the test is active > weight), d1 takes 0..2, then none.
  assert.deepEqual(picks, [0, 0, 0, 0, 1, 1, 1, -1]);
  dests[0]!.activeConns = 3;
  assert.equal(b.pick(ctx0), 0, 'back under the limit');
});

test('ovf: ties → first; weight 0 never picked', () => {
  const dests = makeDestinations([0, 4, 4]);
  assert.equal(makeBalancer('ovf', dests, noRandom).pick(ctx0), 1);
});
