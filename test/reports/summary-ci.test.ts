import assert from 'node:assert/strict';
import { it } from 'node:test';
import { summaryTable } from '../../reports/summary-table.js';
import type { ResultRow } from '../../reports/rows.js';
import { makeResult } from '../fixtures/run-results.js';

it('with several replications, each mode ends with a mean ± 95 % CI line (Student t)', () => {
  // Throughputs 1000, 1100, 1200 req/s: mean 1100, s = 100, t(0.975, 2) = 4.303 → ± 248.4.
  const rows: ResultRow[] = [0, 1, 2].map((replication) => {
    const base = makeResult('lvs-dr', { servers: 4, ratePerSecond: 1000 + 100 * replication });
    return { params: {}, result: { ...base, replication, throughput: { ...base.throughput, requestsPerSecond: 1000 + 100 * replication } } };
  });
  const table = summaryTable(rows, {});
  assert.equal(table.rows.length, 4);
  const ci = table.rows[3]!;
  assert.equal(ci.run, 'mean ± 95 % CI (n=3)');
  assert.equal(ci.throughput, '1,100 ± 248');
  assert.ok(table.columns.some((c) => c.key === 'run'));
  const single = summaryTable([rows[0]!], {});
  assert.equal(single.rows.length, 1, 'no CI line for a single run');
});
