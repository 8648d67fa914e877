import type { Balancer, BalancerOptions, Destination } from './balancer.js';
import { hasFreeSlot, isAvailable, maxConnTable } from './dest-state.js';

/**
 * haproxy `balance roundrobin` (weighted, dynamic; src/lb_fwrr.c, configuration.txt §4).
 *
 * Modelled as smooth weighted round robin, not as haproxy's fwrr trees: at each pick every
 * eligible server (available, with a free slot under `maxConn`) adds its current weight to its
 * score, the highest score wins, and the winner's score drops by the sum of eligible weights.
 * Over a cycle each server gets exactly its weight's share, spread out (weights 5,1,1 give
 * a a b a c a a). Weight changes take effect at the next pick. Differences from fwrr: the exact
 * interleaving differs, and the "few hundred requests" a server back from DOWN may wait before
 * it is re-integrated is not modelled (scores restart at 0 on `membershipChanged`).
 * Tie-break: the first server in list order.
 */
export class HaproxyRoundRobinBalancer implements Balancer {
  readonly name = 'haproxy-roundrobin';
  private readonly score: Float64Array;
  private readonly maxConn: Float64Array;

  constructor(
    private readonly dests: readonly Destination[],
    options: BalancerOptions,
  ) {
    this.score = new Float64Array(dests.length);
    this.maxConn = maxConnTable(dests.length, options.maxConn);
  }

  pick(): number {
    const { dests, score, maxConn } = this;
    let total = 0;
    let best = -1;
    for (const d of dests) {
      const i = d.index;
      if (!isAvailable(d) || !hasFreeSlot(d, maxConn[i]!)) continue;
      total += d.weight;
      score[i] = score[i]! + d.weight;
      if (best < 0 || score[i]! > score[best]!) best = i;
    }
    if (best >= 0) score[best] = score[best]! - total;
    return best;
  }

  membershipChanged(): void {
    this.score.fill(0);
  }
}
