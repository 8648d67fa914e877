import { isRatePath } from '../rows.js';
import { csvData, modeColor, modesIn, paramField, pipeline, pointNote, titledChart, type Chart, type ChartContext } from './common.js';

/**
 * Median and 99th-percentile latency against offered load, one colour per mode, p50 solid and p99
 * dashed, on a log scale (latency explodes near saturation). The x axis is the run's own
 * offeredRequestsPerSecond when every run reports one, else the swept rate parameter (which must
 * then be numeric). Drawn only when a rate parameter varies.
 */
export function latencyVsLoadChart(ctx: ChartContext): Chart | null {
  const offeredKnown = ctx.rows.every((row) => row.result.offeredRequestsPerSecond !== null);
  const axis = ctx.varying.find((a) => isRatePath(a.path) && (offeredKnown || a.numeric));
  if (axis === undefined) return null;
  const x = offeredKnown ? 'offeredRequestsPerSecond' : paramField(axis.path);
  const title = 'Latency vs offered load';
  return titledChart('latency-vs-load', title, ['Solid: median (p50); dashed: 99th percentile (p99).', pointNote(ctx, [axis.path])], {
    data: csvData(ctx.tables.results),
    transform: [
      ...pipeline(ctx, [axis.path]),
      { fold: ['latencyP50Ms', 'latencyP99Ms'], as: ['column', 'latencyMs'] },
      { calculate: "datum.column === 'latencyP50Ms' ? 'p50' : 'p99'", as: 'percentile' },
      // A log scale cannot show 0 ms (a run with no completed request).
      { filter: 'datum.latencyMs > 0' },
    ],
    width: 560,
    height: 320,
    encoding: {
      x: { field: x, type: 'quantitative', title: 'Offered load (req/s)', axis: { format: '~s' } },
      y: { aggregate: 'mean', field: 'latencyMs', type: 'quantitative', title: 'Latency (ms, log scale)', scale: { type: 'log' } },
      color: modeColor(modesIn(ctx), true),
      detail: { field: 'percentile', type: 'nominal' },
    },
    // Lines and points as separate layers, so the percentile legend shows dashes, not dots.
    layer: [
      {
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          strokeDash: {
            field: 'percentile',
            type: 'nominal',
            title: 'Percentile',
            scale: { domain: ['p50', 'p99'], range: [[1, 0], [6, 4]] },
            legend: { symbolType: 'stroke', symbolSize: 600, symbolStrokeColor: '#333', symbolStrokeWidth: 2 },
          },
        },
      },
      { mark: { type: 'point', filled: true, size: 40, opacity: 1 } },
    ],
  });
}
