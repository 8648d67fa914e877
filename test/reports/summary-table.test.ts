import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MODES } from '../../sim/result.js';
import { formatLatency, formatMs, formatNumber, formatPercent, formatSummaryText, summaryTable } from '../../reports/summary-table.js';
import { compareRows, RATE_PATH, rateSweepRows } from '../fixtures/run-results.js';

describe('summary table', () => {
  it('formats numbers the same in every locale', () => {
    assert.equal(formatNumber(1234567.891, 2), '1,234,567.89');
    assert.equal(formatNumber(-1234, 0), '-1,234');
    assert.equal(formatNumber(999, 0), '999');
    assert.equal(formatNumber(Number.NaN, 1), '–');
    assert.equal(formatMs(0.4213), '0.42');
    assert.equal(formatMs(12.345), '12.3');
    assert.equal(formatMs(1234.5), '1,235');
    assert.equal(formatPercent(0.9951), '99.5 %');
  });

  it('has one row per mode in the fixed order for a compare, without the seed column', () => {
    const rows = compareRows().reverse();
    const table = summaryTable(rows, {});
    assert.deepEqual(table.rows.map((r) => r.mode), [...MODES]);
    assert.ok(!table.columns.some((c) => c.key === 'run'));
    const proxy = table.rows.find((r) => r.mode === 'l7-proxy')!;
    // The fixture offers 8,000 req/s to a 6,000 req/s proxy: saturated, named, no headroom.
    assert.equal(proxy.bottleneck, 'proxy.cpu (cpu)');
    assert.equal(proxy.headroom, '–');
    assert.equal(proxy.health, 'overloaded');
    assert.match(proxy.evidence, /^proxy\.cpu busy/);
    // lvs-dr has room: no bottleneck named, the busiest shown with its headroom.
    const dr = table.rows.find((r) => r.mode === 'lvs-dr')!;
    assert.match(dr.bottleneck, /^none; busiest /);
    assert.match(dr.headroom, /^\d+\.\d\d×$/);
  });

  it('keeps only the operating point of a sweep and shows replications', () => {
    const table = summaryTable(rateSweepRows(), { [RATE_PATH]: 12000 });
    // Two replications per mode, then the mode's mean ± 95 % CI line.
    assert.equal(table.rows.length, MODES.length * 3);
    assert.ok(table.columns.some((c) => c.key === 'run'));
    assert.deepEqual(table.rows.slice(0, 3).map((r) => r.run), ['7 / 0', '7 / 1', 'mean ± 95 % CI (n=2)']);
  });

  it('prints as aligned text without the evidence column, then why each run is not steady', () => {
    const table = summaryTable(compareRows(), {});
    const text = formatSummaryText(table);
    const [grid = '', why = ''] = text.split('\n\n');
    const lines = grid.split('\n');
    assert.equal(lines.length, 1 + MODES.length);
    assert.match(lines[0]!, /^Mode\s+Verdict\s+Throughput \(req\/s\)/);
    assert.ok(!text.includes('Evidence'));
    assert.ok(lines[3]!.startsWith('l7-proxy'));
    const notSteady = table.rows.filter((r) => r.health !== 'steady');
    assert.ok(notSteady.length > 0);
    assert.deepEqual(why.split('\n').map((l) => l.split(' ')[0]), notSteady.map((r) => r.mode));
  });

  it('marks a censored quantile as a lower bound', () => {
    assert.equal(formatLatency(6039.8, true), '> 6,040');
    assert.equal(formatLatency(44.04, false), '44.0');
  });
});
