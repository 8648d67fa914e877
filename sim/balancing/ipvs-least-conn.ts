import type { Balancer, Destination } from './balancer.js';
import { connOverhead, isAvailable } from './dest-state.js';

/**
 * IPVS connection-count schedulers: `lc`, `wlc`, `sed`, `nq`. All skip unavailable destinations
 * (down, weight 0, overloaded), keep no state, and break ties in favour of the first destination
 * in list order (the kernel replaces its candidate only on a strict improvement).
 *
 * lc  (ip_vs_lc.c):  min overhead = active×256 + inactive. Weight is not used.
 * wlc (ip_vs_wlc.c): min overhead/weight, compared as cross-products h1·w2 > h2·w1.
 * sed (ip_vs_sed.c): min (active + 1)/weight, cross-products; inactive ignored.
 * nq  (ip_vs_nq.c):  the first destination with active == 0 if any, else as sed.
 *
 * Products stay below 2^53 for any realistic count (weights ≤ 65535, overhead < 2^36).
 */
export class LeastConnectionBalancer implements Balancer {
  readonly name = 'lc';
  constructor(private readonly dests: readonly Destination[]) {}

  pick(): number {
    let best = -1;
    let bestOverhead = 0;
    for (const d of this.dests) {
      if (!isAvailable(d)) continue;
      const h = connOverhead(d);
      if (best < 0 || h < bestOverhead) {
        best = d.index;
        bestOverhead = h;
      }
    }
    return best;
  }

  membershipChanged(): void {}
}

/** wlc, sed and nq differ only in the overhead term and nq's idle shortcut. */
abstract class WeightedCostBalancer implements Balancer {
  abstract readonly name: 'wlc' | 'sed' | 'nq';
  constructor(private readonly dests: readonly Destination[]) {}

  protected abstract cost(d: Destination): number;
  protected idleFirst = false;

  pick(): number {
    let best = -1;
    let bestCost = 0;
    let bestWeight = 1;
    for (const d of this.dests) {
      if (!isAvailable(d)) continue;
      if (this.idleFirst && d.activeConns === 0) return d.index;
      const c = this.cost(d);
      if (best < 0 || bestCost * d.weight > c * bestWeight) {
        best = d.index;
        bestCost = c;
        bestWeight = d.weight;
      }
    }
    return best;
  }

  membershipChanged(): void {}
}

export class WeightedLeastConnectionBalancer extends WeightedCostBalancer {
  readonly name = 'wlc';
  protected cost(d: Destination): number {
    return connOverhead(d);
  }
}

export class ShortestExpectedDelayBalancer extends WeightedCostBalancer {
  readonly name: 'sed' | 'nq' = 'sed';
  protected cost(d: Destination): number {
    return d.activeConns + 1;
  }
}

export class NeverQueueBalancer extends ShortestExpectedDelayBalancer {
  override readonly name = 'nq';
  protected override idleFirst = true;
}
