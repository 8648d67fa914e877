import type { RandomStream } from '../engine/rng.js';
import type { Balancer, Destination } from './balancer.js';
import { connOverhead, isAvailable } from './dest-state.js';

/**
 * Randomised schedulers drawing only from the stream they are given.
 *
 * random: one draw, r uniform on [0, Σw) over available destinations, walked in list order
 *   (P(i) = w_i / Σw). One `rng.next()` per pick. Tie-break: not applicable.
 *
 * twos / p2c: IPVS power of two choices (net/netfilter/ipvs/ip_vs_twos.c; Mitzenmacher, Richa &
 *   Sitaraman, "The Power of Two Random Choices: A Survey", 2001). Two independent draws
 *   r1, r2 = ⌊u·(Σw + 1)⌋, integers in [0, Σw] inclusive as in the kernel (`prandom_u32() %
 *   (total + 1)`); each walks the list subtracting weights and stops at the first destination
 *   where r ≤ 0, so the first available destination has one extra chance in Σw + 1 (a kernel
 *   quirk kept on purpose). The second choice wins only when strictly less loaded:
 *   w2·overhead1 > w1·overhead2 with overhead = active×256 + inactive; ties and the case of
 *   both draws hitting the same destination go to the first. Two `rng.next()` per pick.
 *
 * p2c: the textbook power of two choices (Mitzenmacher, IEEE TPDS 2001) that the supermarket-model
 *   oracle describes: the same comparison, but each draw is exactly proportional to weight
 *   (r uniform on [0, Σw), no extra chance for the first destination). Clients balancing on their
 *   own (client-side mode) use this one; the kernel's quirk would pile every client's ties onto
 *   the first server. With `draws` = d > 2 it is the d-choice rule of the same paper: d draws,
 *   the least loaded wins, ties to the earliest draw (d `rng.next()` per pick).
 */
/** Σ weight over available destinations, and the last available one (-1: none). */
function availableWeight(dests: readonly Destination[]): { total: number; last: number } {
  let total = 0;
  let last = -1;
  for (const d of dests) {
    if (isAvailable(d)) {
      total += d.weight;
      last = d.index;
    }
  }
  return { total, last };
}

export class WeightedRandomBalancer implements Balancer {
  readonly name = 'random';
  constructor(
    private readonly dests: readonly Destination[],
    private readonly rng: RandomStream,
  ) {}

  pick(): number {
    const { total, last } = availableWeight(this.dests);
    if (last < 0) return -1;
    let r = this.rng.next() * total;
    for (const d of this.dests) {
      if (!isAvailable(d)) continue;
      r -= d.weight;
      if (r < 0) return d.index;
    }
    return last; // rounding: r landed exactly on Σw
  }

  membershipChanged(): void {}
}

export class PowerOfTwoBalancer implements Balancer {
  constructor(
    readonly name: 'twos' | 'p2c',
    private readonly dests: readonly Destination[],
    private readonly rng: RandomStream,
    private readonly draws = 2,
  ) {
    if (!Number.isInteger(draws) || draws < 1) throw new RangeError(`draws must be a positive integer, got ${draws}`);
    if (name === 'twos' && draws !== 2) throw new RangeError('twos draws two, as the kernel does');
  }

  pick(): number {
    const { total, last } = availableWeight(this.dests);
    if (last < 0) return -1;
    if (this.draws !== 2) return this.pickOfMany(total, last);
    const kernel = this.name === 'twos';
    let r1 = kernel ? Math.floor(this.rng.next() * (total + 1)) : this.rng.next() * total;
    let r2 = kernel ? Math.floor(this.rng.next() * (total + 1)) : this.rng.next() * total;
    let c1 = -1;
    let c2 = -1;
    for (const d of this.dests) {
      if (!isAvailable(d)) continue;
      r1 -= d.weight;
      r2 -= d.weight;
      if (c1 < 0 && (kernel ? r1 <= 0 : r1 < 0)) c1 = d.index;
      if (c2 < 0 && (kernel ? r2 <= 0 : r2 < 0)) c2 = d.index;
      if (c1 >= 0 && c2 >= 0) break;
    }
    if (c1 < 0) c1 = last; // only reachable with fractional weights and rounding
    if (c2 < 0) c2 = last;
    const d1 = this.dests[c1]!;
    const d2 = this.dests[c2]!;
    return d2.weight * connOverhead(d1) > d1.weight * connOverhead(d2) ? c2 : c1;
  }

  private pickOfMany(total: number, last: number): number {
    let best = -1;
    for (let k = 0; k < this.draws; k++) {
      let r = this.rng.next() * total;
      let c = last;
      for (const d of this.dests) {
        if (!isAvailable(d)) continue;
        r -= d.weight;
        if (r < 0) {
          c = d.index;
          break;
        }
      }
      if (best < 0) best = c;
      else {
        const b = this.dests[best]!;
        const d = this.dests[c]!;
        if (d.weight * connOverhead(b) > b.weight * connOverhead(d)) best = c;
      }
    }
    return best;
  }

  membershipChanged(): void {}
}
