import type { ResourceSnapshot } from '../engine/resource.js';
import type { Bottleneck } from '../result.js';

/**
 * A resource is saturated at or above this utilization: past it, waiting grows steeply with load
 * (M/M/1 at ρ = 0.95 already waits 19 service times on average), so a capacity planner treats it
 * as full.
 */
export const SATURATED_UTILIZATION = 0.95;

/**
 * The busiest resource (highest utilization; a tie goes to the id first in alphabetical order),
 * flagged saturated when it is ≥ 95 % busy or when any resource refused work (then the refusing
 * resource with the most drops is named instead: what refuses first is the bottleneck even when
 * another resource is busier). The evidence names its queue and drops and the runner-up, so a
 * reader can see how clear-cut the verdict is; a NIC with a packet-rate limit adds which of its
 * two limits (bits or packets) binds.
 */
export function findBottleneck(resources: readonly ResourceSnapshot[]): Bottleneck {
  const ranked = [...resources].sort((a, b) => b.utilization - a.utilization || a.id.localeCompare(b.id));
  const refusing = [...resources].filter((r) => r.dropped > 0).sort((a, b) => b.dropped - a.dropped || a.id.localeCompare(b.id));
  const busiest = ranked[0];
  if (busiest === undefined) return { resource: 'none', node: 'none', kind: 'cpu', utilization: 0, saturated: false, evidence: 'no resources' };
  const top = busiest.utilization >= SATURATED_UTILIZATION ? busiest : (refusing[0] ?? busiest);
  const saturated = top.utilization >= SATURATED_UTILIZATION || top.dropped > 0;
  const second = ranked.find((r) => r !== top);
  const pct = (u: number) => `${(u * 100).toFixed(1)}%`;
  const parts = [`${top.id} busy ${pct(top.utilization)} of the time`, `mean queue ${top.meanQueue.toFixed(2)}`, `max queue ${top.maxQueue}`];
  if (top.dropped > 0) parts.push(`${top.dropped} refused`);
  if (top.limitNote !== undefined) parts.push(top.limitNote);
  if (second !== undefined) parts.push(`next: ${second.id} at ${pct(second.utilization)}`);
  return { resource: top.id, node: top.node, kind: top.kind, utilization: top.utilization, saturated, evidence: parts.join('; ') };
}

/**
 * How far offered load could grow before the busiest resource reaches SATURATED_UTILIZATION,
 * assuming every utilization scales linearly with offered load at a fixed request mix:
 * 0.95 / utilization. null when the run has no headroom (a resource is saturated) or nothing was
 * busy at all (no basis for a factor).
 */
export function headroom(bottleneck: Bottleneck): number | null {
  if (bottleneck.saturated || !(bottleneck.utilization > 0)) return null;
  return SATURATED_UTILIZATION / bottleneck.utilization;
}
