import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { searchMaxFactor, searchMinCount } from '../../drivers/search.js';
import { maxSearchProbesLeft, minSearchProbesLeft, type ProbeOutcome } from '../../drivers/search-estimate.js';

describe('probes-left estimates', () => {
  it('count down exactly once a max-factor search has its bracket', async () => {
    const seen: ProbeOutcome[] = [];
    const estimates: number[] = [];
    const threshold = 5.3;
    const result = await searchMaxFactor(async (v) => {
      estimates.push(maxSearchProbesLeft(seen, 0.01));
      const meets = v <= threshold;
      seen.push({ value: v, meets });
      return { meets, detail: null };
    }, { relativeTolerance: 0.01, maxSteps: 12 });
    assert.equal(maxSearchProbesLeft(seen, 0.01), 0);
    // From the first probe after the bracket (4 meets, 8 fails) the estimate is exact.
    const bracketAt = result.probes.findIndex((p) => !p.meets) + 1;
    for (let i = bracketAt; i < estimates.length; i++) assert.equal(estimates[i], result.probes.length - i, `probe ${i}`);
  });

  it('count down exactly once a min-count search has found a count that meets', async () => {
    const seen: ProbeOutcome[] = [];
    const estimates: number[] = [];
    const result = await searchMinCount(async (n) => {
      estimates.push(minSearchProbesLeft(seen, 256));
      const meets = n >= 37;
      seen.push({ value: n, meets });
      return { meets, detail: null };
    }, 256);
    assert.equal(result.best?.value, 37);
    assert.equal(minSearchProbesLeft(seen, 256), 0);
    const firstMeet = result.probes.findIndex((p) => p.meets) + 1;
    for (let i = firstMeet; i < estimates.length; i++) assert.equal(estimates[i], result.probes.length - i, `probe ${i}`);
  });
});
