import type { ParamAxis } from '../rows.js';
import {
  csvData, modeColor, modeShape, modesIn, paramField, PER_PARAMETER_PREFIX, pipeline, pointNote, titledChart, type Chart, type ChartContext, type ChartName,
} from './common.js';

/** One small panel: a results.csv column (or a derived one) against the swept parameter. */
interface Metric {
  readonly field: string;
  readonly title: string;
  readonly format: string;
  /** Log scale for latencies: near saturation they span decades. */
  readonly log?: boolean;
  readonly percent?: boolean;
}

/** Every metric a run reports, in three rows: how much, how fast, how evenly and how cleanly. */
const METRICS: readonly Metric[] = [
  { field: 'requestsPerSecond', title: 'Throughput (req/s)', format: '~s' },
  { field: 'goodputGbps', title: 'Goodput (Gbit/s)', format: '~r' },
  { field: 'bottleneckUtilization', title: 'Busiest resource', format: '~%', percent: true },
  { field: 'latencyP50Ms', title: 'p50 latency (ms, log)', format: '~r', log: true },
  { field: 'latencyP99Ms', title: 'p99 latency (ms, log)', format: '~r', log: true },
  { field: 'errorFraction', title: 'Errors (% issued)', format: '~%', percent: true },
  { field: 'imbalanceMaxOverMean', title: 'Imbalance max/mean', format: '~r' },
  { field: 'imbalanceCv', title: 'Imbalance CV', format: '~r' },
  { field: 'unfinishedFraction', title: 'In flight at end (%)', format: '~%', percent: true },
];

/** `workload.groups[0].arrival.rate` → `workload-groups-0-arrival-rate`. */
export function parameterSlug(path: string): string {
  return path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function xEncoding(axis: ParamAxis) {
  const title = axis.path;
  if (!axis.numeric) {
    return { field: paramField(axis.path), type: 'ordinal' as const, title, sort: axis.values.map(String), axis: { labelAngle: 0 } };
  }
  const values = axis.values as number[];
  const integers = values.every((v) => Number.isInteger(v));
  return {
    field: paramField(axis.path),
    type: 'quantitative' as const,
    title,
    axis: { values, format: integers && Math.max(...values) >= 10_000 ? '~s' : '~r', labelOverlap: 'greedy' as const },
  };
}

function metricChart(ctx: ChartContext, axis: ParamAxis): Chart {
  const name: ChartName = `${PER_PARAMETER_PREFIX}${parameterSlug(axis.path)}`;
  const title = `Every metric against ${axis.path}`;
  const modes = modesIn(ctx);
  // Titles above the panels, not along the y axes: vega sizes a cell from an estimate of its
  // rotated axis title's length, so long y titles would push the rows apart.
  const panel = (m: Metric) => ({
    title: { text: m.title, fontSize: 12, fontWeight: 'normal' as const, anchor: 'middle' as const },
    width: 190,
    height: 120,
    ...(m.log ? { transform: [{ filter: `datum.${m.field} > 0` }] } : {}),
    mark: { type: 'line' as const, point: { filled: true, size: 45 }, strokeWidth: 2, opacity: 0.9 },
    encoding: {
      x: xEncoding(axis),
      y: {
        aggregate: 'mean' as const,
        field: m.field,
        type: 'quantitative' as const,
        title: null,
        axis: { format: m.format, tickCount: 4 },
        ...(m.log ? { scale: { type: 'log' as const } } : m.percent ? { scale: { domainMin: 0 } } : {}),
      },
      color: modeColor(modes, true),
      shape: modeShape(modes),
    },
  });
  return titledChart(name, title, ['One line per mode; replications averaged.', pointNote(ctx, [axis.path])], {
    data: csvData(ctx.tables.results),
    transform: [
      ...pipeline(ctx, [axis.path]),
      { calculate: '(datum.failed + datum.timedOut) / max(datum.issued, 1)', as: 'errorFraction' },
      { calculate: 'datum.inFlight / max(datum.issued, 1)', as: 'unfinishedFraction' },
    ],
    columns: 3,
    spacing: { row: 25, column: 25 },
    concat: METRICS.map(panel),
  });
}

/**
 * A sweep's own picture: for each parameter it varied, every metric against that parameter (one
 * line per mode, the other parameters held at the operating point). Drawn for every varying
 * parameter, numeric or not (a non-numeric one, such as a TTL written "60s", is an ordered axis).
 */
export function parameterCharts(ctx: ChartContext): Chart[] {
  return ctx.varying.map((axis) => metricChart(ctx, axis));
}
