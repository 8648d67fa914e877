import { build, type Histogram } from 'hdr-histogram-js';

/**
 * Streaming latency histogram: bounded memory, quantiles within 1 % relative error, exact count,
 * mean, min and max.
 *
 * Storage is HdrHistogram (Gil Tene's design; the pure-JS `hdr-histogram-js` build, synchronous
 * and deterministic, not the WebAssembly one) with 2 significant digits: each power-of-two range
 * is split into 128..256 sub-buckets, so a bucket [lo, lo + w) has w ≤ lo / 128. A quantile is
 * answered with the bucket's highest equivalent value, hence it is ≥ the exact order statistic and
 * within (w − 1) / lo < 1/128 ≈ 0.78 % of it; it is also clamped to the exact [min, max].
 * Counts are Float64 (exact to 2^53 per bucket); the counts array grows with the largest value
 * recorded (about 128 × 8 bytes per power of two reached: ~30 KB for latencies up to an hour in ns).
 *
 * Quantile convention: nearest rank, the value of rank max(1, ⌈p·n⌉) among the n recorded.
 * Values are ns; they are rounded to whole ns for bucketing only (sum, min and max keep them as given).
 */
const SIGNIFICANT_DIGITS = 2;
/** Initial trackable range; auto-resize extends it when a larger value arrives. */
const INITIAL_HIGHEST_NS = 2 ** 20;

function makeHdr(): Histogram {
  return build({
    bitBucketSize: 64,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: INITIAL_HIGHEST_NS,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    useWebAssembly: false,
  });
}

export class LatencyHistogram {
  private readonly hdr: Histogram = makeHdr();
  private n = 0;
  private sumNs = 0;
  private minNs = Number.POSITIVE_INFINITY;
  private maxNs = Number.NEGATIVE_INFINITY;

  /** Records one latency in ns (finite, ≥ 0). */
  record(valueNs: number): void {
    if (!(valueNs >= 0) || valueNs === Number.POSITIVE_INFINITY) {
      throw new RangeError(`latency must be a finite non-negative number of ns, got ${valueNs}`);
    }
    this.hdr.recordValue(Math.round(valueNs));
    this.n++;
    this.sumNs += valueNs;
    if (valueNs < this.minNs) this.minNs = valueNs;
    if (valueNs > this.maxNs) this.maxNs = valueNs;
  }

  get count(): number {
    return this.n;
  }

  /** Exact arithmetic mean in ns; NaN when empty. */
  get mean(): number {
    return this.n > 0 ? this.sumNs / this.n : Number.NaN;
  }

  /** Exact sum of the recorded values, ns. */
  get sum(): number {
    return this.sumNs;
  }

  /** Exact smallest value, ns; NaN when empty. */
  get min(): number {
    return this.n > 0 ? this.minNs : Number.NaN;
  }

  /** Exact largest value, ns; NaN when empty. */
  get max(): number {
    return this.n > 0 ? this.maxNs : Number.NaN;
  }

  /** The p-quantile (p in [0, 1]) in ns, nearest-rank, within 1 % relative; NaN when empty. */
  quantile(p: number): number {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile needs p in [0, 1], got ${p}`);
    if (this.n === 0) return Number.NaN;
    if (p === 0) return this.minNs;
    if (p === 1) return this.maxNs;
    const estimate = this.hdr.getValueAtPercentile(p * 100);
    return Math.min(this.maxNs, Math.max(this.minNs, estimate));
  }

  /** Adds every value recorded in `other` to this histogram (other is unchanged). */
  merge(other: LatencyHistogram): void {
    if (other.n === 0) return;
    this.hdr.add(other.hdr);
    this.n += other.n;
    this.sumNs += other.sumNs;
    if (other.minNs < this.minNs) this.minNs = other.minNs;
    if (other.maxNs > this.maxNs) this.maxNs = other.maxNs;
  }

  /** Forgets every value (warm-up exclusion); the counts array keeps its size. */
  reset(): void {
    this.hdr.reset();
    this.n = 0;
    this.sumNs = 0;
    this.minNs = Number.POSITIVE_INFINITY;
    this.maxNs = Number.NEGATIVE_INFINITY;
  }

  /** Approximate memory held by the bucket counts, bytes. */
  get footprintBytes(): number {
    return this.hdr.estimatedFootprintInBytes;
  }
}
