import { CONFIG, csvData, MODE_ORDER, modeColor, pipeline, pointNote, SCHEMA, subtitle, type Chart, type ChartContext } from './common.js';

/** `axisFormat`: d3 format of the y axis; `labelFormat`: of the value printed on each bar. */
function panel(field: string, title: string, axisFormat: string, labelFormat: string) {
  const y = { aggregate: 'mean' as const, field, type: 'quantitative' as const, title };
  return {
    width: 300,
    height: 260,
    encoding: {
      x: { field: 'mode', type: 'nominal' as const, title: 'Mode', sort: MODE_ORDER, axis: { labelAngle: -30 } },
      y,
    },
    layer: [
      { mark: { type: 'bar' as const }, encoding: { color: modeColor(false), y: { ...y, axis: { format: axisFormat } } } },
      {
        mark: { type: 'text' as const, dy: -6, fontSize: 11, color: '#222' },
        encoding: { text: { ...y, format: labelFormat } },
      },
    ],
  };
}

/**
 * Every mode side by side at the operating point: throughput and p99 latency. Always drawn (the
 * `compare` picture). Replications are averaged.
 */
export function modeBarsChart(ctx: ChartContext): Chart {
  const title = 'Throughput and p99 latency per mode';
  return {
    name: 'operating-point',
    title,
    spec: {
      $schema: SCHEMA,
      title: { text: title, subtitle: subtitle('Higher throughput and lower latency are better.', pointNote(ctx)) },
      data: csvData(ctx.tables.results),
      transform: pipeline(ctx),
      hconcat: [
        panel('requestsPerSecond', 'Throughput (req/s)', '~s', ',.0f'),
        panel('latencyP99Ms', 'p99 latency (ms)', ',~r', ',.1f'),
      ],
      config: CONFIG,
    },
  };
}
