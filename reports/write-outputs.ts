import { join } from 'node:path';
import { StagedOutput } from './atomic-write.js';
import { planCharts } from './charts.js';
import { toCsv } from './csv.js';
import { renderHtml, type HtmlChart } from './html.js';
import { defaultRenderer, scopeSvgIds, type ChartRenderer } from './render.js';
import { defaultOperatingPoint, describePoint, varyingAxes, type OperatingPoint, type OutputMeta, type ResultRow } from './rows.js';
import { isChartStem, type ChartContext } from './specs/common.js';
import { summaryTable } from './summary-table.js';
import { buildTables, TABLE_NAMES } from './tables.js';
import { verdict } from './verdict.js';
import { MODES } from '../sim/result.js';
import type { RequestTrace } from '../sim/stats/request-trace.js';
import { sequenceOf } from './sequence/sequence-model.js';
import { sequenceSvg } from './sequence/sequence-svg.js';

/**
 * Everything a run, compare or sweep leaves in its output folder, from ResultRows only:
 *
 *   rows ──► summary.json
 *     └──► tables ──► results.csv, resources.csv, servers.csv, timeline.csv, traffic.csv, faults.csv
 *            └──► chart specs (reference the CSVs by URL) ──► charts/<name>.vl.json
 *                   └──► vega (reads the staged CSVs) ──► charts/<name>.svg ──► resvg ──► charts/<name>.png
 *     └──► verdict + summary table + inline SVGs ──► report.html
 *   every file is staged in a folder beside outDir, which replaces outDir as a whole only when all
 *   of them exist (see atomic-write.ts); files of an earlier report that this one did not produce
 *   are gone, files that are not the report's (points/, sweep.json, a user's) are carried over.
 *
 * Deterministic: the same rows give byte-identical files (no clocks, no random names in outputs).
 */
export interface WriteOptions {
  /** Also write charts/<name>.png (needs a system font). Default true. */
  readonly png?: boolean;
  /** Which sweep point the per-mode charts and the summary describe; default `defaultOperatingPoint`. */
  readonly operatingPoint?: OperatingPoint;
  /** Chart renderer; replaceable for tests. */
  readonly renderer?: ChartRenderer;
  /** One traced request per mode: drawn as sequence diagrams (traces/<mode>.svg) and embedded in the report. */
  readonly traces?: readonly RequestTrace[];
  /** Receives vega-lite/vega warnings, prefixed with the chart name; default: dropped. */
  readonly onWarning?: (message: string) => void;
  /**
   * timing.json's content: what is particular to this invocation (wall times, argv, --out), kept
   * out of every other file so two runs of one scenario and seed differ only there.
   */
  readonly timing?: string;
}

const SPEC_INDENT = 2;

function checkPoint(rows: readonly ResultRow[], point: OperatingPoint): void {
  const varying = varyingAxes(rows);
  for (const [path, value] of Object.entries(point)) {
    const axis = varying.find((a) => a.path === path);
    if (axis === undefined) throw new Error(`operating point: '${path}' is not a parameter that varies across the rows`);
    if (!axis.values.includes(value)) throw new Error(`operating point: ${path} = ${value} is not one of ${axis.values.join(', ')}`);
  }
}

/**
 * The files of an earlier output this one replaces (a chart or trace that no longer applies
 * disappears); anything else in the folder (a sweep's points/, a user's notes) is carried over.
 */
function ownedByReport(relPath: string): boolean {
  const top = new Set(['summary.json', 'report.html', 'timing.json', ...TABLE_NAMES.map((t) => `${t}.csv`)]);
  if (top.has(relPath)) return true;
  const chart = /^charts[/\\](.*)\.(vl\.json|svg|png)$/.exec(relPath);
  if (chart !== null) return isChartStem(chart[1]!);
  const trace = /^traces[/\\](.*)\.(svg|json)$/.exec(relPath);
  return trace !== null && (MODES as readonly string[]).includes(trace[1]!);
}

/** Writes every output for `rows` into `outDir` (created if missing); returns the paths written. */
export async function writeOutputs(
  outDir: string,
  rows: readonly ResultRow[],
  meta: OutputMeta,
  opts: WriteOptions = {},
): Promise<string[]> {
  if (rows.length === 0) throw new Error('writeOutputs: no result rows to report');
  const png = opts.png ?? true;
  const renderer = opts.renderer ?? defaultRenderer;
  const point = opts.operatingPoint ?? defaultOperatingPoint(rows);
  checkPoint(rows, point);

  const tables = buildTables(rows);
  const varying = varyingAxes(rows);
  const ctx: ChartContext = { rows, tables, varying, point };
  const charts = planCharts(ctx);

  const out = await StagedOutput.open(outDir, { owns: ownedByReport });
  const written: string[] = [];
  const stage = async (rel: string, data: string | Uint8Array): Promise<void> => {
    await out.write(rel, data);
    written.push(rel);
  };
  try {
    await stage('summary.json', JSON.stringify({ meta, rows }, null, 2) + '\n');
    for (const name of TABLE_NAMES) await stage(tables[name].file, toCsv(tables[name]));

    const htmlCharts: HtmlChart[] = [];
    for (const chart of charts) {
      const base = join('charts', chart.name);
      await stage(`${base}.vl.json`, JSON.stringify(chart.spec, null, SPEC_INDENT) + '\n');
      let svg: string;
      try {
        const warn = (message: string): void => opts.onWarning?.(`${chart.name}: ${message}`);
        svg = scopeSvgIds(await renderer.svg(chart.spec, out.stagedPath('charts'), warn), chart.name);
      } catch (err) {
        throw new Error(`cannot render chart '${chart.name}': ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      await stage(`${base}.svg`, svg);
      if (png) await stage(`${base}.png`, renderer.png(svg));
      htmlCharts.push({ name: chart.name, title: chart.title, svg });
    }

    const diagrams: HtmlChart[] = [];
    for (const trace of opts.traces ?? []) {
      const diagram = sequenceOf(trace);
      const svg = sequenceSvg(diagram);
      await stage(join('traces', `${trace.mode}.svg`), svg);
      await stage(join('traces', `${trace.mode}.json`), `${JSON.stringify(trace, null, 2)}\n`);
      diagrams.push({ name: `trace-${trace.mode}`, title: `${diagram.title}: ${diagram.caption}`, svg });
    }

    const html = renderHtml({
      meta,
      rows,
      varying,
      pointText: describePoint(point),
      summary: summaryTable(rows, point),
      verdict: verdict(rows, point),
      charts: htmlCharts,
      diagrams,
      files: [...written, 'report.html', ...(opts.timing !== undefined ? ['timing.json'] : [])],
    });
    await stage('report.html', html);
    if (opts.timing !== undefined) await stage('timing.json', opts.timing);
  } catch (err) {
    await out.abort();
    throw err;
  }
  return out.commit();
}
