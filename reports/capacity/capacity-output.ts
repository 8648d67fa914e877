import { stringify } from 'csv-stringify/sync';
import { StagedOutput } from '../atomic-write.js';
import { defaultRenderer, scopeSvgIds, type ChartRenderer } from '../render.js';
import { capacityCharts, capacityHtml, capacityProbesCsv } from './capacity-report.js';
import { formatMs, formatNumber, formatPercent } from '../summary-table.js';
import type { BudgetStop, Evaluation, FewestNodesResult, MaxRateResult } from '../../drivers/capacity-search.js';
import type { Slo } from './slo.js';

/**
 * What `lbsim capacity` leaves behind: capacity.json (every probe of every search, so the answer
 * can be audited), capacity.csv (one row per mode) and a text table for stdout. No clocks: the
 * same scenario, SLO and seed give the same bytes.
 */
export type CapacityAnswer =
  | { readonly search: 'max-rate'; readonly relativeTolerance: number; readonly results: readonly MaxRateResult[] }
  | { readonly search: 'fewest-nodes'; readonly targetRequestsPerSecond: number; readonly results: readonly FewestNodesResult[] };

export interface CapacityDoc {
  readonly scenario: string;
  readonly scenarioFile: string;
  readonly slo: Slo;
  readonly seed: number;
  readonly answer: CapacityAnswer;
}

const COLUMNS = ['mode', 'search', 'slo', 'maxOfferedRequestsPerSecond', 'targetRequestsPerSecond', 'servers', 'frontEnds', 'atSearchLimit',
  'throughputRequestsPerSecond', 'latencyP50Ms', 'latencyP99Ms', 'latencyP999Ms', 'errorRatio', 'bottleneck', 'bottleneckUtilization', 'probes',
  'budgetStopAt', 'budgetStopEstimatedEvents'] as const;

type Cell = string | number | boolean | null;

function measured(e: Evaluation | null): Cell[] {
  return e === null ? [null, null, null, null, null, null, null]
    : [e.throughputRequestsPerSecond, e.latencyMs.p50, e.latencyMs.p99, e.latencyMs.p999, e.errorRatio, e.bottleneck, e.bottleneckUtilization];
}

function stopped(stop: BudgetStop | null): Cell[] {
  return stop === null ? [null, null] : [stop.value, stop.estimatedEvents];
}

function records(doc: CapacityDoc): Cell[][] {
  const a = doc.answer;
  if (a.search === 'max-rate') {
    return a.results.map((r) => [r.mode, a.search, doc.slo.text, r.maxOfferedRequestsPerSecond, null, r.atMax?.servers ?? null, r.atMax?.frontEnds ?? null, r.atSearchLimit, ...measured(r.atMax), r.probes.length, ...stopped(r.budgetStop)]);
  }
  return a.results.map((r) => [r.mode, a.search, doc.slo.text, null, r.targetRequestsPerSecond, r.servers, r.frontEnds, false, ...measured(r.atAnswer), r.probes.length, ...stopped(r.budgetStop)]);
}

export function capacityCsv(doc: CapacityDoc): string {
  return stringify([[...COLUMNS], ...records(doc)], {
    record_delimiter: '\n',
    cast: { boolean: (v) => (v ? 'true' : 'false'), number: (v) => (Number.isFinite(v) ? String(v) : '') },
  });
}

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd()).join('\n');
}

const dash = '–';

/** The footnote for searches the event budget stopped (their run counts carry a *). */
function stopNote(results: readonly { budgetStop: BudgetStop | null }[]): string {
  return results.some((r) => r.budgetStop !== null)
    ? '\n* the search stopped early: its next probe would have passed its share of --max-events (see capacity.csv); the answer is what it had found'
    : '';
}
const errorsText = (ratio: number): string => `${formatNumber(ratio * 100, 3)} %`;

export function capacityTable(doc: CapacityDoc): string {
  const a = doc.answer;
  const tail = (e: Evaluation | null): string[] => (e === null ? [dash, dash, dash] : [formatMs(e.latencyMs.p99), errorsText(e.errorRatio), `${e.bottleneck} ${formatPercent(e.bottleneckUtilization)}`]);
  if (a.search === 'max-rate') {
    const head = ['Mode', 'Max offered (req/s)', 'p99 (ms)', 'Errors', 'Bottleneck at max', 'Runs'];
    const body = a.results.map((r) => [r.mode, r.maxOfferedRequestsPerSecond === null ? 'none' : `${r.atSearchLimit ? '≥ ' : ''}${formatNumber(r.maxOfferedRequestsPerSecond, 0)}`, ...tail(r.atMax), `${r.probes.length}${r.budgetStop === null ? '' : '*'}`]);
    return `SLO ${doc.slo.text}, seed ${doc.seed}, tolerance ${formatPercent(a.relativeTolerance)}\n${pad([head, ...body])}${stopNote(a.results)}`;
  }
  const head = ['Mode', 'Servers', 'Front ends', 'p99 (ms)', 'Errors', 'Bottleneck', 'Runs'];
  const body = a.results.map((r) => [r.mode, r.servers === null ? 'none' : String(r.servers), r.frontEnds === null ? dash : String(r.frontEnds), ...tail(r.atAnswer), `${r.probes.length}${r.budgetStop === null ? '' : '*'}`]);
  return `SLO ${doc.slo.text} at ${formatNumber(a.targetRequestsPerSecond, 0)} req/s offered, seed ${doc.seed}\n${pad([head, ...body])}${stopNote(a.results)}`;
}

/**
 * capacity.json, capacity.csv, capacity-probes.csv, the two charts (charts/capacity*.vl.json, .svg,
 * .png unless `png` is false) and capacity.html: all or none (staged, then renamed into place).
 */
export async function writeCapacity(outDir: string, doc: CapacityDoc, opts: { png?: boolean; renderer?: ChartRenderer } = {}): Promise<string[]> {
  const renderer = opts.renderer ?? defaultRenderer;
  const out = await StagedOutput.open(outDir);
  try {
    await out.write('capacity.json', `${JSON.stringify(doc, null, 2)}\n`);
    await out.write('capacity.csv', capacityCsv(doc));
    await out.write('capacity-probes.csv', capacityProbesCsv(doc));
    const drawn: { name: string; title: string; svg: string }[] = [];
    for (const chart of capacityCharts(doc)) {
      await out.write(`charts/${chart.name}.vl.json`, `${JSON.stringify(chart.spec, null, 2)}\n`);
      const svg = scopeSvgIds(await renderer.svg(chart.spec, out.stagedPath('charts')), chart.name);
      await out.write(`charts/${chart.name}.svg`, svg);
      if (opts.png ?? true) await out.write(`charts/${chart.name}.png`, renderer.png(svg));
      drawn.push({ name: chart.name, title: chart.title, svg });
    }
    await out.write('capacity.html', capacityHtml(doc, capacityTable(doc), drawn));
  } catch (err) {
    await out.abort();
    throw err;
  }
  return out.commit();
}
