import { csvData, modeColor, modeFacet, modesIn, pipeline, pointNote, titledChart, type Chart, type ChartContext } from './common.js';

/** Real servers' resources shown per mode: the busiest this many (the bottleneck always). */
export const MAX_SERVER_RESOURCES_PER_MODE = 10;

const BOTTLENECK_SUFFIX = ' ◀';

/**
 * Utilisation per mode at the operating point, one panel per mode, busiest first: every resource
 * of the mode's own machinery (director, proxy, DNS servers, registry: what distinguishes the
 * modes, shown however idle), and the busiest resources of the real servers. The bottleneck is
 * outlined in black and labelled; every bar carries its value. Replications are averaged; a
 * resource counts as the bottleneck if it was one in any replication. Drawn when any resource
 * row exists.
 */
export function utilizationChart(ctx: ChartContext): Chart | null {
  if (ctx.tables.resources.records.length === 0) return null;
  const title = 'Resource utilisation per mode';
  const isBottleneck = { field: 'isBottleneck', equal: 1 };
  return titledChart('utilization', title, [
    `Every resource of the front end (director, proxy, DNS, registry) and the ${MAX_SERVER_RESOURCES_PER_MODE} busiest of the real servers'; ◀ and a black outline mark the bottleneck.`,
    pointNote(ctx),
  ], {
    data: csvData(ctx.tables.resources),
    transform: [
      ...pipeline(ctx),
      { calculate: 'datum.bottleneck ? 1 : 0', as: 'bottleneckFlag' },
      { calculate: 'datum.serverNode ? 1 : 0', as: 'onServer' },
      {
        aggregate: [
          { op: 'mean', field: 'utilization', as: 'utilization' },
          { op: 'max', field: 'bottleneckFlag', as: 'isBottleneck' },
        ],
        groupby: ['mode', 'resource', 'kind', 'onServer'],
      },
      {
        window: [{ op: 'row_number', as: 'rank' }],
        sort: [{ field: 'utilization', order: 'descending' }, { field: 'resource', order: 'ascending' }],
        groupby: ['mode', 'onServer'],
      },
      { filter: `datum.onServer === 0 || datum.rank <= ${MAX_SERVER_RESOURCES_PER_MODE} || datum.isBottleneck === 1` },
      // The label carries the value and the marker (one mark, one data source: a text layer
      // beside faceted independent scales would make vega-lite union their domains).
      { calculate: `datum.resource + '  ' + format(datum.utilization, '.1~%') + (datum.isBottleneck === 1 ? '${BOTTLENECK_SUFFIX}' : '')`, as: 'label' },
    ],
    facet: modeFacet(),
    columns: 2,
    spec: {
      width: 200,
      height: { step: 15 },
      mark: { type: 'bar' },
      encoding: {
        y: {
          field: 'label',
          type: 'nominal',
          title: null,
          sort: { field: 'utilization', op: 'max', order: 'descending' },
          axis: {
            labelFontSize: 11,
            labelFontWeight: { condition: { test: `indexof(datum.value, '${BOTTLENECK_SUFFIX}') >= 0`, value: 'bold' }, value: 'normal' },
            labelLimit: 250,
          },
        },
        x: {
          field: 'utilization',
          type: 'quantitative',
          title: 'Utilisation (% of capacity)',
          scale: { domain: [0, 1] },
          axis: { format: '~%', values: [0, 0.25, 0.5, 0.75, 1] },
        },
        color: modeColor(modesIn(ctx), false),
        opacity: { condition: { test: isBottleneck, value: 1 }, value: 0.5 },
        stroke: { condition: { test: isBottleneck, value: '#000' }, value: null },
        strokeWidth: { condition: { test: isBottleneck, value: 2 }, value: 0 },
      },
    },
    resolve: { scale: { y: 'independent' } },
  });
}
