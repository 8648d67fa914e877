import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeStream } from '../../sim/engine/rng.js';
import { makeDestinations } from '../../sim/balancing/balancer.js';
import { makeBalancer } from '../../sim/balancing/registry.js';
import { ctx0, scriptedStream } from './helpers.js';

test('random: one draw per pick, proportional to weight, walked in list order', () => {
  const rng = scriptedStream([0, 0.0999, 0.1, 0.2999, 0.3, 0.999]);
  const b = makeBalancer('random', makeDestinations([1, 2, 3, 4]), rng);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map(() => b.pick(ctx0)), [0, 0, 1, 1, 2, 3]);
  assert.equal(rng.draws, 6);

  const counts = [0, 0, 0, 0];
  const b2 = makeBalancer('random', makeDestinations([1, 2, 3, 4]), makeStream(7, 0, 'test/random'));
  for (let i = 0; i < 100_000; i++) counts[b2.pick(ctx0)]!++;
  counts.forEach((c, d) => assert.ok(Math.abs(c / 100_000 - (d + 1) / 10) < 0.006, `dest ${d}: ${c}`));
});

test('random: never picks weight 0, down or overloaded; -1 when none is available', () => {
  const dests = makeDestinations([1, 0, 1, 1]);
  dests[2]!.up = false;
  dests[3]!.overloaded = true;
  const b = makeBalancer('random', dests, makeStream(1, 0, 'test/random'));
  for (let i = 0; i < 200; i++) assert.equal(b.pick(ctx0), 0);
  dests[0]!.up = false;
  assert.equal(b.pick(ctx0), -1);
});

test('twos: two draws in [0, Σw] inclusive; the second wins only when strictly less loaded', () => {
  // weights (1,1,1,1): r = ⌊u·5⌋; r ∈ {0,1} → d0, 2 → d1, 3 → d2, 4 → d3.
  const dests = makeDestinations([1, 1, 1, 1]);
  dests[0]!.activeConns = 5;
  dests[2]!.activeConns = 1;
  const rng = scriptedStream([0.0, 0.65, 0.65, 0.0, 0.45, 0.9]);
  const b = makeBalancer('twos', dests, rng);
  assert.equal(b.pick(ctx0), 2, 'd0 (5 active) vs d2 (1 active): second choice wins');
  assert.equal(b.pick(ctx0), 2, 'd2 vs d0: first choice kept');
  assert.equal(b.pick(ctx0), 1, 'd1 vs d3, both idle: tie → first choice');
  assert.equal(rng.draws, 6);
});

test('twos: load compared as overhead/weight (active×256 + inactive) by cross-products', () => {
  const dests = makeDestinations([1, 3]);
  dests[0]!.activeConns = 1; // 256 / 1
  dests[1]!.activeConns = 2; // 512 / 3
  // Σw = 4: r = ⌊u·5⌋; r ∈ {0,1} → d0, r ∈ {2,3,4} → d1.
  assert.equal(makeBalancer('twos', dests, scriptedStream([0, 0.9])).pick(ctx0), 1);
  dests[1]!.inactiveConns = 257; // 769 / 3 > 256
  assert.equal(makeBalancer('twos', dests, scriptedStream([0, 0.9])).pick(ctx0), 0);
});

test('twos: the kernel quirk — the first destination is drawn with probability (w₀+1)/(Σw+1)', () => {
  const b = makeBalancer('twos', makeDestinations([1, 1, 1, 1]), makeStream(3, 0, 'test/twos'));
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 100_000; i++) counts[b.pick(ctx0)]!++; // all idle: always the first draw
  assert.ok(Math.abs(counts[0]! / 100_000 - 0.4) < 0.006, `${counts[0]}`);
  for (const c of counts.slice(1)) assert.ok(Math.abs(c / 100_000 - 0.2) < 0.006, `${c}`);
});

test('twos keeps the kernel quirk (first destination drawn with (w0+1)/(Σw+1)); p2c draws exactly by weight', () => {
  const draws = 90_000;
  const firstShare = (name: 'twos' | 'p2c'): number => {
    // Loads make every other destination look busier than d0, so the pick reveals whether d0 was drawn.
    const dests = makeDestinations([1, 1, 1, 1, 1, 1, 1, 1]);
    for (const d of dests) if (d.index > 0) d.activeConns = 1;
    const b = makeBalancer(name, dests, makeStream(11, 0, `test/${name}`));
    let first = 0;
    for (let i = 0; i < draws; i++) if (b.pick({ sourceKey: 0, destKey: 0, hashKey: 0 }) === 0) first++;
    return first / draws;
  };
  // d0 wins when either of the two draws hits it: 1 − (1 − p)² with p = 2/9 (twos) or 1/8 (p2c).
  const twos = firstShare('twos');
  const p2c = firstShare('p2c');
  const sd = (p: number) => Math.sqrt((p * (1 - p)) / draws);
  const twosExpected = 1 - (7 / 9) ** 2;
  const p2cExpected = 1 - (7 / 8) ** 2;
  assert.ok(Math.abs(twos - twosExpected) < 4 * sd(twosExpected), `twos ${twos} vs ${twosExpected}`);
  assert.ok(Math.abs(p2c - p2cExpected) < 4 * sd(p2cExpected), `p2c ${p2c} vs ${p2cExpected}`);
  assert.equal(makeBalancer('p2c', makeDestinations([1]), makeStream(1, 0, 'x')).name, 'p2c');
});

test('twos: skips weight 0, down and overloaded; -1 when none is available', () => {
  const dests = makeDestinations([0, 1, 1]);
  dests[1]!.overloaded = true;
  const b = makeBalancer('twos', dests, makeStream(5, 0, 'test/twos'));
  for (let i = 0; i < 100; i++) assert.equal(b.pick(ctx0), 2);
  dests[2]!.up = false;
  assert.equal(b.pick(ctx0), -1);
});
