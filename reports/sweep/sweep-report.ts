import { parseScenario } from '../../sim/scenario/load.js';
import type { RequestTrace } from '../../sim/stats/request-trace.js';
import { traceRequest } from '../../sim/trace.js';
import { atOperatingPoint, defaultOperatingPoint, describePoint, varyingAxes, type OutputMeta, type ResultRow } from '../rows.js';
import { formatSummaryText, summaryTable } from '../summary-table.js';
import { verdict } from '../verdict.js';
import { writeOutputs } from '../write-outputs.js';
import { formatGridText } from './grid-table.js';
import type { SweepManifest } from './manifest.js';
import type { SweepPlan } from './plan.js';
import type { PointRecord } from './point-store.js';

/**
 * The report of a whole sweep, from its point records in canonical order. `sweep` and `merge`
 * both end here with the same manifest and records, hence the same bytes. The command shown in
 * the report is rebuilt from the manifest (never argv), so --workers, --shard and --out, which
 * do not change results, do not change the files either.
 */
export function canonicalCommand(m: SweepManifest): string {
  const quote = (s: string): string => (/^[\w./=,:@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ['lbsim', 'sweep', quote(m.scenarioFile)];
  for (const a of m.axes) parts.push('--vary', quote(`${a.path}=${a.values.map(String).join(',')}`));
  parts.push('--modes', m.modes.join(','));
  if (m.seed !== null) parts.push('--seed', String(m.seed));
  if (m.replications !== null) parts.push('--replications', String(m.replications));
  return parts.join(' ');
}

export interface SweepReportOptions {
  readonly png: boolean;
  /** Extra fields for timing.json (how this invocation ran: workers, shard folders, total wall time). */
  readonly timing: Readonly<Record<string, unknown>>;
}

/** Writes the report files and timing.json; returns the rows and the summary text for stdout. */
export async function writeSweepReport(outDir: string, manifest: SweepManifest, plan: SweepPlan, records: readonly PointRecord[], opts: SweepReportOptions): Promise<{ rows: ResultRow[]; summary: string }> {
  const rows: ResultRow[] = plan.items.map((item, i) => ({ params: item.params, result: records[i]!.result }));
  const meta: OutputMeta = {
    title: `${plan.first.name}: sweep over ${manifest.axes.map((a) => a.path).join(' × ')}`,
    scenarioName: plan.first.name,
    description: plan.first.description,
    command: canonicalCommand(manifest),
  };
  const timing = {
    ...opts.timing,
    items: plan.items.map((item, i) => ({ key: item.key, label: item.label, events: records[i]!.result.events, wallSeconds: records[i]!.wallSeconds })),
  };
  await writeOutputs(outDir, rows, meta, { png: opts.png, traces: operatingPointTraces(plan, rows), timing: `${JSON.stringify(timing, null, 2)}\n` });
  return { rows, summary: sweepSummaryText(rows) };
}

/**
 * What the terminal shows after a sweep: every grid point, then the summary table and the verdict
 * at the operating point, saying which point that is (the report's per-mode charts show the same).
 */
export function sweepSummaryText(rows: readonly ResultRow[]): string {
  const point = defaultOperatingPoint(rows);
  const varying = varyingAxes(rows);
  const where = describePoint(point);
  const at = where === '' ? 'every run is at the same point' : `at ${where} (the largest value of each numeric parameter varied, else its last)`;
  return [
    varying.length === 0 ? '' : `Every grid point (replications averaged):\n${formatGridText(rows, varying)}\n`,
    `Summary ${at}:`,
    formatSummaryText(summaryTable(rows, point)),
    '',
    `Verdict ${where === '' ? '' : `at ${where}`}: ${verdict(rows, point)}`.replace('Verdict : ', 'Verdict: '),
  ].filter((part, i) => i > 0 || part !== '').join('\n');
}

/** One request per mode traced on the scenario at the report's operating point (replication 0). */
function operatingPointTraces(plan: SweepPlan, rows: readonly ResultRow[]): RequestTrace[] {
  const point = defaultOperatingPoint(rows);
  const traces: RequestTrace[] = [];
  const seen = new Set<string>();
  plan.items.forEach((item, i) => {
    if (seen.has(item.mode) || item.replication !== 0 || !atOperatingPoint(rows[i]!, point)) return;
    seen.add(item.mode);
    const { trace } = traceRequest(parseScenario(item.scenario, 'sweep'), item.mode, { seed: item.seed });
    if (trace !== null) traces.push(trace);
  });
  return traces;
}
