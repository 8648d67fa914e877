import type { Balancer, BalancerOptions, Destination, PickContext } from './balancer.js';
import { isAvailable } from './dest-state.js';
import { kernelHash32, knuthHash } from './hash.js';

/**
 * IPVS static hash schedulers `sh` (source hashing, ip_vs_sh.c) and `dh` (destination hashing,
 * ip_vs_dh.c). A table of 2^bits slots (default 256) maps a key to a destination; it is rebuilt
 * only in `membershipChanged`, over the destinations in the service list (`up`), in list order:
 *
 * - sh tiles the table by weight: each destination takes `weight` consecutive slots (at least 1,
 *   so a quiesced one keeps a slot), cycling through the list until the table is full. Key slot =
 *   `hash_32(sourceKey, bits)` (the port term is 0: the `sh-port` flag is not modelled).
 * - dh gives one slot per destination, cycling: the kernel ignores weights when filling the table
 *   (weight only decides availability), so dh spreads keys evenly. Key slot = (destKey ×
 *   2654435761) & mask.
 *
 * If the slot's destination is unavailable the result is -1 (no destination), as in the kernel;
 * sh with `fallback` (the `sh-fallback` flag) probes the following slots (2·slot + offset) & mask
 * in order and takes the first available one. Tie-break: none needed (a slot has one owner).
 */
abstract class HashTableBalancer implements Balancer {
  abstract readonly name: 'sh' | 'dh';
  protected readonly table: Int32Array;
  protected readonly bits: number;
  protected readonly mask: number;

  constructor(
    protected readonly dests: readonly Destination[],
    options: BalancerOptions,
  ) {
    const bits = options.hashTableBits ?? 8;
    if (!Number.isInteger(bits) || bits < 1 || bits > 20) throw new RangeError(`hashTableBits must be an integer in 1..20, got ${bits}`);
    this.bits = bits;
    this.table = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
  }

  protected abstract fill(): void;

  membershipChanged(): void {
    this.fill();
  }

  abstract pick(ctx: PickContext): number;

  protected lookup(slot: number, fallback: boolean): number {
    const table = this.table;
    const owner = table[slot]!;
    if (owner < 0) return -1;
    if (isAvailable(this.dests[owner]!)) return owner;
    if (!fallback) return -1;
    const size = table.length;
    for (let offset = 0; offset < size; offset++) {
      const probe = table[(slot + ((offset + slot) % size)) & this.mask]!;
      if (probe < 0) return -1;
      if (isAvailable(this.dests[probe]!)) return probe;
    }
    return -1;
  }
}

export class SourceHashBalancer extends HashTableBalancer {
  readonly name = 'sh';
  private readonly fallback: boolean;

  constructor(dests: readonly Destination[], options: BalancerOptions) {
    super(dests, options);
    this.fallback = options.fallback ?? false;
    this.fill();
  }

  protected fill(): void {
    const { table, dests } = this;
    const n = dests.length;
    let p = -1;
    let count = 0;
    const next = (from: number): number => {
      for (let step = 1; step <= n; step++) {
        const i = (from + step) % n;
        if (dests[i]!.up) return i;
      }
      return -1;
    };
    p = next(-1);
    for (let slot = 0; slot < table.length; slot++) {
      table[slot] = p;
      if (p < 0) continue;
      if (++count >= dests[p]!.weight) {
        p = next(p);
        count = 0;
      }
    }
  }

  pick(ctx: PickContext): number {
    return this.lookup(kernelHash32(ctx.sourceKey, this.bits), this.fallback);
  }
}

export class DestinationHashBalancer extends HashTableBalancer {
  readonly name = 'dh';

  constructor(dests: readonly Destination[], options: BalancerOptions) {
    super(dests, options);
    this.fill();
  }

  protected fill(): void {
    const { table, dests } = this;
    let j = 0;
    const listed: number[] = [];
    for (const d of dests) if (d.up) listed.push(d.index);
    for (let slot = 0; slot < table.length; slot++) {
      table[slot] = listed.length === 0 ? -1 : listed[j++ % listed.length]!;
    }
  }

  pick(ctx: PickContext): number {
    return this.lookup(knuthHash(ctx.destKey) & this.mask, false);
  }
}
