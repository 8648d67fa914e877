import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeStream } from '../../sim/engine/rng.js';
import { BacklogSampler, fitTrend, GROWTH_OVER_NOISE, MAX_SAMPLES } from '../../sim/stats/backlog-trend.js';

const MS = 1_000_000;

/**
 * A discrete-time birth–death queue: each ms one arrival with probability a, one departure with
 * probability d when the queue is not empty. a < d is stable (it fluctuates around a/(d − a)
 * roughly); a > d fills at (a − d) per ms.
 */
function queuePath(a: number, d: number, steps: number, seedPath: string): number[] {
  const rng = makeStream(7, 0, seedPath);
  let q = 0;
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    if (rng.next() < a) q++;
    if (q > 0 && rng.next() < d) q--;
    out.push(q);
  }
  return out;
}

function trendOf(path: readonly number[], everyMs: number): ReturnType<typeof fitTrend> {
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < path.length; i += everyMs) {
    times.push(i * MS);
    values.push(path[i]!);
  }
  return fitTrend('q', times, values);
}

describe('backlog trend test', () => {
  it('finds a filling queue growing, with the slope of the fill rate', () => {
    // Arrivals 0.6/ms, service 0.5/ms: grows ~0.1/ms = 100/s (less the odd idle step).
    const t = trendOf(queuePath(0.6, 0.5, 5000, 'test/trend/filling'), 20);
    assert.ok(t.growing, JSON.stringify(t));
    assert.ok(t.slopePerSecond > 80 && t.slopePerSecond < 120, `slope ${t.slopePerSecond}`);
    assert.ok(t.growth >= GROWTH_OVER_NOISE * t.residualSd);
  });

  it('does not call a stable queue growing, over many independent paths', () => {
    // ρ = 0.8 and 0.9: stationary, with fluctuations of several jobs; the window is thousands
    // of service times, as in a measured half-window.
    let flagged = 0;
    for (let i = 0; i < 40; i++) {
      const rho = i % 2 === 0 ? 0.8 : 0.9;
      const path = queuePath(0.5 * rho, 0.5, 40_000, `test/trend/stable-${i}`);
      // Start from the stationary regime, as after a warm-up.
      if (trendOf(path.slice(10_000), 100).growing) flagged++;
    }
    assert.ok(flagged <= 1, `${flagged} of 40 stable paths flagged`);
  });

  it('needs a rise of at least 10 jobs: a queue creeping from 0 to 3 is not growth', () => {
    const times = Array.from({ length: 64 }, (_, i) => i * MS);
    const t = fitTrend('q', times, times.map((_, i) => Math.floor((3 * i) / 63)));
    assert.ok(!t.growing);
    assert.ok(t.slopePerSecond > 0);
  });

  it('keeps its memory bounded: thins to every other sample and doubles the interval', () => {
    let level = 0;
    const s = new BacklogSampler([{ id: 'x', read: () => level }], MS);
    let now = 0;
    for (let i = 0; i < 10_000; i++) {
      s.sample(now);
      level++;
      now += s.intervalNs;
    }
    assert.ok(s.sampleCount <= MAX_SAMPLES && s.sampleCount >= MAX_SAMPLES / 2, `${s.sampleCount} samples`);
    assert.ok(s.intervalNs > MS);
    // A steady ramp of one job per sample is still seen as growth over the second half.
    const [t] = s.trends(now / 2);
    assert.ok(t!.growing && t!.samples >= MAX_SAMPLES / 4, JSON.stringify(t));
  });
});
