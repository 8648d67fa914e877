import { type LatencyStat, MODES, type RunResult } from '../sim/result.js';
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
  { key: 'health', label: 'Verdict', numeric: false },
  { key: 'throughput', label: 'Throughput (req/s)', numeric: true },
  { key: 'goodput', label: 'Goodput (Gbit/s)', numeric: true },
  { key: 'p50', label: 'p50 (ms)', numeric: true },
  { key: 'p99', label: 'p99 (ms)', numeric: true },
  { key: 'errors', label: 'Errors', numeric: true },
  { key: 'bottleneck', label: 'Bottleneck (else busiest)', numeric: false },
  { key: 'utilization', label: 'Utilisation', numeric: true },
  { key: 'headroom', label: 'Headroom', numeric: true },
  { key: 'imbalance', label: 'Imbalance (max/mean, CV)', numeric: true },
  { key: 'evidence', label: 'Evidence', numeric: false },
  { key: 'reasons', label: 'Why this verdict', numeric: false },
] as const;

/** Columns too wide for a terminal line; formatSummaryText prints the reasons under the table instead. */
const WIDE_KEYS: readonly SummaryKey[] = ['evidence', 'reasons'];

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
 * A run that issued no request in its measured window has no latency at all: RunResult carries an
 * uncensored 0 there, and every report shows "no completions" (or an empty CSV cell), never
 * 0.00 ms. A window with requests but no completion has censored latencies, shown as `> x`.
 */
export const NO_COMPLETIONS = 'no completions';

export function hasCompletions(r: RunResult): boolean {
  return r.requests.completed > 0;
}

export function hasLatency(r: RunResult): boolean {
  return r.requests.issued > 0;
}

export function latencyOrNull(r: RunResult, stat: LatencyStat): number | null {
  return hasLatency(r) ? r.latencyMs[stat] : null;
}

/** The cell for one latency statistic of one run: `12.3`, `> 12.3` (censored) or "no completions". */
export function latencyCell(r: RunResult, stat: LatencyStat): string {
  return hasLatency(r) ? formatLatency(r.latencyMs[stat], r.latencyMs.censored[stat]) : NO_COMPLETIONS;
}

export function formatPercent(fraction: number): string {
  return Number.isFinite(fraction) ? `${formatNumber(fraction * 100, 1)} %` : '–';
}

/**
 * A latency statistic; `> x` when censoring makes it only a lower bound (RunResult.latencyMs
 * `censored` flags: more than 1 % of the requests never succeeded and some did not by that age).
 */
export function formatLatency(ms: number, censored: boolean): string {
  return censored ? `> ${formatMs(ms)}` : formatMs(ms);
}

/**
 * Requests that did not succeed: failed + timed out + unfinished, each counted once (an unfinished
 * request already past its deadline is in timedOut, so this is failed + timedOut + inFlight, which
 * is issued − completed).
 */
export function errorCount(r: RunResult): number {
  return r.requests.failed + r.requests.timedOut + r.requests.inFlight;
}

function errorsCell(r: RunResult): string {
  const errors = errorCount(r);
  if (errors === 0) return '0';
  return `${formatNumber(errors, 0)} (${formatPercent(r.requests.issued > 0 ? errors / r.requests.issued : NaN)})`;
}

/** `server-1.cpu (cpu)` when it is saturated; otherwise `none; busiest server-1.cpu (cpu)`. */
function bottleneckCell(r: RunResult): string {
  const named = `${r.bottleneck.resource} (${r.bottleneck.kind})`;
  return r.bottleneck.saturated ? named : `none; busiest ${named}`;
}

/** `1.22×`; `–` when the run has no headroom (a resource is saturated). */
export function formatHeadroom(headroom: number | null): string {
  return headroom === null ? '–' : `${formatNumber(headroom, 2)}×`;
}

