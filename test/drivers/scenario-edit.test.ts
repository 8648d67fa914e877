import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSegments, setAtPath } from '../../drivers/scenario-edit.js';

describe('formatSegments', () => {
  it('writes list indexes in brackets', () => {
    assert.equal(formatSegments(['workload', 'groups', 1, 'clients']), 'workload.groups[1].clients');
  });
});

describe('setAtPath', () => {
  const raw = { topology: { servers: { count: 2 } }, workload: { groups: [{ name: 'a', arrival: { kind: 'poisson', rate: 1 } }] } };
  it('sets a copy, leaving the original untouched', () => {
    const out = setAtPath(raw, ['workload', 'groups', 0, 'arrival', 'rate'], 5) as typeof raw;
    assert.equal(out.workload.groups[0]!.arrival.rate, 5);
    assert.equal(raw.workload.groups[0]!.arrival.rate, 1);
  });
  it('creates absent optional sections', () => {
    assert.deepEqual((setAtPath(raw, ['dns', 'ttl'], '5s') as { dns: unknown }).dns, { ttl: '5s' });
  });
  it('refuses list elements that do not exist and paths through values', () => {
    assert.throws(() => setAtPath(raw, ['workload', 'groups', 2, 'clients'], 1), /workload\.groups\[2\] does not exist: the scenario's list has 1 element$/);
    assert.throws(() => setAtPath(raw, ['topology', 'servers', 'count', 'x'], 1), /topology\.servers\.count is not an object/);
  });
});
