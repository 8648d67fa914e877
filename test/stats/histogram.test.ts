import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatencyHistogram } from '../../sim/stats/histogram.js';
import { makeStream } from '../../sim/engine/rng.js';
import { sampler } from '../../sim/engine/distributions.js';

/** Nearest-rank quantile of sorted values: rank max(1, ⌈p·n⌉). */
function exactQuantile(sorted: Float64Array, p: number): number {
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}

function lognormalNs(n: number, seedPath: string, meanNs: number, cv: number): Float64Array {
  const draw = sampler({ kind: 'lognormal', mean: meanNs, cv }, makeStream(1, 0, seedPath));
  return Float64Array.from({ length: n }, () => Math.round(draw()));
}

test('quantiles are within 1 % of exact sorted quantiles on 100k lognormal samples', () => {
  // Mean 5 ms, cv 3: values span ~5 decades, exercising many HDR buckets.
  const values = lognormalNs(100_000, 'test/histogram/lognormal', 5e6, 3);
  const h = new LatencyHistogram();
  for (const v of values) h.record(v);
  const sorted = Float64Array.from(values).sort();
  let worst = 0;
  for (let i = 1; i < 1000; i++) {
    const p = i / 1000;
    const exact = exactQuantile(sorted, p);
    const err = Math.abs(h.quantile(p) - exact) / exact;
    worst = Math.max(worst, err);
  }
  for (const p of [0.9999, 0.99999]) worst = Math.max(worst, Math.abs(h.quantile(p) - exactQuantile(sorted, p)) / exactQuantile(sorted, p));
  assert.ok(worst <= 0.01, `worst relative error ${worst}`);
  // The bound is met with room (HdrHistogram 2 digits: < 1/128), and the estimate is not trivially exact.
  assert.ok(worst < 1 / 128 + 1e-9 && worst > 0, `worst ${worst}`);
});

test('count, mean, min and max are exact', () => {
  const values = lognormalNs(10_000, 'test/histogram/exact', 1e6, 1);
  const h = new LatencyHistogram();
  let sum = 0;
  for (const v of values) {
    h.record(v);
    sum += v;
  }
  assert.equal(h.count, values.length);
  assert.equal(h.mean, sum / values.length);
  assert.equal(h.max, Math.max(...values));
  assert.equal(h.min, Math.min(...values));
  assert.equal(h.quantile(1), h.max);
  assert.equal(h.quantile(0), h.min);
});

test('small integers are exact, and an empty histogram reports NaN', () => {
  const h = new LatencyHistogram();
  assert.ok(Number.isNaN(h.quantile(0.5)) && Number.isNaN(h.mean) && Number.isNaN(h.max));
  for (let v = 1; v <= 100; v++) h.record(v);
  assert.equal(h.quantile(0.5), 50);
  assert.equal(h.quantile(0.99), 99);
  assert.equal(h.quantile(0.995), 100);
});

test('merge equals recording everything in one histogram', () => {
  const a = lognormalNs(20_000, 'test/histogram/merge-a', 2e6, 2);
  const b = lognormalNs(20_000, 'test/histogram/merge-b', 4e8, 0.5); // a far larger range
  const ha = new LatencyHistogram();
  const hb = new LatencyHistogram();
  const all = new LatencyHistogram();
  for (const v of a) { ha.record(v); all.record(v); }
  for (const v of b) { hb.record(v); all.record(v); }
  ha.merge(hb);
  assert.equal(ha.count, all.count);
  assert.equal(ha.sum, all.sum);
  assert.equal(ha.max, all.max);
  for (const p of [0.1, 0.5, 0.75, 0.9, 0.99]) assert.equal(ha.quantile(p), all.quantile(p), `p=${p}`);
});

test('reset forgets values; bad inputs are refused', () => {
  const h = new LatencyHistogram();
  h.record(5e9);
  h.reset();
  assert.equal(h.count, 0);
  h.record(10);
  assert.equal(h.max, 10);
  assert.equal(h.quantile(0.5), 10);
  assert.throws(() => h.record(-1), RangeError);
  assert.throws(() => h.record(Number.NaN), RangeError);
  assert.throws(() => h.quantile(1.5), RangeError);
});

test('memory is bounded: a million values up to an hour in ns fit in tens of KB', () => {
  const h = new LatencyHistogram();
  for (let i = 0; i < 1_000_000; i++) h.record(((i * 7919) % 1_000_003) * 3.6e6);
  assert.ok(h.footprintBytes < 64 * 1024, `${h.footprintBytes} bytes`);
});
