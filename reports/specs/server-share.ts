import { atOperatingPoint } from '../rows.js';
import { csvData, modeColor, modeFacet, modesIn, pipeline, pointNote, titledChart, type Chart, type ChartContext } from './common.js';

/** Beyond this many servers per panel the server names are dropped from the axis. */
const MAX_LABELLED_SERVERS = 16;

/**
 * How evenly each mode spreads requests over the real servers at the operating point: one panel
 * per mode, one bar per server, the even share 1/N as a dashed rule. Replications are averaged.
 */
export function serverShareChart(ctx: ChartContext): Chart | null {
  if (ctx.tables.servers.records.length === 0) return null;
  const maxServers = Math.max(
    0,
    ...ctx.rows.filter((row) => atOperatingPoint(row, ctx.point)).map((row) => row.result.servers.length),
  );
  const title = 'Share of requests per server';
  return titledChart('server-share', title, [
    'Dashed line: an even share (1/N); bars far from it mean imbalance. Each panel has its own scale.' +
    (maxServers > MAX_LABELLED_SERVERS ? ` Server names omitted above ${MAX_LABELLED_SERVERS} servers.` : ''),
    pointNote(ctx),
  ], {
    data: csvData(ctx.tables.servers),
    transform: [
      ...pipeline(ctx),
      { aggregate: [{ op: 'mean', field: 'share', as: 'share' }], groupby: ['mode', 'server'] },
      { joinaggregate: [{ op: 'count', as: 'serverCount' }], groupby: ['mode'] },
      { calculate: '1 / datum.serverCount', as: 'evenShare' },
    ],
    facet: modeFacet(),
    columns: 3,
    spec: {
      width: 190,
      height: 150,
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            x: {
              field: 'server',
              type: 'nominal',
              title: 'Server',
              sort: null,
              axis: { labels: maxServers <= MAX_LABELLED_SERVERS, ticks: maxServers <= MAX_LABELLED_SERVERS, labelAngle: -45 },
            },
            y: { field: 'share', type: 'quantitative', title: 'Share of requests (%)', axis: { format: '~%' } },
            color: modeColor(modesIn(ctx), false),
          },
        },
        {
          mark: { type: 'rule', strokeDash: [4, 3], color: '#222', strokeWidth: 1.5 },
          encoding: { y: { aggregate: 'mean', field: 'evenShare', type: 'quantitative' } },
        },
      ],
    },
    // Each mode on its own scale, so one server taking everything does not flatten the others.
    resolve: { scale: { x: 'independent', y: 'independent' } },
  });
}
