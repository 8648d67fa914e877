import type { Balancer, BalancerOptions, Destination } from './balancer.js';
import { hasFreeSlot, isAvailable, maxConnTable } from './dest-state.js';

/**
 * haproxy `balance first` (src/lb_fas.c, configuration.txt §4): the first server, by id (here: list
 * order), with a free connection slot under its `maxConn`; weight is ignored except that weight 0
 * means not usable. Without `maxConn` it always returns the first available server. -1 when every
 * server is full: haproxy then queues the request in the backend queue.
 * Tie-break: list order.
 */
export class HaproxyFirstBalancer implements Balancer {
  readonly name = 'haproxy-first';
  private readonly maxConn: Float64Array;

  constructor(
    private readonly dests: readonly Destination[],
    options: BalancerOptions,
  ) {
    this.maxConn = maxConnTable(dests.length, options.maxConn);
  }

  pick(): number {
    for (const d of this.dests) {
      if (isAvailable(d) && hasFreeSlot(d, this.maxConn[d.index]!)) return d.index;
    }
    return -1;
  }

  membershipChanged(): void {}
}
