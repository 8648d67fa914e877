import type { RandomStream } from '../engine/rng.js';
import type { Balancer, BalancerOptions, Destination } from './balancer.js';
import { hasFreeSlot, isAvailable, maxConnTable } from './dest-state.js';

/**
 * haproxy `balance random(<draws>)`, default draws = 2 (src/backend.c `get_server_rnd`;
 * configuration.txt §4, "Power of Two Random Choices").
 *
 * Each draw picks a server with probability weight / Σweight over available servers (haproxy draws
 * a random key into its consistent-hash ring, whose points are placed in proportion to weight; the
 * ring itself is not modelled). Each new draw is compared with the best so far and the previous
 * best is kept only if the new one is strictly more loaded: new.active · prev.w > prev.active ·
 * new.w, where active is the count of served connections. So ties go to the *later* draw, as in
 * haproxy ≤ 3.2 (newer versions break ties on the request rate of the last second, not modelled).
 * With `maxConn`, a chosen server that is full yields -1 (haproxy sends the request to the backend
 * queue). One `rng.next()` per draw.
 */
export class HaproxyRandomBalancer implements Balancer {
  readonly name = 'haproxy-random';
  private readonly draws: number;
  private readonly maxConn: Float64Array;

  constructor(
    private readonly dests: readonly Destination[],
    private readonly rng: RandomStream,
    options: BalancerOptions,
  ) {
    const draws = options.draws ?? 2;
    if (!Number.isInteger(draws) || draws < 1) throw new RangeError(`draws must be a positive integer, got ${draws}`);
    this.draws = draws;
    this.maxConn = maxConnTable(dests.length, options.maxConn);
  }

  private draw(total: number, last: number): number {
    let r = this.rng.next() * total;
    for (const d of this.dests) {
      if (!isAvailable(d)) continue;
      r -= d.weight;
      if (r < 0) return d.index;
    }
    return last;
  }

  pick(): number {
    const dests = this.dests;
    let total = 0;
    let last = -1;
    for (const d of dests) {
      if (isAvailable(d)) {
        total += d.weight;
        last = d.index;
      }
    }
    if (last < 0) return -1;
    let curr = -1;
    for (let k = 0; k < this.draws; k++) {
      const prev = curr;
      curr = this.draw(total, last);
      if (prev >= 0 && prev !== curr) {
        const p = dests[prev]!;
        const c = dests[curr]!;
        if (c.activeConns * p.weight > p.activeConns * c.weight) curr = prev;
      }
    }
    return hasFreeSlot(dests[curr]!, this.maxConn[curr]!) ? curr : -1;
  }

  membershipChanged(): void {}
}
