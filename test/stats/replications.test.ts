import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchMeans, batchMeans, confidenceInterval, normalQuantile, studentTCdf, studentTQuantile } from '../../sim/stats/replications.js';
import { makeStream } from '../../sim/engine/rng.js';

test('Student t 0.975 quantiles match published tables for df 1..∞', () => {
  // Abramowitz & Stegun table 26.10 / any statistics text, to 6 significant digits.
  const table: [number, number][] = [
    [1, 12.7062], [2, 4.30265], [3, 3.18245], [4, 2.77645], [5, 2.57058], [6, 2.44691], [7, 2.36462],
    [8, 2.30600], [9, 2.26216], [10, 2.22814], [15, 2.13145], [20, 2.08596], [29, 2.04523], [30, 2.04227],
    [40, 2.02108], [60, 2.00030], [120, 1.97993], [1000, 1.96234], [5000, 1.96044], [Number.POSITIVE_INFINITY, 1.95996],
  ];
  for (const [df, t] of table) {
    const got = studentTQuantile(0.975, df);
    assert.ok(Math.abs(got - t) / t < 5e-6, `df=${df}: ${got} vs ${t}`);
  }
});

test('t quantiles at other levels, symmetry, and the CDF round trip', () => {
  assert.ok(Math.abs(studentTQuantile(0.995, 1) - 63.6567) < 1e-3);
  assert.ok(Math.abs(studentTQuantile(0.95, 7) - 1.89458) < 1e-5);
  assert.ok(Math.abs(studentTQuantile(0.025, 9) + studentTQuantile(0.975, 9)) < 1e-12);
  assert.equal(studentTQuantile(0.5, 3), 0);
  for (const df of [1, 2, 5, 17, 300]) {
    for (const p of [0.6, 0.9, 0.975, 0.999]) {
      assert.ok(Math.abs(studentTCdf(studentTQuantile(p, df), df) - p) < 1e-10, `df=${df} p=${p}`);
    }
  }
  // The t quantile is continuous where the method switches (df 1000 → 1001).
  const jump = studentTQuantile(0.975, 1000) - studentTQuantile(0.975, 1001);
  assert.ok(jump > 0 && jump < 5e-6);
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963985) < 1e-8);
  assert.ok(Math.abs(normalQuantile(0.001) + 3.090232306) < 1e-8);
  assert.throws(() => studentTQuantile(0.975, 0), RangeError);
});

test('confidenceInterval computes mean, sample s.d. and t half-width by hand', () => {
  const ci = confidenceInterval([1, 2, 3, 4, 5]);
  assert.equal(ci.n, 5);
  assert.equal(ci.mean, 3);
  assert.ok(Math.abs(ci.stdDev - Math.sqrt(2.5)) < 1e-15);
  const expected = 2.776445105 * Math.sqrt(2.5) / Math.sqrt(5);
  assert.ok(Math.abs(ci.halfWidth - expected) < 1e-8);
  assert.ok(Math.abs(ci.upper - ci.lower - 2 * ci.halfWidth) < 1e-12);
  assert.ok(Number.isNaN(confidenceInterval([7]).halfWidth));
});

test('95 % intervals over normal samples cover the true mean about 95 % of the time', () => {
  const rng = makeStream(7, 0, 'test/ci-coverage');
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const trials = 2000;
  let covered = 0;
  for (let t = 0; t < trials; t++) {
    const values = Array.from({ length: 5 }, () => 10 + 3 * normal());
    const ci = confidenceInterval(values);
    if (ci.lower <= 10 && 10 <= ci.upper) covered++;
  }
  // Binomial(2000, 0.95): s.d. ≈ 0.49 %; 4 s.d. either side. Normal quantiles instead of t (df 4)
  // would cover only ~88 %, which this catches.
  assert.ok(Math.abs(covered / trials - 0.95) < 0.02, `coverage ${covered / trials}`);
});

test('batch means: equal batches, oldest remainder dropped, streaming form agrees', () => {
  const values = Array.from({ length: 103 }, (_, i) => i);
  const ci = batchMeans(values, 10);
  assert.equal(ci.n, 10);
  // 3 oldest dropped: batches [3..12], [13..22], …; their means are 7.5, 17.5, …, 97.5.
  assert.equal(ci.mean, 52.5);
  const streaming = new BatchMeans(10);
  for (let i = 3; i < 103; i++) streaming.add(i);
  assert.equal(streaming.batches, 10);
  assert.deepEqual(streaming.interval(), ci);
  assert.throws(() => batchMeans([1, 2, 3], 5), RangeError);
  assert.throws(() => batchMeans(values, 1), RangeError);
});
