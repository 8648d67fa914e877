import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counter, TimeWeighted, Welford } from '../../sim/stats/accumulators.js';

test('Counter counts, resets and gives a rate per second', () => {
  const c = new Counter();
  c.increment();
  c.increment(4);
  assert.equal(c.value, 5);
  assert.equal(c.ratePerSecond(2e9), 2.5);
  assert.equal(c.ratePerSecond(0), 0);
  c.reset();
  assert.equal(c.value, 0);
});

test('TimeWeighted integrates a piecewise-constant level exactly', () => {
  const q = new TimeWeighted(0, 0);
  q.set(10, 2); // 0 for 10 ns
  q.add(30, 1); // 2 for 20 ns, then 3
  q.add(40, -3); // 3 for 10 ns, then 0
  // (0·10 + 2·20 + 3·10 + 0·60) / 100
  assert.equal(q.mean(100), 0.7);
  assert.equal(q.max, 3);
  assert.equal(q.min, 0);
  assert.equal(q.integralTo(100), 70);
  assert.throws(() => q.set(50, 1), RangeError, 'time must not go backwards');
});

test('TimeWeighted.reset starts a new window but keeps the level', () => {
  const q = new TimeWeighted(0, 4);
  q.reset(100);
  assert.equal(q.level, 4);
  q.set(150, 0);
  assert.equal(q.mean(200), 2);
  assert.equal(q.max, 4);
  const empty = new TimeWeighted(5, 7);
  assert.equal(empty.mean(5), 7, 'an empty window reports the current level');
});

test('Welford mean and sample variance agree with the two-pass formulas', () => {
  const xs = [2, 4, 4, 4, 5, 5, 7, 9];
  const w = new Welford();
  for (const x of xs) w.add(x);
  assert.equal(w.count, 8);
  assert.equal(w.mean, 5);
  assert.ok(Math.abs(w.variance - 32 / 7) < 1e-12);
  assert.equal(w.min, 2);
  assert.equal(w.max, 9);
  assert.ok(Number.isNaN(new Welford().mean));
});

test('Welford stays accurate with a large offset (where the naive Σx² − n·mean² fails)', () => {
  const w = new Welford();
  for (const x of [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]) w.add(x);
  assert.ok(Math.abs(w.variance - 30) < 1e-6);
});

test('Welford.merge equals adding everything to one accumulator', () => {
  const all = new Welford();
  const a = new Welford();
  const b = new Welford();
  for (let i = 0; i < 100; i++) {
    const x = Math.sin(i) * 10 + i / 7;
    all.add(x);
    (i % 3 === 0 ? a : b).add(x);
  }
  a.merge(b);
  assert.equal(a.count, all.count);
  assert.ok(Math.abs(a.mean - all.mean) < 1e-12);
  assert.ok(Math.abs(a.variance - all.variance) < 1e-10);
  assert.equal(a.max, all.max);
  const empty = new Welford();
  empty.merge(all);
  assert.equal(empty.mean, all.mean);
});
