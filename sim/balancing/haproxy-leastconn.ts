import type { Balancer, BalancerOptions, Destination } from './balancer.js';
import { hasFreeSlot, isAvailable, maxConnTable } from './dest-state.js';

/**
 * haproxy `balance leastconn` (src/lb_fwlc.c, configuration.txt §4).
 *
 * Each eligible server (available, free slot under `maxConn`) gets haproxy's tree key: with
 * inflight = activeConns + queued, key = 0 when idle, else ⌊(inflight + 1) · 256 / weight⌋
 * (haproxy: (inflight+1)·SRV_EWGHT_MAX / eweight, with eweight = weight·16 and SRV_EWGHT_MAX =
 * 4096), so idle servers go first and otherwise the lowest connections-per-weight wins; with equal
 * weights this is the lowest activeConns + queued.
 *
 * Tie-break: round robin among servers with the lowest key: the first one at or after the server
 * following the previous pick, cyclically. haproxy gets this from re-inserting a server at the end
 * of its key's duplicates in an ebtree whenever its count changes; the cursor reproduces it when
 * the picks themselves are what changes the counts.
 */
export class HaproxyLeastConnBalancer implements Balancer {
  readonly name = 'haproxy-leastconn';
  private cursor = 0;
  private readonly maxConn: Float64Array;

  constructor(
    private readonly dests: readonly Destination[],
    options: BalancerOptions,
  ) {
    this.maxConn = maxConnTable(dests.length, options.maxConn);
  }

  pick(): number {
    const { dests, maxConn } = this;
    const n = dests.length;
    let best = -1;
    let bestKey = 0;
    for (let step = 0; step < n; step++) {
      const i = (this.cursor + step) % n;
      const d = dests[i]!;
      if (!isAvailable(d) || !hasFreeSlot(d, maxConn[i]!)) continue;
      const inflight = d.activeConns + d.queued;
      const key = inflight === 0 ? 0 : Math.floor(((inflight + 1) * 256) / d.weight);
      if (best < 0 || key < bestKey) {
        best = i;
        bestKey = key;
      }
    }
    if (best >= 0) this.cursor = (best + 1) % n;
    return best;
  }

  membershipChanged(): void {}
}
