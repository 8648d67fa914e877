import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeDestinations } from '../../sim/balancing/balancer.js';
import { makeBalancer } from '../../sim/balancing/registry.js';
import { ctx0, scriptedStream } from './helpers.js';

test('haproxy-random draws twice by default and keeps the less loaded server', () => {
  const dests = makeDestinations([1, 1, 1, 1]); // u ∈ [k/4, (k+1)/4) → dest k
  dests[0]!.activeConns = 4;
  dests[3]!.activeConns = 1;
  const rng = scriptedStream([0.1, 0.8, 0.8, 0.1]);
  const b = makeBalancer('haproxy-random', dests, rng);
  assert.equal(b.pick(ctx0), 3, 'd0 (4) then d3 (1)');
  assert.equal(rng.draws, 2);
  assert.equal(b.pick(ctx0), 3, 'd3 (1) then d0 (4): earlier kept');
  assert.equal(rng.draws, 4);
});

test('haproxy-random: ties go to the later draw; load is served connections per weight', () => {
  const dests = makeDestinations([1, 1, 2, 1]); // Σw = 5: u·5 ∈ [0,1) d0, [1,2) d1, [2,4) d2, [4,5) d3
  assert.equal(makeBalancer('haproxy-random', dests, scriptedStream([0.1, 0.3])).pick(ctx0), 1, 'd0, d1 both idle: later');
  dests[1]!.activeConns = 1; // 1/1
  dests[2]!.activeConns = 2; // 2/2
  assert.equal(makeBalancer('haproxy-random', dests, scriptedStream([0.3, 0.5])).pick(ctx0), 2, 'equal per weight: later');
  dests[2]!.activeConns = 3;
  assert.equal(makeBalancer('haproxy-random', dests, scriptedStream([0.3, 0.5])).pick(ctx0), 1);
});

test('haproxy-random(draws): the option sets the number of draws', () => {
  const dests = makeDestinations([1, 1, 1, 1]);
  dests[0]!.activeConns = 3;
  dests[1]!.activeConns = 2;
  dests[2]!.activeConns = 1;
  const rng = scriptedStream([0.1, 0.3, 0.6, 0.9]);
  const b3 = makeBalancer('haproxy-random', dests, rng, { draws: 3 });
  assert.equal(b3.pick(ctx0), 2);
  assert.equal(rng.draws, 3);
  const one = scriptedStream([0.1]);
  assert.equal(makeBalancer('haproxy-random', dests, one, { draws: 1 }).pick(ctx0), 0, 'random(1): plain weighted random');
  assert.equal(one.draws, 1);
  assert.throws(() => makeBalancer('haproxy-random', dests, one, { draws: 0 }), RangeError);
});

test('haproxy-random: a full chosen server sends the request to the backend queue (-1); none up → -1', () => {
  const dests = makeDestinations([1, 1]);
  dests[0]!.activeConns = 2;
  dests[1]!.activeConns = 2;
  assert.equal(makeBalancer('haproxy-random', dests, scriptedStream([0.1, 0.9]), { maxConn: 2 }).pick(ctx0), -1);
  dests[1]!.activeConns = 1;
  assert.equal(makeBalancer('haproxy-random', dests, scriptedStream([0.1, 0.9]), { maxConn: 2 }).pick(ctx0), 1);
  for (const d of dests) d.up = false;
  assert.equal(makeBalancer('haproxy-random', dests, scriptedStream([0.5])).pick(ctx0), -1);
});
