import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atOperatingPoint, defaultOperatingPoint, isRatePath, isServerCountPath, paramAxes, varyingAxes } from '../../reports/rows.js';
import { compareRows, RATE_PATH, rateSweepRows, SERVER_COUNTS, serverSweepRows, SERVERS_PATH } from '../fixtures/run-results.js';

describe('rows: what a study varied', () => {
  it('finds no varying parameter in a compare', () => {
    assert.deepEqual(varyingAxes(compareRows()), []);
    assert.deepEqual(defaultOperatingPoint(compareRows()), {});
  });

  it('finds the server sweep axis with its values in order, and picks the largest as operating point', () => {
    const axes = varyingAxes(serverSweepRows());
    assert.deepEqual(axes, [{ path: SERVERS_PATH, values: [...SERVER_COUNTS], numeric: true }]);
    assert.deepEqual(defaultOperatingPoint(serverSweepRows()), { [SERVERS_PATH]: 8 });
    assert.equal(serverSweepRows().filter((r) => atOperatingPoint(r, { [SERVERS_PATH]: 8 })).length, 6);
  });

  it('treats a parameter with one value as fixed, and mixed values as non-numeric', () => {
    const rows = [
      { params: { a: 1, b: 'x' }, result: compareRows()[0]!.result },
      { params: { a: 1, b: 2 }, result: compareRows()[1]!.result },
    ];
    assert.deepEqual(paramAxes(rows).map((a) => [a.path, a.numeric]), [['a', true], ['b', false]]);
    assert.deepEqual(varyingAxes(rows).map((a) => a.path), ['b']);
    assert.deepEqual(defaultOperatingPoint(rows), { b: 2 });
  });

  it('recognises server-count and rate parameter names', () => {
    for (const p of ['topology.servers.count', 'servers', 'x.servers', 'SERVERS.count']) assert.ok(isServerCountPath(p), p);
    for (const p of ['topology.servers.cores', 'observers', 'servers.count.max']) assert.ok(!isServerCountPath(p), p);
    for (const p of [RATE_PATH, 'rate', 'workload.arrival.rate']) assert.ok(isRatePath(p), p);
    for (const p of ['rateLimit', 'generated']) assert.ok(!isRatePath(p), p);
    assert.equal(rateSweepRows().length, 6 * 6 * 2);
  });
});
