import { CONFIG, csvData, modeColor, modeFacet, pipeline, pointNote, SCHEMA, subtitle, type Chart, type ChartContext } from './common.js';

/** Resources below this utilisation are left out to keep the chart readable (the bottleneck never is). */
export const MIN_UTILIZATION = 0.01;

/** At most this many resources per mode (the busiest), so a 32-server run stays legible. */
export const MAX_RESOURCES_PER_MODE = 24;

const BOTTLENECK_SUFFIX = ' ◀ bottleneck';

/**
 * Utilisation of the busiest resources at the operating point, one panel per mode (busiest first), the
 * bottleneck outlined in black and labelled. Replications are averaged; a resource counts as the
 * bottleneck if it was one in any replication. Drawn when any resource row exists.
 */
export function utilizationChart(ctx: ChartContext): Chart | null {
  if (ctx.tables.resources.records.length === 0) return null;
  const title = 'Resource utilisation per mode';
  const isBottleneck = { field: 'isBottleneck', equal: 1 };
  return {
    name: 'utilization',
    title,
    spec: {
      $schema: SCHEMA,
      title: {
        text: title,
        subtitle: subtitle(
          `The ${MAX_RESOURCES_PER_MODE} busiest resources per mode above ${MIN_UTILIZATION * 100} % of capacity; the bottleneck is outlined and labelled.`,
          pointNote(ctx),
        ),
      },
      data: csvData(ctx.tables.resources),
      transform: [
        ...pipeline(ctx),
        { calculate: 'datum.bottleneck ? 1 : 0', as: 'bottleneckFlag' },
        {
          aggregate: [
            { op: 'mean', field: 'utilization', as: 'utilization' },
            { op: 'max', field: 'bottleneckFlag', as: 'isBottleneck' },
          ],
          groupby: ['mode', 'resource', 'kind'],
        },
        {
          window: [{ op: 'row_number', as: 'rank' }],
          sort: [{ field: 'utilization', order: 'descending' }, { field: 'resource', order: 'ascending' }],
          groupby: ['mode'],
        },
        {
          filter: `(datum.utilization >= ${MIN_UTILIZATION} && datum.rank <= ${MAX_RESOURCES_PER_MODE}) || datum.isBottleneck === 1`,
        },
        // The label carries the marker (one mark, one data source: no separate text layer).
        { calculate: `datum.resource + (datum.isBottleneck === 1 ? '${BOTTLENECK_SUFFIX}' : '')`, as: 'label' },
      ],
      facet: modeFacet(),
      columns: 3,
      spec: {
        width: 260,
        height: { step: 13 },
        mark: { type: 'bar' },
        encoding: {
          y: {
            field: 'label',
            type: 'nominal',
            title: null,
            sort: { field: 'utilization', op: 'max', order: 'descending' },
            axis: {
              labelFontSize: 10,
              labelFontWeight: { condition: { test: `indexof(datum.value, '${BOTTLENECK_SUFFIX}') >= 0`, value: 'bold' }, value: 'normal' },
              labelLimit: 220,
            },
          },
          x: {
            field: 'utilization',
            type: 'quantitative',
            title: 'Utilisation (% of capacity)',
            scale: { domain: [0, 1] },
            axis: { format: '.0%', tickCount: 5 },
          },
          color: modeColor(false),
          opacity: { condition: { test: isBottleneck, value: 1 }, value: 0.5 },
          stroke: { condition: { test: isBottleneck, value: '#000' }, value: null },
          strokeWidth: { condition: { test: isBottleneck, value: 2 }, value: 0 },
        },
      },
      resolve: { scale: { y: 'independent' } },
      config: CONFIG,
    },
  };
}
