import type { TopLevelSpec } from 'vega-lite';
import type { Transform } from 'vega-lite/types_unstable/transform.js';
import { MODES, type Mode } from '../../sim/result.js';
import { modeColorScale } from '../mode-colors.js';
import { describePoint, type OperatingPoint, type ParamAxis, type ResultRow } from '../rows.js';
import { PARAM_PREFIX, paramColumn, type Table, type TableName } from '../tables.js';

/** What every chart builder may look at: the tables (for column names and types), never the models. */
export interface ChartContext {
  readonly rows: readonly ResultRow[];
  readonly tables: Readonly<Record<TableName, Table>>;
  /** The parameters that vary across the rows. */
  readonly varying: readonly ParamAxis[];
  readonly point: OperatingPoint;
}

/** Every chart the reports can draw, in report order; also the file stems under charts/. */
export const CHART_NAMES = ['scaling', 'latency-vs-load', 'operating-point', 'utilization', 'server-share', 'timeline', 'failover'] as const;
/** One chart per swept parameter is named `by-<parameter slug>`, e.g. `by-dns-ttl`. */
export const PER_PARAMETER_PREFIX = 'by-';
export type ChartName = (typeof CHART_NAMES)[number] | `${typeof PER_PARAMETER_PREFIX}${string}`;

/** True for a file stem this module may have written: a fixed chart or a per-parameter one. */
export function isChartStem(stem: string): boolean {
  return (CHART_NAMES as readonly string[]).includes(stem) || /^by-[a-z0-9-]+$/.test(stem);
}

export interface Chart {
  /** File stem under charts/: `charts/<name>.vl.json`, `.svg`, `.png`. */
  readonly name: ChartName;
  readonly title: string;
  readonly spec: TopLevelSpec;
}

/** Specs live in charts/, the CSVs one level up. */
export const CSV_BASE = '../';

/**
 * The data reference for a table: its CSV by relative URL, with an explicit parse for every
 * plain column (so nothing depends on type guessing). `param.<path>` columns are left out: their
 * dotted names cannot be addressed as vega-lite fields, so `paramFields` copies them into aliases.
 */
export function csvData(table: Table): { url: string; format: { type: 'csv'; parse: Record<string, string> } } {
  const parse: Record<string, string> = {};
  for (const column of table.columns) {
    if (column.name.startsWith(PARAM_PREFIX)) continue;
    parse[column.name] = column.type;
  }
  return { url: CSV_BASE + table.file, format: { type: 'csv', parse } };
}

/** The vega-lite field name a parameter is available under after `paramFields`: `p_topology_servers_count`. */
export function paramField(path: string): string {
  return 'p_' + path.replace(/[^A-Za-z0-9]/g, '_');
}

/** Copies each varying `param.<path>` column into its alias, as a number when the axis is numeric. */
export function paramFields(axes: readonly ParamAxis[]): Transform[] {
  return axes.map((axis) => {
    const ref = `datum[${JSON.stringify(paramColumn(axis.path))}]`;
    return { calculate: axis.numeric ? `toNumber(${ref})` : `toString(${ref})`, as: paramField(axis.path) };
  });
}

/** Keeps the rows at the operating point, except along the axes named in `free`. */
export function atPoint(ctx: ChartContext, free: readonly string[] = []): Transform[] {
  const filters: Transform[] = [];
  for (const axis of ctx.varying) {
    if (free.includes(axis.path)) continue;
    const value = ctx.point[axis.path];
    if (value === undefined) continue;
    filters.push({ filter: { field: paramField(axis.path), equal: axis.numeric ? value : String(value) } });
  }
  return filters;
}

/** The data pipeline every chart starts with: parameter aliases, then the operating-point filter. */
export function pipeline(ctx: ChartContext, free: readonly string[] = []): Transform[] {
  return [...paramFields(ctx.varying), ...atPoint(ctx, free)];
}

/**
 * A subtitle line naming the sweep point a chart shows ("Operating point: servers.count = 8"), or
 * the values the other parameters are held at for a chart drawn along `free` axes; '' when every
 * row is at the operating point.
 */
export function pointNote(ctx: ChartContext, free: readonly string[] = []): string {
  const fixed = Object.fromEntries(Object.entries(ctx.point).filter(([path]) => !free.includes(path)));
  const text = describePoint(fixed);
  if (text === '') return '';
  return free.length === 0 ? `Operating point: ${text}` : `Other parameters held at ${text}`;
}

/**
 * The modes present in the rows, in the fixed mode order: the domain of every mode scale, so a
 * legend lists only the modes that were run while each keeps its own colour and shape.
 */
export function modesIn(ctx: ChartContext): Mode[] {
  const present = new Set(ctx.rows.map((row) => row.result.mode));
  return MODES.filter((m) => present.has(m));
}

export function modeColor(modes: readonly Mode[], legend: boolean) {
  return {
    field: 'mode',
    type: 'nominal' as const,
    title: 'Mode',
    scale: modeColorScale(modes),
    ...(legend ? {} : { legend: null }),
  };
}

export const MODE_ORDER: string[] = [...MODES];

/** Point shapes per mode, so modes with identical numbers stay distinguishable where lines overlap. */
const MODE_SHAPES: Readonly<Record<Mode, string>> = {
  'rr-dns': 'circle',
  'client-side': 'square',
  'l7-proxy': 'triangle-up',
  'lvs-nat': 'diamond',
  'lvs-tun': 'cross',
  'lvs-dr': 'triangle-down',
};

export function modeShape(modes: readonly Mode[]) {
  return { field: 'mode', type: 'nominal' as const, title: 'Mode', scale: { domain: [...modes], range: modes.map((m) => MODE_SHAPES[m]) } };
}

/** Shared look: readable sizes, white background (the PNG has no page behind it). */
export const CONFIG = {
  background: 'white',
  font: 'DejaVu Sans, sans-serif',
  title: { fontSize: 16, subtitleFontSize: 12, subtitleColor: '#444', anchor: 'start' as const, offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' as const, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' as const },
  header: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: '#ccc' },
};

/**
 * Subtitle lines, each wrapped at SUBTITLE_CHARS. Vega lays a chart out from an estimate of text
 * width (no fonts are measured, for determinism) that runs wider than the rendered text, so one
 * long line would widen the whole chart beyond a 1024-pixel screen.
 */
export const SUBTITLE_CHARS = 80;

export function subtitle(...lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines.filter((l) => l !== '')) {
    let current = '';
    for (const word of line.split(' ')) {
      if (current !== '' && current.length + 1 + word.length > SUBTITLE_CHARS) {
        out.push(current);
        current = word;
      } else {
        current = current === '' ? word : `${current} ${word}`;
      }
    }
    out.push(current);
  }
  return out;
}

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * A chart as every report draws it: the schema, a title with its subtitle lines (what to read,
 * then the operating point), the spec's own body, and the shared config last. The body is checked
 * by vega-lite when the chart is compiled (every chart is, in the tests), not by the compiler here.
 */
export function titledChart(name: ChartName, title: string, notes: readonly string[], body: Record<string, unknown>): Chart {
  return { name, title, spec: { $schema: SCHEMA, title: { text: title, subtitle: subtitle(...notes) }, ...body, config: CONFIG } as TopLevelSpec };
}

/** One panel per mode, in the fixed mode order, with bold panel titles. */
export function modeFacet(header: Record<string, unknown> = {}) {
  return { field: 'mode', type: 'nominal', sort: MODE_ORDER, title: null, header: { labelFontWeight: 'bold', labelFontSize: 13, ...header } } as const;
}
