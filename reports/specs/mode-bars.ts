import { csvData, MODE_ORDER, modeColor, modesIn, pipeline, pointNote, titledChart, type Chart, type ChartContext } from './common.js';
import type { Mode } from '../../sim/result.js';

interface PanelSpec {
  readonly field: string;
  readonly title: string;
  /** d3 format of the axis labels and of the value printed on each bar. */
  readonly axisFormat: string;
  readonly labelFormat: string;
  /** A log scale, for a quantity that spans decades across modes (latency near saturation). */
  readonly log: boolean;
}

function panel(modes: readonly Mode[], p: PanelSpec) {
  const y = { aggregate: 'mean' as const, field: p.field, type: 'quantitative' as const, title: p.title, ...(p.log ? { scale: { type: 'log' as const } } : {}) };
  return {
    width: 300,
    height: 260,
    // A log scale cannot place 0 (a run with no completed request).
    ...(p.log ? { transform: [{ filter: `datum.${p.field} > 0` }] } : {}),
    encoding: {
      x: { field: 'mode', type: 'nominal' as const, title: 'Mode', sort: MODE_ORDER, axis: { labelAngle: -30 } },
      y,
    },
    layer: [
      { mark: { type: 'bar' as const }, encoding: { color: modeColor(modes, false), y: { ...y, axis: { format: p.axisFormat } } } },
      {
        mark: { type: 'text' as const, dy: -6, fontSize: 11, color: '#222' },
        encoding: { text: { ...y, format: p.labelFormat } },
      },
    ],
  };
}

/**
 * Every mode side by side at the operating point: throughput, and p99 latency on a log scale (one
 * overloaded mode at seconds must not flatten the others' milliseconds into slivers). Always
 * drawn (the `compare` picture). Replications are averaged.
 */
export function modeBarsChart(ctx: ChartContext): Chart {
  const title = 'Throughput and p99 latency per mode';
  const modes = modesIn(ctx);
  return titledChart('operating-point', title, ['Higher throughput and lower latency are better. Latency on a log scale.', pointNote(ctx)], {
    data: csvData(ctx.tables.results),
    transform: pipeline(ctx),
    hconcat: [
      panel(modes, { field: 'requestsPerSecond', title: 'Throughput (req/s)', axisFormat: '~s', labelFormat: ',.0f', log: false }),
      panel(modes, { field: 'latencyP99Ms', title: 'p99 latency (ms, log scale)', axisFormat: ',~r', labelFormat: ',.3~r', log: true }),
    ],
  });
}
