/**
 * Confidence intervals for simulation output: across independent replications (one value per
 * replication), or by batch means within one long run (consecutive observations grouped into
 * batches long enough that batch averages are nearly independent; Law & Kelton, ch. 9).
 *
 * The interval is mean ± t_{(1+level)/2, n−1} · s / √n, with Student t quantiles computed here
 * (regularized incomplete beta + bisection for df ≤ 1000; Cornish–Fisher expansion around the
 * normal quantile beyond, where the expansion's own error is below 1e-12).
 */

export interface ConfidenceInterval {
  /** Number of values the interval is built from (replications or batches). */
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation of those values. */
  readonly stdDev: number;
  /** Half-width at `level`; NaN with fewer than two values. */
  readonly halfWidth: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15). */
function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction for the incomplete beta (modified Lentz; Numerical Recipes §6.4). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(x, a, b)) / a
    : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normal quantile needs p in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  let x: number;
  if (p < pLow || p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log(p < pLow ? p : 1 - p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
    if (p > 1 - pLow) x = -x;
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  }
  return x;
}

/** The p-quantile of Student's t with `df` (≥ 1, may be Infinity) degrees of freedom. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`t quantile needs p in (0, 1), got ${p}`);
  if (!(df >= 1)) throw new RangeError(`t quantile needs df ≥ 1, got ${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const z = normalQuantile(p);
  if (df > 1000) {
    // Cornish–Fisher expansion in 1/df (Abramowitz & Stegun 26.7.5).
    const z2 = z * z;
    const g1 = (z2 + 1) * z / 4;
    const g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
    const g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
    const g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
    return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
  }
  // Bisection on the CDF: t ≥ z always; bracket upward until it holds the quantile.
  let lo = z;
  let hi = Math.max(2 * z, 1);
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Mean ± t-based half-width of independent, identically distributed values (e.g. one per replication). */
export function confidenceInterval(values: readonly number[], level = 0.95): ConfidenceInterval {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean = n > 0 ? mean / n : Number.NaN;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  const stdDev = n > 1 ? Math.sqrt(ss / (n - 1)) : Number.NaN;
  const halfWidth = n > 1 ? studentTQuantile((1 + level) / 2, n - 1) * (stdDev / Math.sqrt(n)) : Number.NaN;
  return { n, mean, stdDev, halfWidth, lower: mean - halfWidth, upper: mean + halfWidth, level };
}

/**
 * Batch means over one run's observations in time order: `batches` equal consecutive batches
 * (the first `values.length mod batches` observations, the oldest, are dropped), and the
 * interval of their averages. Valid when a batch is much longer than the output's correlation
 * time; 10–30 batches is the usual choice.
 */
export function batchMeans(values: ArrayLike<number>, batches = 20, level = 0.95): ConfidenceInterval {
  if (!Number.isInteger(batches) || batches < 2) throw new RangeError(`batch means needs at least 2 batches, got ${batches}`);
  const size = Math.floor(values.length / batches);
  if (size < 1) throw new RangeError(`${values.length} observations cannot fill ${batches} batches`);
  const skip = values.length - size * batches;
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    let sum = 0;
    const start = skip + b * size;
    for (let i = start; i < start + size; i++) sum += values[i]!;
    means.push(sum / size);
  }
  return confidenceInterval(means, level);
}

/**
 * Streaming batch means: observations are folded into batches of `batchSize` as they arrive, so
 * a long run needs O(number of batches) memory, not O(observations). A partial last batch is ignored.
 */
export class BatchMeans {
  private readonly means: number[] = [];
  private sum = 0;
  private inBatch = 0;

  constructor(readonly batchSize: number) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }

  add(x: number): void {
    this.sum += x;
    if (++this.inBatch === this.batchSize) {
      this.means.push(this.sum / this.batchSize);
      this.sum = 0;
      this.inBatch = 0;
    }
  }

  /** Completed batches so far. */
  get batches(): number {
    return this.means.length;
  }

  interval(level = 0.95): ConfidenceInterval {
    return confidenceInterval(this.means, level);
  }
}
