import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeDestinations } from '../../sim/balancing/balancer.js';
import { makeBalancer } from '../../sim/balancing/registry.js';
import { ctx0, noRandom } from './helpers.js';

test('leastconn round-robins among servers with equal load', () => {
  const dests = makeDestinations([1, 1, 1, 1]);
  dests[0]!.activeConns = 2;
  dests[1]!.activeConns = 1;
  dests[2]!.activeConns = 1;
  dests[3]!.activeConns = 3;
  const b = makeBalancer('haproxy-leastconn', dests, noRandom);
  assert.deepEqual([0, 1, 2, 3, 4].map(() => b.pick(ctx0)), [1, 2, 1, 2, 1], 'counts unchanged: alternate between the two least loaded');
  const idle = makeBalancer('haproxy-leastconn', makeDestinations([1, 1, 1]), noRandom);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map(() => idle.pick(ctx0)), [0, 1, 2, 0, 1, 2]);
});

test('leastconn with connections accumulating fills servers evenly', () => {
  const dests = makeDestinations([1, 1, 1]);
  const b = makeBalancer('haproxy-leastconn', dests, noRandom);
  const out: number[] = [];
  for (let i = 0; i < 9; i++) {
    const k = b.pick(ctx0);
    out.push(k);
    dests[k]!.activeConns++;
  }
  assert.deepEqual(out, [0, 1, 2, 0, 1, 2, 0, 1, 2]);
});

test('leastconn counts queued requests and weighs by weight; idle servers go first', () => {
  const dests = makeDestinations([1, 1]);
  dests[0]!.activeConns = 1;
  dests[1]!.queued = 3;
  assert.equal(makeBalancer('haproxy-leastconn', dests, noRandom).pick(ctx0), 0, '1 vs 0 + 3 queued');
  const w = makeDestinations([1, 2]);
  w[0]!.activeConns = 1; // ⌊2·256/1⌋ = 512
  w[1]!.activeConns = 1; // ⌊2·256/2⌋ = 256
  assert.equal(makeBalancer('haproxy-leastconn', w, noRandom).pick(ctx0), 1);
  const i = makeDestinations([1, 100]);
  i[1]!.activeConns = 1; // ⌊2·256/100⌋ = 5 > 0
  assert.equal(makeBalancer('haproxy-leastconn', i, noRandom).pick(ctx0), 0);
});

test('leastconn skips down, weight 0, and full servers; -1 when none', () => {
  const dests = makeDestinations([1, 0, 1]);
  dests[0]!.up = false;
  const b = makeBalancer('haproxy-leastconn', dests, noRandom, { maxConn: 1 });
  assert.equal(b.pick(ctx0), 2);
  dests[2]!.activeConns = 1;
  assert.equal(b.pick(ctx0), -1);
});
