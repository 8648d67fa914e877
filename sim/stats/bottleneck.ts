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
  // Linear passes, not sorts: a thousand servers bring seven thousand resources, and only the
  // first of each ranking is wanted (ids are unique, so each order is total).
  const busier = (a: ResourceSnapshot, b: ResourceSnapshot) => b.utilization - a.utilization || a.id.localeCompare(b.id);
  const busiest = firstBy(resources, busier, null);
  if (busiest === undefined) return { resource: 'none', node: 'none', kind: 'cpu', utilization: 0, saturated: false, evidence: 'no resources' };
  const refused = firstBy(resources.filter((r) => r.dropped > 0), (a, b) => b.dropped - a.dropped || a.id.localeCompare(b.id), null);
  const top = busiest.utilization >= SATURATED_UTILIZATION ? busiest : (refused ?? busiest);
  const saturated = top.utilization >= SATURATED_UTILIZATION || top.dropped > 0;
  const second = firstBy(resources, busier, top);
  const pct = (u: number) => `${(u * 100).toFixed(1)}%`;
  const parts = [`${top.id} busy ${pct(top.utilization)} of the time`, `mean queue ${top.meanQueue.toFixed(2)}`, `max queue ${top.maxQueue}`];
  if (top.dropped > 0) parts.push(`${top.dropped} refused`);
  if (top.limitNote !== undefined) parts.push(top.limitNote);
  if (second !== undefined) parts.push(`next: ${second.id} at ${pct(second.utilization)}`);
  return { resource: top.id, node: top.node, kind: top.kind, utilization: top.utilization, saturated, evidence: parts.join('; ') };
}

/** The first of `items` in the order `compare` sets, leaving out `skip` (undefined when none is left). */
function firstBy<T>(items: readonly T[], compare: (a: T, b: T) => number, skip: T | null): T | undefined {
  let best: T | undefined;
  for (const x of items) if (x !== skip && (best === undefined || compare(x, best) < 0)) best = x;
  return best;
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
