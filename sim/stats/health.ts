import type { Bottleneck, Health, HealthState, RequestCounts } from '../result.js';
import type { BacklogTrend } from './backlog-trend.js';

/**
 * The verdict on a run (docs/results.md, "Health"). Overloaded when any of:
 *  - more than MAX_UNFINISHED_FRACTION (1 %) of the requests issued in the window had no outcome
 *    when the run ended (after its drain): the system fell behind its offered load;
 *  - a backlog grows through the second half of the window (BacklogSampler's trend test);
 *  - errors (failed + timedOut) over issued exceed the scenario's tolerance.
 * Else saturated when the busiest resource is saturated (≥ 95 % busy or refusing), else steady.
 */
export const MAX_UNFINISHED_FRACTION = 0.01;

export interface HealthInput {
  readonly requests: RequestCounts;
  readonly bottleneck: Bottleneck;
  readonly trends: readonly BacklogTrend[];
  /** Largest acceptable (failed + timedOut) / issued, in [0, 1]. */
  readonly errorTolerance: number;
  /** Length of the second half the trends were fitted over, s (for the reasons). */
  readonly trendSpanSeconds: number;
}

const pct = (x: number) => `${(x * 100).toFixed(x < 0.001 && x > 0 ? 3 : 1)} %`;

export function judgeHealth(input: HealthInput): Health {
  const { requests: r, bottleneck: b } = input;
  const unfinishedFraction = r.issued > 0 ? r.unfinished / r.issued : 0;
  const errorFraction = r.issued > 0 ? (r.failed + r.timedOut) / r.issued : 0;
  const growing = input.trends.filter((t) => t.growing).sort((x, y) => y.slopePerSecond - x.slopePerSecond || x.id.localeCompare(y.id));
  const steepest = [...input.trends].sort((x, y) => y.slopePerSecond - x.slopePerSecond || x.id.localeCompare(y.id))[0];
  const backlogGrowthPerSecond = growing[0]?.slopePerSecond ?? Math.min(0, steepest?.slopePerSecond ?? 0);
  const overloaded: string[] = [];
  if (unfinishedFraction > MAX_UNFINISHED_FRACTION) {
    overloaded.push(`${r.unfinished.toLocaleString('en-US')} of ${r.issued.toLocaleString('en-US')} requests (${pct(unfinishedFraction)}) unfinished at the end (limit ${pct(MAX_UNFINISHED_FRACTION)})`);
  }
  for (const t of growing.slice(0, 3)) {
    overloaded.push(`${t.id} backlog grows ${t.slopePerSecond.toFixed(1)}/s through the second half (${fmt(t.first)} → ${fmt(t.last)} over ${input.trendSpanSeconds.toFixed(2)} s; growth ${fmt(t.growth)} vs noise ${fmt(t.residualSd)})`);
  }
  if (growing.length > 3) overloaded.push(`and ${growing.length - 3} more growing backlogs`);
  if (errorFraction > input.errorTolerance) {
    overloaded.push(`errors ${pct(errorFraction)} (${(r.failed + r.timedOut).toLocaleString('en-US')} failed or timed out) exceed the tolerance ${pct(input.errorTolerance)}`);
  }
  let state: HealthState;
  let reasons: string[];
  if (overloaded.length > 0) {
    state = 'overloaded';
    reasons = overloaded;
  } else if (b.saturated) {
    state = 'saturated';
    reasons = [`${b.resource} is saturated (${pct(b.utilization)} busy${b.evidence.includes('refused') ? ', refusing work' : ''}) but every backlog is stable and ${pct(unfinishedFraction)} unfinished`];
  } else {
    state = 'steady';
    reasons = [`busiest ${b.resource} at ${pct(b.utilization)}; backlogs stable; ${pct(unfinishedFraction)} unfinished; errors ${pct(errorFraction)}`];
  }
  return { state, unfinishedFraction, backlogGrowthPerSecond, reasons };
}

function fmt(x: number): string {
  return Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1);
}
