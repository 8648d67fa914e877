import type { Balancer, BalancerOptions, Destination, PickContext } from './balancer.js';
import { gcd, hasFreeSlot, isAvailable, maxConnTable } from './dest-state.js';
import { fmix32 } from './hash.js';

/**
 * haproxy map-based algorithms (src/lb_map.c; configuration.txt §4 "balance"): `static-rr`,
 * `source` and `uri` with the default `hash-type map-based`.
 *
 * The map is rebuilt in `membershipChanged` over the usable servers (`up`, weight > 0), as
 * haproxy's `recalc_server_map`: its size is tot = Σ eweight, where eweight = ⌈weight / g⌉ and g
 * is the gcd of the weights given at construction (haproxy factors weights once, at config time;
 * later weight changes other than to/from 0 do not reshape a static map). Slot o goes to the
 * server with the highest v = ⌊(wscore + tot) / tot⌋ after every usable server's wscore += eweight;
 * ties go to the first server in list order; the winner's wscore −= tot.
 *
 * static-rr: walk the map cyclically from the last position; skip full servers (`maxConn`); -1
 *   when all are full (haproxy then queues in the backend).
 * source:    map[h mod tot], h = sourceKey (haproxy uses the IPv4 address itself, no mixing,
 *   unless `hashAvalanche`).
 * uri:       map[h mod tot], h = hashKey (the request's URI hash, already computed by the caller).
 * Hash lookups return -1 when the mapped server has become unavailable since the last rebuild.
 */
abstract class HaproxyMapBalancer implements Balancer {
  abstract readonly name: 'haproxy-static-rr' | 'haproxy-source' | 'haproxy-uri';
  protected map: Int32Array;
  protected tot = 0;
  private readonly eweight: Float64Array;
  private readonly wscore: Float64Array;
  private readonly weightDivisor: number;

  constructor(protected readonly dests: readonly Destination[]) {
    let g = 0;
    for (const d of dests) if (d.weight > 0) g = g > 0 ? gcd(d.weight, g) : d.weight;
    this.weightDivisor = g > 0 ? g : 1;
    this.eweight = new Float64Array(dests.length);
    this.wscore = new Float64Array(dests.length);
    this.map = new Int32Array(0);
    this.rebuild();
  }

  private usable(d: Destination): boolean {
    return d.up && d.weight > 0;
  }

  private rebuild(): void {
    const { dests, eweight, wscore } = this;
    // A server first given a weight after construction gets its static eweight now.
    for (const d of dests) if (eweight[d.index] === 0 && d.weight > 0) eweight[d.index] = Math.ceil(d.weight / this.weightDivisor);
    let tot = 0;
    for (const d of dests) if (this.usable(d)) tot += eweight[d.index]!;
    this.tot = tot;
    if (this.map.length < tot) this.map = new Int32Array(tot);
    wscore.fill(0);
    for (let o = 0; o < tot; o++) {
      let best = -1;
      let max = 0;
      for (const d of dests) {
        if (!this.usable(d)) continue;
        const i = d.index;
        wscore[i] = wscore[i]! + eweight[i]!;
        const v = Math.floor((wscore[i]! + tot) / tot);
        if (best < 0 || v > max) {
          max = v;
          best = i;
        }
      }
      this.map[o] = best;
      wscore[best] = wscore[best]! - tot;
    }
  }

  membershipChanged(): void {
    this.rebuild();
  }

  abstract pick(ctx: PickContext): number;

  /** Server at map[hash mod tot], or -1. */
  protected lookup(hash: number): number {
    if (this.tot === 0) return -1;
    const i = this.map[hash % this.tot]!;
    return isAvailable(this.dests[i]!) ? i : -1;
  }
}

export class HaproxyStaticRoundRobinBalancer extends HaproxyMapBalancer {
  readonly name = 'haproxy-static-rr';
  private rrIndex = 0;
  private readonly maxConn: Float64Array;

  constructor(dests: readonly Destination[], options: BalancerOptions) {
    super(dests);
    this.maxConn = maxConnTable(dests.length, options.maxConn);
  }

  pick(): number {
    const tot = this.tot;
    if (tot === 0) return -1;
    if (this.rrIndex >= tot) this.rrIndex = 0;
    let idx = this.rrIndex;
    do {
      const i = this.map[idx++]!;
      if (idx === tot) idx = 0;
      const d = this.dests[i]!;
      if (isAvailable(d) && hasFreeSlot(d, this.maxConn[i]!)) {
        this.rrIndex = idx;
        return i;
      }
    } while (idx !== this.rrIndex);
    return -1;
  }
}

/** `balance source` (the client address) and `balance uri` (the URI hash): the same map, another key. */
export class HaproxyHashBalancer extends HaproxyMapBalancer {
  private readonly avalanche: boolean;

  constructor(
    readonly name: 'haproxy-source' | 'haproxy-uri',
    dests: readonly Destination[],
    options: BalancerOptions,
  ) {
    super(dests);
    this.avalanche = options.hashAvalanche ?? false;
  }

  pick(ctx: PickContext): number {
    const h = (this.name === 'haproxy-source' ? ctx.sourceKey : ctx.hashKey) >>> 0;
    return this.lookup(this.avalanche ? fmix32(h) : h);
  }
}
