import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResourceSnapshot } from '../../sim/engine/resource.js';
import { findBottleneck, headroom, SATURATED_UTILIZATION } from '../../sim/stats/bottleneck.js';

function snap(id: string, utilization: number, dropped = 0): ResourceSnapshot {
  return { id, node: id.split('.')[0]!, kind: 'cpu', utilization, meanQueue: 0, maxQueue: 0, served: 1, dropped, work: 1 };
}

describe('bottleneck and headroom', () => {
  it('names no bottleneck below 95 %: the busiest, and 0.95 / its utilization as headroom', () => {
    const b = findBottleneck([snap('a.cpu', 0.5), snap('b.cpu', 0.76), snap('c.nic', 0.3)]);
    assert.equal(b.resource, 'b.cpu');
    assert.equal(b.saturated, false);
    assert.equal(headroom(b), SATURATED_UTILIZATION / 0.76);
    assert.ok(Math.abs(headroom(b)! - 1.25) < 1e-12);
  });

  it('a resource at 95 % or more is the bottleneck, with no headroom', () => {
    const b = findBottleneck([snap('a.cpu', 0.95), snap('b.cpu', 0.4)]);
    assert.ok(b.saturated);
    assert.equal(headroom(b), null);
  });

  it('a resource that refuses work is the bottleneck even when another is busier', () => {
    const b = findBottleneck([snap('busy.cpu', 0.9), snap('table.conn', 0.2, 17)]);
    assert.equal(b.resource, 'table.conn');
    assert.ok(b.saturated);
    assert.match(b.evidence, /17 refused/);
    assert.equal(headroom(b), null);
  });

  it('nothing busy: no basis for a headroom', () => {
    assert.equal(headroom(findBottleneck([snap('a.cpu', 0)])), null);
  });
});
