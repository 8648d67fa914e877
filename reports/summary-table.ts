import { MODES, type RunResult } from '../sim/result.js';
import { confidenceInterval } from '../sim/stats/replications.js';
import { atOperatingPoint, type OperatingPoint, type ResultRow } from './rows.js';

/**
 * The per-mode summary at the operating point, as formatted text cells: what report.html shows
 * at the top and what a CLI can print. Formatting is locale-independent (`,` thousands, `.`
 * decimals) so the output is the same everywhere.
 */
export const SUMMARY_COLUMNS = [
  { key: 'mode', label: 'Mode', numeric: false },
  { key: 'run', label: 'Seed / rep.', numeric: false },
  { key: 'throughput', label: 'Throughput (req/s)', numeric: true },
  { key: 'goodput', label: 'Goodput (Gbit/s)', numeric: true },
  { key: 'p50', label: 'p50 (ms)', numeric: true },
  { key: 'p99', label: 'p99 (ms)', numeric: true },
  { key: 'errors', label: 'Errors', numeric: true },
  { key: 'bottleneck', label: 'Bottleneck', numeric: false },
  { key: 'utilization', label: 'Utilisation', numeric: true },
  { key: 'imbalance', label: 'Imbalance (max/mean, CV)', numeric: true },
  { key: 'evidence', label: 'Evidence', numeric: false },
] as const;

export type SummaryKey = (typeof SUMMARY_COLUMNS)[number]['key'];
export type SummaryColumn = (typeof SUMMARY_COLUMNS)[number];

export interface SummaryTable {
  readonly columns: readonly SummaryColumn[];
  readonly rows: readonly Readonly<Record<SummaryKey, string>>[];
}

/** `1234567.891` with 2 digits → `1,234,567.89`; non-finite → `–`. */
export function formatNumber(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '–';
  const [int = '', frac] = value.toFixed(digits).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** Milliseconds with precision that fits the magnitude: 0.42, 12.3, 1,234. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const abs = Math.abs(ms);
  return formatNumber(ms, abs < 10 ? 2 : abs < 1000 ? 1 : 0);
}

/**
 * A run with no completion in its measured window has no latency: RunResult carries 0 there, and
 * every report shows "no completions" (or an empty CSV cell), never 0.00 ms.
 */
export const NO_COMPLETIONS = 'no completions';
export type LatencyKey = keyof RunResult['latencyMs'];

export function hasCompletions(r: RunResult): boolean {
  return r.throughput.requestsPerSecond > 0;
}

export function latencyOrNull(r: RunResult, key: LatencyKey): number | null {
  return hasCompletions(r) ? r.latencyMs[key] : null;
}

export function formatLatency(r: RunResult, key: LatencyKey): string {
  return hasCompletions(r) ? formatMs(r.latencyMs[key]) : NO_COMPLETIONS;
}

export function formatPercent(fraction: number): string {
  return Number.isFinite(fraction) ? `${formatNumber(fraction * 100, 1)} %` : '–';
}

function errorsCell(r: RunResult): string {
  const errors = r.requests.failed + r.requests.timedOut;
  if (errors === 0) return '0';
  return `${formatNumber(errors, 0)} (${formatPercent(r.requests.issued > 0 ? errors / r.requests.issued : NaN)})`;
}

function cells(r: RunResult): Record<SummaryKey, string> {
  const gbps = (r.throughput.goodputBytesPerSecond * 8) / 1e9;
  return {
    mode: r.mode,
    run: `${r.seed} / ${r.replication}`,
    throughput: formatNumber(r.throughput.requestsPerSecond, 0),
    goodput: formatNumber(gbps, 2),
    p50: formatLatency(r, 'p50'),
    p99: formatLatency(r, 'p99'),
    errors: errorsCell(r),
    bottleneck: `${r.bottleneck.resource} (${r.bottleneck.kind})`,
    utilization: formatPercent(r.bottleneck.utilization),
    imbalance: `${formatNumber(r.imbalance.maxOverMean, 2)}, ${formatNumber(r.imbalance.cv, 2)}`,
    evidence: r.bottleneck.evidence,
  };
}

