import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StagedOutput } from './atomic-write.js';
import { planCharts } from './charts.js';
import { toCsv } from './csv.js';
import { renderHtml, type HtmlChart } from './html.js';
import { defaultRenderer, scopeSvgIds, type ChartRenderer } from './render.js';
import { defaultOperatingPoint, describePoint, varyingAxes, type OperatingPoint, type OutputMeta, type ResultRow } from './rows.js';
import { CHART_NAMES, type ChartContext } from './specs/common.js';
import { summaryTable } from './summary-table.js';
import { buildTables, TABLE_NAMES } from './tables.js';
import type { RequestTrace } from '../sim/stats/request-trace.js';
import { sequenceOf } from './sequence/sequence-model.js';
import { sequenceSvg } from './sequence/sequence-svg.js';

/**
 * Everything a run, compare or sweep leaves in its output folder, from ResultRows only:
 *
 *   rows ──► summary.json
 *     └──► tables ──► results.csv, resources.csv, servers.csv, timeline.csv, traffic.csv
 *            └──► chart specs (reference the CSVs by URL) ──► charts/<name>.vl.json
 *                   └──► vega (reads the staged CSVs) ──► charts/<name>.svg ──► resvg ──► charts/<name>.png
 *     └──► summary table + inline SVGs ──► report.html
 *   every file is staged inside outDir; only when all of them exist are they renamed into place
 *   (see atomic-write.ts), then chart files this run did not produce are removed.
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

/** The chart files of earlier runs that this run did not produce (a chart that no longer applies). */
async function removeStaleCharts(outDir: string, written: ReadonlySet<string>): Promise<void> {
  const ours = new Set(CHART_NAMES.flatMap((name) => ['vl.json', 'svg', 'png'].map((ext) => `${name}.${ext}`)));
  let entries: string[];
  try {
    entries = await readdir(join(outDir, 'charts'));
  } catch {
    return;
  }
  for (const entry of entries) {
    const rel = join('charts', entry);
    if (ours.has(entry) && !written.has(rel)) await unlink(join(outDir, rel)).catch(() => undefined);
  }
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

  const out = await StagedOutput.open(outDir);
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
      charts: htmlCharts,
      diagrams,
      files: [...written, 'report.html'],
    });
    await stage('report.html', html);
  } catch (err) {
    await out.abort();
    throw err;
  }
  const finals = await out.commit();
  await removeStaleCharts(outDir, new Set(written));
  return finals;
}
