import { isServerCountPath } from '../rows.js';
import { csvData, modeColor, modeShape, modesIn, paramField, pipeline, pointNote, titledChart, type Chart, type ChartContext } from './common.js';

/**
 * The headline picture: throughput against the number of real servers, one line per mode.
 * Where a line flattens, the front end (director, proxy, DNS) has become the bottleneck.
 * Drawn only when a server-count parameter varies; other varying parameters stay at the
 * operating point. Replications are averaged.
 */
export function scalingChart(ctx: ChartContext): Chart | null {
  const axis = ctx.varying.find((a) => a.numeric && isServerCountPath(a.path));
  if (axis === undefined) return null;
  const x = paramField(axis.path);
  const title = 'Throughput vs number of servers';
  return titledChart('scaling', title, [
    'Where a line flattens, adding servers no longer helps: the front end is the bottleneck.',
    pointNote(ctx, [axis.path]),
  ], {
    data: csvData(ctx.tables.results),
    transform: pipeline(ctx, [axis.path]),
    width: 560,
    height: 320,
    mark: { type: 'line', point: { filled: true, size: 70 }, strokeWidth: 2.5, opacity: 0.9 },
    encoding: {
      x: {
        field: x,
        type: 'quantitative',
        title: `Real servers (count, ${axis.path})`,
        axis: { values: [...axis.values] as number[], format: 'd' },
      },
      y: { aggregate: 'mean', field: 'requestsPerSecond', type: 'quantitative', title: 'Throughput (req/s)', axis: { format: '~s' } },
      color: modeColor(modesIn(ctx), true),
      shape: modeShape(modesIn(ctx)),
    },
  });
}
