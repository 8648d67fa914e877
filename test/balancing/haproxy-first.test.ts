import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeDestinations } from '../../sim/balancing/balancer.js';
import { makeBalancer } from '../../sim/balancing/registry.js';
import { ctx0, noRandom } from './helpers.js';

test('first: fills servers in list order up to maxconn, ignoring weight; -1 when all are full', () => {
  const dests = makeDestinations([1, 9, 1]);
  const b = makeBalancer('haproxy-first', dests, noRandom, { maxConn: 2 });
  const out: number[] = [];
  for (let i = 0; i < 7; i++) {
    const k = b.pick(ctx0);
    out.push(k);
    if (k >= 0) dests[k]!.activeConns++;
  }
  assert.deepEqual(out, [0, 0, 1, 1, 2, 2, -1]);
  dests[1]!.activeConns--;
  assert.equal(b.pick(ctx0), 1);
});

test('first: without maxconn always the first available server', () => {
  const dests = makeDestinations([1, 1, 1]);
  dests[0]!.activeConns = 1000;
  const b = makeBalancer('haproxy-first', dests, noRandom);
  assert.equal(b.pick(ctx0), 0);
  dests[0]!.up = false;
  dests[1]!.weight = 0;
  assert.equal(b.pick(ctx0), 2);
  dests[2]!.overloaded = true;
  assert.equal(b.pick(ctx0), -1);
});
