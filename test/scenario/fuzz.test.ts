import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { check, mutantArb, schemaCaseArb, tally } from './fuzz-cases.js';

/**
 * The quick fuzz of the input contract (see fuzz-cases.ts): a few hundred seeded cases at small
 * size, well under 20 s on a shared 2-core machine. The long run is `npm run bench -- fuzz`.
 */
describe('input fuzzer: refused with a reason, or runs to a sound result', () => {
  it('mutations of the shipped scenarios', () => {
    const seen = tally();
    fc.assert(fc.property(mutantArb, ({ raw, mode }) => {
      seen[check(raw, mode)]++;
    }), { seed: 20261129, numRuns: 200 });
    assert.ok(seen.refused > 0 && seen.ran > 0, `both outcomes exercised: ${JSON.stringify(seen)}`);
  });

  it('scenarios drawn from the schema domains', () => {
    const seen = tally();
    fc.assert(fc.property(schemaCaseArb, ({ raw, mode }) => {
      seen[check(raw, mode)]++;
    }), { seed: 7, numRuns: 150 });
    assert.ok(seen.ran > seen.refused, `mostly valid: ${JSON.stringify(seen)}`);
  });
});
