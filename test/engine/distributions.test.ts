import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawOf, meanOf, sampler, type DistributionSpec } from '../../sim/engine/distributions.js';
import { makeStream } from '../../sim/engine/rng.js';
import { Welford } from '../../sim/stats/accumulators.js';

const SAMPLES = 200_000;

function sampleStats(spec: DistributionSpec, path: string): Welford {
  const draw = sampler(spec, makeStream(11, 0, `test/distributions/${path}`));
  const w = new Welford();
  for (let i = 0; i < SAMPLES; i++) w.add(draw());
  return w;
}

const SPECS: Record<string, DistributionSpec> = {
  constant: { kind: 'constant', value: 1500 },
  uniform: { kind: 'uniform', min: 2, max: 10 },
  exponential: { kind: 'exponential', mean: 1e6 },
  'lognormal cv 0.5': { kind: 'lognormal', mean: 4096, cv: 0.5 },
  'lognormal cv 2': { kind: 'lognormal', mean: 1e6, cv: 2 },
  'bounded-pareto α 1.5': { kind: 'bounded-pareto', alpha: 1.5, min: 1000, max: 1e7 },
  'bounded-pareto α 1': { kind: 'bounded-pareto', alpha: 1, min: 1, max: 1000 },
  empirical: { kind: 'empirical', points: [[100, 0], [1000, 0.5], [1000, 0.8], [1e5, 1]] },
  mixture: {
    kind: 'mixture',
    parts: [
      { weight: 3, dist: { kind: 'exponential', mean: 10 } },
      { weight: 1, dist: { kind: 'constant', value: 1000 } },
    ],
  },
};

for (const [name, spec] of Object.entries(SPECS)) {
  test(`${name}: sample mean within a confidence interval of meanOf`, () => {
    const w = sampleStats(spec, name);
    const expected = meanOf(spec);
    // z = 4.5 standard errors: a false alarm has probability ~7e-6 per test. Heavy tails inflate
    // the sample s.d. only upward, which widens the band, never hides a wrong mean of real size:
    // the band is also asserted to be narrower than 5 % of the mean, so the test has power.
    const band = 4.5 * (w.stdDev / Math.sqrt(w.count));
    assert.ok(band <= 0.05 * expected + 1e-12, `${name}: band ${band} too wide to test anything`);
    assert.ok(Math.abs(w.mean - expected) <= band + 1e-9 * expected, `${name}: mean ${w.mean} vs ${expected} ± ${band}`);
  });
}

test('constant and uniform stay in their range; lognormal has the requested cv', () => {
  const c = sampleStats(SPECS.constant!, 'range-constant');
  assert.equal(c.min, 1500);
  assert.equal(c.max, 1500);
  const u = sampleStats(SPECS.uniform!, 'range-uniform');
  assert.ok(u.min >= 2 && u.max < 10);
  const l = sampleStats(SPECS['lognormal cv 0.5']!, 'cv');
  assert.ok(Math.abs(l.stdDev / l.mean - 0.5) < 0.01, `cv ${l.stdDev / l.mean}`);
  const p = sampleStats(SPECS['bounded-pareto α 1.5']!, 'range-pareto');
  assert.ok(p.min >= 1000 && p.max <= 1e7);
});

test('meanOf by hand for the closed forms', () => {
  assert.equal(meanOf({ kind: 'uniform', min: 2, max: 10 }), 6);
  // Empirical piecewise-linear: 0.5·(100+1000)/2 + 0.3·1000 (an atom) + 0.2·(1000+1e5)/2 = 10675.
  assert.ok(Math.abs(meanOf(SPECS.empirical!) - 10_675) < 1e-9);
  assert.equal(meanOf(SPECS.mixture!), 0.75 * 10 + 0.25 * 1000);
  // Bounded Pareto α = 1: H·L/(H−L)·ln(H/L).
  assert.ok(Math.abs(meanOf(SPECS['bounded-pareto α 1']!) - (1000 / 999) * Math.log(1000)) < 1e-12);
});

test('the same spec and stream give the same samples (distributions hold no hidden state)', () => {
  const spec = SPECS['lognormal cv 2']!;
  const a = sampler(spec, makeStream(5, 0, 'same'));
  const b = sampler(spec, makeStream(5, 0, 'same'));
  for (let i = 0; i < 100; i++) assert.equal(a(), b());
});

test('samplers of one spec share its draw function but not their streams', () => {
  const spec = { kind: 'lognormal', mean: 3, cv: 0.8 } as const;
  const alone = sampler(spec, makeStream(4, 0, 'a'));
  const expected = Array.from({ length: 200 }, () => alone());
  const first = sampler(spec, makeStream(4, 0, 'a'));
  const second = sampler(spec, makeStream(4, 0, 'b'));
  const got: number[] = [];
  for (let i = 0; i < 200; i++) {
    got.push(first());
    second();
  }
  assert.deepEqual(got, expected);
  assert.equal(drawOf(spec), drawOf(spec));
});
