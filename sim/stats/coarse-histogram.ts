/**
 * A small fixed-bucket logarithmic histogram for per-interval quantiles (the timeline), where a
 * full HdrHistogram per interval (~22 KB) would cost ~160 MB per simulated hour at 1 s intervals.
 *
 * Buckets: 8 per power of two (bucket k covers [2^(k/8), 2^((k+1)/8)) × LOWEST_NS), from
 * LOWEST_NS = 1,024 ns (≈ 1 µs) up to 2^42 ns (≈ 73 min): 256 buckets of 32-bit counts, 1 KiB per
 * histogram whatever is recorded. A quantile is answered with the bucket's geometric midpoint,
 * so its relative error is at most 2^(1/16) − 1 ≈ 4.4 %, clamped to the exact min and max.
 * Values below the range go to the first bucket, above it to the last (answers then stay within
 * the exact [min, max] but lose the 4.4 % bound; 73 min exceeds any request timeout in practice).
 *
 * Quantile convention: nearest rank, as LatencyHistogram (rank max(1, ⌈p·n⌉) among n).
 */
export const BUCKETS_PER_OCTAVE = 8;
const LOWEST_NS = 1024;
const OCTAVES = 32;
const BUCKETS = BUCKETS_PER_OCTAVE * OCTAVES;
/** Worst relative error of a quantile inside the range. */
export const COARSE_RELATIVE_ERROR = 2 ** (1 / (2 * BUCKETS_PER_OCTAVE)) - 1;

export class CoarseHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private n = 0;
  private minNs = Number.POSITIVE_INFINITY;
  private maxNs = Number.NEGATIVE_INFINITY;

  /** Records one value in ns (finite, ≥ 0). */
  record(valueNs: number): void {
    if (!(valueNs >= 0) || valueNs === Number.POSITIVE_INFINITY) throw new RangeError(`value must be a finite non-negative number of ns, got ${valueNs}`);
    this.counts[bucketOf(valueNs)]!++;
    this.n++;
    if (valueNs < this.minNs) this.minNs = valueNs;
    if (valueNs > this.maxNs) this.maxNs = valueNs;
  }

  get count(): number {
    return this.n;
  }

  /** The p-quantile (p in [0, 1]) in ns, within COARSE_RELATIVE_ERROR; NaN when empty. */
  quantile(p: number): number {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile needs p in [0, 1], got ${p}`);
    if (this.n === 0) return Number.NaN;
    if (p === 0) return this.minNs;
    if (p === 1) return this.maxNs;
    const rank = Math.max(1, Math.ceil(p * this.n));
    let seen = 0;
    for (let k = 0; k < BUCKETS; k++) {
      seen += this.counts[k]!;
      if (seen >= rank) return Math.min(this.maxNs, Math.max(this.minNs, midpointNs(k)));
    }
    return this.maxNs;
  }

  /** Bytes held by the bucket counts (constant). */
  get footprintBytes(): number {
    return this.counts.byteLength;
  }
}

function bucketOf(valueNs: number): number {
  if (valueNs < LOWEST_NS) return 0;
  const k = Math.floor(Math.log2(valueNs / LOWEST_NS) * BUCKETS_PER_OCTAVE);
  return Math.min(BUCKETS - 1, k);
}

function midpointNs(k: number): number {
  return LOWEST_NS * 2 ** ((k + 0.5) / BUCKETS_PER_OCTAVE);
}
