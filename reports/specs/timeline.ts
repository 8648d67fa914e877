import { atOperatingPoint } from '../rows.js';
import { csvData, modeColor, modeFacet, modesIn, pipeline, pointNote, titledChart, type Chart, type ChartContext } from './common.js';

const ERROR_COLOR = '#b2182b';

/**
 * Completed requests per second (line, mode colour) and errors per second (failed + timed out;
 * red bars) over simulated time, one panel per mode so modes with the same numbers do not hide
 * each other. Both series are in req/s and share the panel's y axis. At the operating point;
 * replications averaged per interval. Drawn only when timeline rows exist there.
 */
export function timelineChart(ctx: ChartContext): Chart | null {
  const hasTimeline = ctx.rows.some((row) => atOperatingPoint(row, ctx.point) && row.result.timeline.length > 0);
  if (!hasTimeline) return null;
  const title = 'Throughput and errors over time';
  return titledChart('timeline', title, [
    'Requests per second. Line: completed; red bars: errors (failed + timed out), per measurement interval.',
    pointNote(ctx),
  ], {
    data: csvData(ctx.tables.timeline),
    transform: [
      ...pipeline(ctx),
      { calculate: '(datum.failed + datum.timedOut) / max(datum.endS - datum.startS, 1e-9)', as: 'errorsPerSecond' },
    ],
    facet: { row: modeFacet({ labelAngle: 0, labelAlign: 'left' }) },
    spec: {
      width: 560,
      height: 90,
      layer: [
        {
          // Errors as one bar per interval [startS, endS).
          mark: { type: 'rect', color: ERROR_COLOR, opacity: 0.45 },
          encoding: {
            x: { field: 'startS', type: 'quantitative', title: 'Simulated time (s)' },
            x2: { field: 'endS' },
            y: { aggregate: 'mean', field: 'errorsPerSecond', type: 'quantitative', title: null },
          },
        },
        {
          // Throughput as an exact step function: each interval contributes its start and end
          // point; at a shared instant the previous interval's end comes first. The tie-break is a
          // thousandth of the interval, so it never outweighs time itself, whatever the interval.
          transform: [
            { fold: ['startS', 'endS'], as: ['edge', 'timeS'] },
            { calculate: "datum.timeS + (datum.edge === 'startS' ? (datum.endS - datum.startS) * 1e-3 : 0)", as: 'pathOrder' },
          ],
          mark: { type: 'line', strokeWidth: 2 },
          encoding: {
            x: { field: 'timeS', type: 'quantitative', title: 'Simulated time (s)' },
            y: { aggregate: 'mean', field: 'requestsPerSecond', type: 'quantitative', title: null, axis: { format: '~s', tickCount: 3 } },
            order: { field: 'pathOrder', type: 'quantitative' },
            color: modeColor(modesIn(ctx), false),
          },
        },
      ],
    },
  });
}