function cells(r: RunResult): Record<SummaryKey, string> {
  const gbps = (r.throughput.goodputBytesPerSecond * 8) / 1e9;
  return {
    mode: r.mode,
    run: `${r.seed} / ${r.replication}`,
    health: r.health.state,
    throughput: formatNumber(r.throughput.requestsPerSecond, 0),
    goodput: formatNumber(gbps, 2),
    p50: latencyCell(r, 'p50'),
    p99: latencyCell(r, 'p99'),
    errors: errorsCell(r),
    bottleneck: bottleneckCell(r),
    utilization: formatPercent(r.bottleneck.utilization),
    headroom: formatHeadroom(r.headroom),
    imbalance: `${formatNumber(r.imbalance.maxOverMean, 2)}, ${formatNumber(r.imbalance.cv, 2)}`,
    evidence: r.bottleneck.evidence,
    reasons: r.health.reasons.join('; '),
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
  const named = mostCommon(runs.map((r) => bottleneckCell(r)));
  const state = mostCommon(runs.map((r) => r.health.state));
  const headrooms = runs.map((r) => r.headroom);
  // A bound over runs where some have no headroom would mix a number with "none": show it only when all have one.
  const headroom = headrooms.every((h): h is number => h !== null) ? ci((r) => r.headroom!, (x) => `${formatNumber(x, 2)}×`) : '–';
  return {
    mode,
    run: `mean ± 95 % CI (n=${runs.length})`,
    health: `${state[0]} (${state[1]} of ${runs.length} runs)`,
    throughput: ci((r) => r.throughput.requestsPerSecond, (x) => formatNumber(x, 0)),
    goodput: ci((r) => (r.throughput.goodputBytesPerSecond * 8) / 1e9, (x) => formatNumber(x, 2)),
    p50: censoredCi(runs, 'p50', ci),
    p99: censoredCi(runs, 'p99', ci),
    errors: ci(errorCount, (x) => formatNumber(x, 0)),
    bottleneck: `${named[0]} (${named[1]} of ${runs.length} runs)`,
    utilization: ci((r) => r.bottleneck.utilization, formatPercent),
    headroom,
    imbalance: ci((r) => r.imbalance.maxOverMean, (x) => formatNumber(x, 2)),
    evidence: '',
    reasons: '',
  };
}

/** The value most runs share (ties: alphabetical), with how many share it. */
function mostCommon(values: readonly string[]): [string, number] {
  const votes = new Map<string, number>();
  for (const v of values) votes.set(v, (votes.get(v) ?? 0) + 1);
  return [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
}

/**
 * A mean ± CI of lower bounds is itself only a lower bound: `> …` when any run's value is censored.
 * Runs without any latency (nothing issued in the window) are left out; none left: "no completions".
 */
function censoredCi(runs: readonly RunResult[], stat: 'p50' | 'p99', ci: (f: (r: RunResult) => number, format: (x: number) => string, of: readonly RunResult[]) => string): string {
  const measured = runs.filter(hasLatency);
  const text = ci((r) => r.latencyMs[stat], formatMs, measured);
  return measured.some((r) => r.latencyMs.censored[stat]) ? `> ${text}` : text;
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

/**
 * The table as aligned plain text for a terminal, without the wide columns (evidence, reasons);
 * the reasons for every verdict that is not steady follow the table, one line per run.
 */
export function formatSummaryText(table: SummaryTable): string {
  const columns = table.columns.filter((c) => !WIDE_KEYS.includes(c.key));
  const grid = [columns.map((c) => c.label), ...table.rows.map((row) => columns.map((c) => row[c.key]))];
  const widths = columns.map((_, i) => Math.max(...grid.map((line) => (line[i] ?? '').length)));
  const text = grid
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
  const why = table.rows
    .filter((row) => row.reasons !== '' && row.health !== 'steady')
    .map((row) => `${row.mode}${row.run.includes('/') && table.columns.some((c) => c.key === 'run') ? ` (${row.run})` : ''} ${row.health}: ${row.reasons}`);
  return why.length === 0 ? text : `${text}\n\n${why.join('\n')}`;
}
