import type { Balancer, Destination } from './balancer.js';
import { isAvailable } from './dest-state.js';

/**
 * IPVS schedulers that follow weight order rather than balance: `fo` and `ovf`. Stateless.
 *
 * fo  (ip_vs_fo.c, weighted failover): the available destination with the highest weight.
 * ovf (ip_vs_ovf.c, weighted overflow): the available destination with the highest weight among
 *     those whose active connections do not exceed their weight (active ≤ weight); -1 when every
 *     one is over, even though destinations are up.
 *
 * Tie-break: the first destination in list order (the kernel replaces its candidate only on a
 * strictly higher weight).
 */
export class WeightedFailoverBalancer implements Balancer {
  readonly name = 'fo';
  constructor(private readonly dests: readonly Destination[]) {}

  pick(): number {
    let best = -1;
    let bestWeight = 0;
    for (const d of this.dests) {
      if (isAvailable(d) && d.weight > bestWeight) {
        best = d.index;
        bestWeight = d.weight;
      }
    }
    return best;
  }

  membershipChanged(): void {}
}

export class WeightedOverflowBalancer implements Balancer {
  readonly name = 'ovf';
  constructor(private readonly dests: readonly Destination[]) {}

  pick(): number {
    let best = -1;
    let bestWeight = 0;
    for (const d of this.dests) {
      if (!isAvailable(d) || d.activeConns > d.weight) continue;
      if (best < 0 || d.weight > bestWeight) {
        best = d.index;
        bestWeight = d.weight;
      }
    }
    return best;
  }

  membershipChanged(): void {}
}
