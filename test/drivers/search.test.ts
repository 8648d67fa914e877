import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { searchMaxFactor, searchMinCount } from '../../drivers/search.js';

const below = (threshold: number) => async (v: number) => ({ meets: v <= threshold, detail: v });

describe('searchMaxFactor', () => {
  it('brackets by doubling, then bisects to the tolerance', async () => {
    const s = await searchMaxFactor(below(5.3), { relativeTolerance: 0.01, maxSteps: 20 });
    assert.deepEqual(s.probes.slice(0, 4).map((p) => p.value), [1, 2, 4, 8]);
    assert.ok(s.best!.value <= 5.3 && (s.firstFailing!.value - s.best!.value) / s.best!.value <= 0.01);
    assert.ok(s.best!.value > 5.3 * 0.99);
  });
  it('halves when the start fails, and reports when nothing or everything meets', async () => {
    const s = await searchMaxFactor(below(0.3), { relativeTolerance: 0.01, maxSteps: 20 });
    assert.deepEqual(s.probes.slice(0, 3).map((p) => p.value), [1, 0.5, 0.25]);
    assert.ok(s.best!.value > 0.297 && s.best!.value <= 0.3);
    assert.equal((await searchMaxFactor(below(-1), { relativeTolerance: 0.01, maxSteps: 3 })).best, null);
    const all = await searchMaxFactor(below(Infinity), { relativeTolerance: 0.01, maxSteps: 3 });
    assert.equal(all.best!.value, 8);
    assert.equal(all.firstFailing, null);
  });
});

describe('searchMinCount', () => {
  const atLeast = (n: number) => async (v: number) => ({ meets: v >= n, detail: v });
  it('finds the smallest count exactly', async () => {
    for (const n of [1, 2, 3, 5, 17, 64, 100]) assert.equal((await searchMinCount(atLeast(n), 128)).best!.value, n, String(n));
    const s = await searchMinCount(atLeast(5), 128);
    assert.deepEqual(s.probes.map((p) => p.value), [1, 2, 4, 8, 6, 5]);
  });
  it('tries the limit itself and gives up beyond it', async () => {
    assert.equal((await searchMinCount(atLeast(100), 100)).best!.value, 100);
    assert.equal((await searchMinCount(atLeast(101), 100)).best, null);
  });
});

describe('a probe that may not be made stops the search where it is', () => {
  /** Meets below `threshold`; refuses (null) every probe after the first `allowed`. */
  const limited = <T>(probe: (v: number) => Promise<T>, allowed: number) => {
    let made = 0;
    return async (v: number) => (made++ < allowed ? probe(v) : null);
  };
  it('max factor: what was found so far, and the value not probed', async () => {
    const s = await searchMaxFactor(limited(below(5.3), 5), { relativeTolerance: 0.01, maxSteps: 20 });
    assert.deepEqual(s.probes.map((p) => p.value), [1, 2, 4, 8, 6]);
    assert.equal(s.best!.value, 4);
    assert.equal(s.firstFailing!.value, 6);
    assert.equal(s.stoppedAt, 5);
    const done = await searchMaxFactor(below(5.3), { relativeTolerance: 0.01, maxSteps: 20 });
    assert.equal(done.stoppedAt, null);
  });
  it('min count: stopped while doubling (nothing met yet) or while bisecting', async () => {
    const atLeast = (n: number) => async (v: number) => ({ meets: v >= n, detail: v });
    const doubling = await searchMinCount(limited(atLeast(5), 2), 128);
    assert.deepEqual([doubling.best, doubling.stoppedAt], [null, 4]);
    const bisecting = await searchMinCount(limited(atLeast(5), 4), 128);
    assert.deepEqual([bisecting.best!.value, bisecting.stoppedAt], [8, 6]);
    assert.equal((await searchMinCount(atLeast(5), 128)).stoppedAt, null);
  });
});
