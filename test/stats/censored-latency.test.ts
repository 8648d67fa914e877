import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CensoredLatency } from '../../sim/stats/censored-latency.js';

const MS = 1_000_000;

function build(exactMs: readonly number[], censoredMs: readonly number[]): CensoredLatency {
  const c = new CensoredLatency();
  for (const x of exactMs) c.recordExact(x * MS);
  for (const x of censoredMs) c.recordCensored(x * MS);
  return c;
}

const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

describe('censored latency', () => {
  it('counts censored requests at their age, so quantiles are lower bounds that do not hide them', () => {
    // 900 fast requests at 1..9 ms; 100 stuck ones, censored at 5 s: p99 is at least 5 s.
    const s = build(range(900, (i) => 1 + (i % 9)), range(100, () => 5000)).summaryMs();
    assert.equal(s.censoredFraction, 0.1);
    assert.ok(Math.abs(s.p99 - 5000) / 5000 < 0.01, `p99 ${s.p99}`);
    assert.ok(s.censored.p99 && s.censored.p90 === false, 'p90 (9 ms) is below every censored age: exact');
    assert.ok(s.p90 <= 9.1);
    assert.equal(s.censored.p50, false);
    assert.equal(s.censored.mean, true);
    assert.equal(s.censored.max, true);
  });

  it('flags every quantile above a young censored age when more than 1 % are censored', () => {
    const s = build(range(970, (i) => 10 + (i % 10)), range(30, () => 0.5)).summaryMs();
    assert.ok(s.censoredFraction > 0.01);
    for (const stat of ['p50', 'p90', 'p99', 'p999'] as const) assert.ok(s.censored[stat], stat);
  });

  it('shows values as they are with 1 % or fewer censored, unless the rank falls among them', () => {
    // 0.5 % censored at 2 s: p99's rank lies among the completions, p999's does not.
    const s = build(range(995, (i) => 1 + (i % 20)), range(5, () => 2000)).summaryMs();
    assert.equal(s.censored.p99, false);
    assert.ok(s.p99 < 21);
    assert.equal(s.censored.p999, true);
    assert.ok(s.p999 >= 1990);
    assert.equal(s.censored.mean, false);
  });

  it('has no censoring when everything completed', () => {
    const s = build(range(1000, (i) => 1 + i / 100), []).summaryMs();
    assert.equal(s.censoredFraction, 0);
    assert.ok(Object.values(s.censored).every((f) => !f));
    assert.ok(Math.abs(s.p50 - 6) < 0.1);
  });

  it('is empty-safe', () => {
    const s = new CensoredLatency().summaryMs();
    assert.equal(s.p99, 0);
    assert.equal(s.censoredFraction, 0);
  });
});
