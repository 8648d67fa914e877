import type { Chart, ChartContext } from './specs/common.js';
import { latencyVsLoadChart } from './specs/latency-vs-load.js';
import { parameterCharts } from './specs/metrics-by-parameter.js';
import { modeBarsChart } from './specs/mode-bars.js';
import { scalingChart } from './specs/scaling.js';
import { serverShareChart } from './specs/server-share.js';
import { failoverChart } from './specs/failover.js';
import { timelineChart } from './specs/timeline.js';
import { utilizationChart } from './specs/utilization.js';

/** Every chart that makes sense for these rows, in the order the report shows them. */
export function planCharts(ctx: ChartContext): Chart[] {
  const candidates = [
    scalingChart(ctx),
    latencyVsLoadChart(ctx),
    ...parameterCharts(ctx),
    modeBarsChart(ctx),
    utilizationChart(ctx),
    serverShareChart(ctx),
    timelineChart(ctx),
    failoverChart(ctx),
  ];
  return candidates.filter((chart): chart is Chart => chart !== null);
}
