import type { RunResult } from '../../sim/result.js';
import type { ParamAxis, ResultRow } from '../rows.js';
import { formatMs, formatNumber, formatPercent } from '../summary-table.js';

/**
 * Every point of a sweep in one plain-text table for the terminal: one line per grid point and
 * mode in the sweep's own order (replications averaged), with the metrics a sweep is usually about: throughput, p99,
 * errors, imbalance and the busiest resource. Longer grids are cut at MAX_GRID_LINES with a
 * pointer to the files that hold every line.
 */
export const MAX_GRID_LINES = 60;

const mean = (runs: readonly RunResult[], f: (r: RunResult) => number): number => runs.reduce((s, r) => s + f(r), 0) / runs.length;

export function formatGridText(rows: readonly ResultRow[], varying: readonly ParamAxis[]): string {
  const groups = new Map<string, { params: Record<string, string>; runs: RunResult[] }>();
  for (const row of rows) {
    const params = Object.fromEntries(varying.map((a) => [a.path, String(row.params[a.path] ?? '')]));
    const key = JSON.stringify([params, row.result.mode]);
    const group = groups.get(key) ?? { params, runs: [] };
    group.runs.push(row.result);
    groups.set(key, group);
  }
  const head = [...varying.map((a) => a.path), 'Mode', 'Throughput (req/s)', 'p99 (ms)', 'Errors', 'Imbalance (max/mean)', 'Busiest resource'];
  const numeric = [...varying.map((a) => a.numeric), false, true, true, true, true, false];
  const lines = [...groups.values()]
    .map(({ params, runs }) => {
      const issued = mean(runs, (r) => r.requests.issued);
      const errors = mean(runs, (r) => r.requests.failed + r.requests.timedOut);
      return [
        ...varying.map((a) => params[a.path]!),
        runs[0]!.mode,
        formatNumber(mean(runs, (r) => r.throughput.requestsPerSecond), 0),
        formatMs(mean(runs, (r) => r.latencyMs.p99)),
        errors === 0 ? '0' : formatPercent(issued > 0 ? errors / issued : NaN),
        formatNumber(mean(runs, (r) => r.imbalance.maxOverMean), 2),
        `${runs[0]!.bottleneck.resource} ${formatPercent(mean(runs, (r) => r.bottleneck.utilization))}`,
      ];
    });
  const shown = lines.slice(0, MAX_GRID_LINES);
  const grid = [head, ...shown];
  const widths = head.map((_, i) => Math.max(...grid.map((line) => line[i]!.length)));
  const text = grid.map((line) => line.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
  return lines.length > shown.length ? `${text}\n… ${lines.length - shown.length} more lines in results.csv and report.html` : text;
}