function modeRank(mode: string): number {
  const i = (MODES as readonly string[]).indexOf(mode);
  return i < 0 ? MODES.length : i;
}

/**
 * Across a mode's replications: mean ± the 95 % confidence half-width (Student t, n − 1 degrees
 * of freedom) of each numeric column; the bottleneck is the one most runs named.
 */
function ciCells(mode: string, runs: readonly RunResult[]): Record<SummaryKey, string> {
  const ci = (f: (r: RunResult) => number, format: (x: number) => string, of: readonly RunResult[] = runs) => {
    if (of.length === 0) return NO_COMPLETIONS;
    const c = confidenceInterval(of.map(f));
    return `${format(c.mean)} ± ${format(c.halfWidth)}`;
  };
  const measured = runs.filter(hasCompletions);
  const votes = new Map<string, number>();
  for (const r of runs) votes.set(r.bottleneck.resource, (votes.get(r.bottleneck.resource) ?? 0) + 1);
  const named = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
  return {
    mode,
    run: `mean ± 95 % CI (n=${runs.length})`,
    throughput: ci((r) => r.throughput.requestsPerSecond, (x) => formatNumber(x, 0)),
    goodput: ci((r) => (r.throughput.goodputBytesPerSecond * 8) / 1e9, (x) => formatNumber(x, 2)),
    p50: ci((r) => r.latencyMs.p50, formatMs, measured),
    p99: ci((r) => r.latencyMs.p99, formatMs, measured),
    errors: ci((r) => r.requests.failed + r.requests.timedOut, (x) => formatNumber(x, 0)),
    bottleneck: `${named[0]} (${named[1]} of ${runs.length} runs)`,
    utilization: ci((r) => r.bottleneck.utilization, formatPercent),
    imbalance: ci((r) => r.imbalance.maxOverMean, (x) => formatNumber(x, 2)),
    evidence: '',
  };
}

/**
 * One line per run at the operating point, in the fixed mode order, then seed and replication.
 * The seed/replication column appears only when some mode has more than one run there; each such
 * mode then gets a closing line with the mean ± 95 % confidence interval across its runs.
 */
export function summaryTable(rows: readonly ResultRow[], point: OperatingPoint): SummaryTable {
  const results = rows
    .filter((row) => atOperatingPoint(row, point))
    .map((row) => row.result)
    .sort((a, b) => modeRank(a.mode) - modeRank(b.mode) || a.seed - b.seed || a.replication - b.replication);
  const perMode = new Map<string, number>();
  for (const r of results) perMode.set(r.mode, (perMode.get(r.mode) ?? 0) + 1);
  const repeated = [...perMode.values()].some((n) => n > 1);
  const out: Record<SummaryKey, string>[] = [];
  results.forEach((r, i) => {
    out.push(cells(r));
    const next = results[i + 1];
    if ((next === undefined || next.mode !== r.mode) && perMode.get(r.mode)! > 1) {
      out.push(ciCells(r.mode, results.filter((x) => x.mode === r.mode)));
    }
  });
  return {
    columns: SUMMARY_COLUMNS.filter((c) => repeated || c.key !== 'run'),
    rows: out,
  };
}

/** The table as aligned plain text (without the evidence column), for a terminal. */
export function formatSummaryText(table: SummaryTable): string {
  const columns = table.columns.filter((c) => c.key !== 'evidence');
  const grid = [columns.map((c) => c.label), ...table.rows.map((row) => columns.map((c) => row[c.key]))];
  const widths = columns.map((_, i) => Math.max(...grid.map((line) => (line[i] ?? '').length)));
  return grid
    .map((line) =>
      line
        .map((cell, i) => {
          const width = widths[i] ?? 0;
          return columns[i]?.numeric ? cell.padStart(width) : cell.padEnd(width);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
