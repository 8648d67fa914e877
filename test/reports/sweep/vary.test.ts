import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../../reports/cli/errors.js';
import { parseAxisValue, parseVaries, parseVary } from '../../../reports/sweep/vary.js';

describe('--vary parsing', () => {
  it('reads numbers, booleans and strings', () => {
    assert.deepEqual(['8', '-1.5', '1e3', 'true', 'false', '2ms', 'wlc', '0x10'].map(parseAxisValue), [8, -1.5, 1000, true, false, '2ms', 'wlc', '0x10']);
  });
  it('keeps the path canonical and the values in order', () => {
    assert.deepEqual(parseVary('workload.groups.0.arrival.rate=1000, 2000'), {
      path: 'workload.groups[0].arrival.rate', segments: ['workload', 'groups', 0, 'arrival', 'rate'], values: [1000, 2000],
    });
  });
  it('rejects empty grids, empty and repeated values, repeated paths', () => {
    assert.throws(() => parseVary('dns.ttl='), /no values given, so the grid is empty/);
    assert.throws(() => parseVary('dns.ttl'), /expected path=v1,v2/);
    assert.throws(() => parseVary('dns.ttl=1s,,2s'), /empty value/);
    assert.throws(() => parseVary('dns.ttl=1s,1s'), /listed twice/);
    assert.throws(() => parseVaries(['dns.ttl=1s', 'dns.ttl=2s']), /varied twice/);
    assert.throws(() => parseVaries([]), UsageError);
  });
});
