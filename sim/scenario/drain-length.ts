import { NS_PER_MS, NS_PER_S } from '../engine/time.js';
import type { Scenario } from './types.js';

/**
 * How long load goes on after the window so that its last requests can finish: a quarter of the
 * window, clamped to [250 ms, 2 s] (far beyond a steady request's response time, short enough not
 * to lengthen an overloaded run much), and at most the longest client timeout (after which a
 * request has timed out anyway). A steady run stops as soon as its last measured request is done;
 * only a run with stuck requests pays the whole drain.
 */
export function drainLengthNs(scenario: Scenario): number {
  const windowNs = scenario.run.durationNs - scenario.run.warmupNs;
  const longestTimeoutNs = Math.max(...scenario.workload.groups.map((g) => g.timeoutNs));
  return Math.min(longestTimeoutNs, Math.min(2 * NS_PER_S, Math.max(windowNs / 4, 250 * NS_PER_MS)));
}
