import { MODES } from '../../sim/result.js';
import { atOperatingPoint } from '../rows.js';
import { csvData, modeColor, modesIn, pipeline, pointNote, titledChart, type Chart, type ChartContext } from './common.js';

const FAULT_COLOR = '#222222';
const DETECTED_COLOR = '#e66101';
const ERROR_COLOR = '#b2182b';

/**
 * Around each fault, per mode: completed requests per second (line) and errors per second (red
 * bars) over the timeline, with each fault's instant (black dashed rule, labelled) and the instant
 * something noticed it (orange rule: a health check or a VRRP takeover). One panel per mode,
 * stacked, each layering the timeline and the faults tables (a facet cannot join two tables).
 * Drawn only when the runs at the operating point scheduled faults.
 */
export function failoverChart(ctx: ChartContext): Chart | null {
  const rows = ctx.rows.filter((row) => atOperatingPoint(row, ctx.point) && (row.result.faults?.length ?? 0) > 0);
  if (rows.length === 0) return null;
  const modes = MODES.filter((m) => rows.some((row) => row.result.mode === m));
  const detectedIn = (mode: string) => rows.some((row) => row.result.mode === mode && row.result.faults!.some((f) => f.detectedAfterSeconds !== null));
  const title = 'Failures: throughput, errors, fault and detection instants';
  const x = { type: 'quantitative' as const, title: 'Simulated time after warm-up (s)' };
  const panel = (mode: string) => ({
    title: { text: mode, anchor: 'start' as const, fontSize: 13 },
    width: 560,
    height: 90,
    layer: [
      {
        data: csvData(ctx.tables.timeline),
        transform: [
          ...pipeline(ctx),
          { filter: { field: 'mode', equal: mode } },
          { calculate: '(datum.failed + datum.timedOut) / max(datum.endS - datum.startS, 1e-9)', as: 'errorsPerSecond' },
        ],
        mark: { type: 'rect' as const, color: ERROR_COLOR, opacity: 0.45 },
        encoding: {
          x: { field: 'startS', ...x },
          x2: { field: 'endS' },
          y: { aggregate: 'mean' as const, field: 'errorsPerSecond', type: 'quantitative' as const, title: null },
        },
      },
      {
        data: csvData(ctx.tables.timeline),
        transform: [...pipeline(ctx), { filter: { field: 'mode', equal: mode } }, { calculate: '(datum.startS + datum.endS) / 2', as: 'midS' }],
        mark: { type: 'line' as const, strokeWidth: 2 },
        encoding: {
          x: { field: 'midS', ...x },
          y: { aggregate: 'mean' as const, field: 'requestsPerSecond', type: 'quantitative' as const, title: 'req/s', axis: { format: '~s', tickCount: 3 } },
          color: modeColor(modesIn(ctx), false),
        },
      },
      {
        data: csvData(ctx.tables.faults),
        transform: [...pipeline(ctx), { filter: { field: 'mode', equal: mode } }, { filter: 'datum.replication === 0' }],
        layer: [
          { mark: { type: 'rule' as const, color: FAULT_COLOR, strokeDash: [4, 3] }, encoding: { x: { field: 'atS', ...x } } },
          {
            mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 3, dy: 2, fontSize: 10, color: FAULT_COLOR },
            encoding: { x: { field: 'atS', ...x }, y: { value: 0 }, text: { field: 'fault' } },
          },
          // Only where something was detected: an empty layer would have no extent.
          ...(detectedIn(mode) ? [{
            transform: [{ filter: 'isValid(datum.detectedS)' }],
            mark: { type: 'rule' as const, color: DETECTED_COLOR, strokeWidth: 2 },
            encoding: { x: { field: 'detectedS', ...x } },
          }] : []),
        ],
      },
    ],
  });
  return titledChart('failover', title, [
    'Line: completed req/s; red bars: errors per second (failed, and timed out at the client\'s deadline); dashed: a fault; orange: its detection (health check or VRRP takeover).',
    pointNote(ctx),
  ], {
    vconcat: modes.map(panel),
    resolve: { scale: { x: 'shared' } },
  });
}
