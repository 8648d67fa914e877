import type { Balancer, Destination } from './balancer.js';
import { gcd, isAvailable } from './dest-state.js';

/**
 * IPVS `rr` and `wrr`.
 *
 * rr (net/netfilter/ipvs/ip_vs_rr.c): cyclic over the list, starting after the last destination
 * picked; the first available one wins. The cursor survives membership changes.
 *
 * wrr (net/netfilter/ipvs/ip_vs_wrr.c): the gcd-stepped walk. di = gcd of the positive weights,
 * mw = max weight − (di − 1), cw starts at mw. From the cursor, the next destination in list order
 * that is not overloaded and has weight ≥ cw is picked; at the end of the list cw −= di and the
 * walk restarts from the head, and cw ≤ 0 resets it to mw. Weights (4,3,2) give a a b a b c a b c.
 * Tie-break: list order. `membershipChanged` applies the kernel's `ip_vs_wrr_dest_changed`: cursor
 * back to the head, di and mw recomputed, cw clamped to mw (or snapped to a multiple of di + 1).
 * Destinations with `up = false` are treated as absent from the list.
 */
export class RoundRobinBalancer implements Balancer {
  readonly name = 'rr';
  private last = -1;

  constructor(private readonly dests: readonly Destination[]) {}

  pick(): number {
    const dests = this.dests;
    const n = dests.length;
    for (let step = 1; step <= n; step++) {
      const i = (this.last + step) % n;
      if (isAvailable(dests[i]!)) {
        this.last = i;
        return i;
      }
    }
    return -1;
  }

  membershipChanged(): void {}
}

export class WeightedRoundRobinBalancer implements Balancer {
  readonly name = 'wrr';
  /** Index of the last destination picked; -1 = the list head. */
  private cursor = -1;
  private cw = 0;
  private mw = 0;
  private di = 1;

  constructor(private readonly dests: readonly Destination[]) {
    this.recompute();
    this.cw = this.mw;
  }

  private recompute(): void {
    let g = 0;
    let max = 0;
    for (const d of this.dests) {
      if (!d.up) continue;
      if (d.weight > 0) g = g > 0 ? gcd(d.weight, g) : d.weight;
      if (d.weight > max) max = d.weight;
    }
    this.di = g > 0 ? g : 1;
    this.mw = max - (this.di - 1);
  }

  pick(): number {
    if (this.mw <= 0) return -1;
    const dests = this.dests;
    const n = dests.length;
    let start = this.cursor + 1;
    for (;;) {
      for (let i = start; i < n; i++) {
        const d = dests[i]!;
        if (d.up && !d.overloaded && d.weight >= this.cw) {
          this.cursor = i;
          return i;
        }
      }
      // A full pass from the head with cw ≤ di accepts every weight ≥ 1 (all weights are multiples
      // of di): if it found nothing, every destination is down, quiesced or overloaded.
      if (start === 0 && this.cw <= this.di) {
        this.cursor = -1;
        return -1;
      }
      this.cw -= this.di;
      if (this.cw <= 0) this.cw = this.mw;
      start = 0;
    }
  }

  membershipChanged(): void {
    this.cursor = -1;
    this.recompute();
    if (this.cw > this.mw || this.cw === 0) this.cw = this.mw;
    else if (this.di > 1) this.cw = Math.floor(this.cw / this.di) * this.di + 1;
  }
}
