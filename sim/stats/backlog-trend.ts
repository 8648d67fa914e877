/**
 * Periodic samples of backlogs (jobs waiting at a resource, requests in the system), taken from
 * outside the models, and a trend test on them: does a backlog grow through the second half of the
 * measured window?
 *
 * Memory is bounded: at most MAX_SAMPLES samples per series. When the buffer fills, every other
 * sample is dropped and the sampling interval doubles, so a run of any length keeps between
 * MAX_SAMPLES / 2 and MAX_SAMPLES evenly spaced samples.
 *
 * The trend test (per series, over the samples in the second half of the window): fit a
 * least-squares line; its growth G = slope × the span of those samples; s = the standard deviation
 * of the residuals around the line. The backlog is *growing* when G ≥ MIN_GROWTH_JOBS and
 * G ≥ GROWTH_OVER_NOISE × s: the rise is large both in absolute terms and against the backlog's
 * own fluctuation. A stationary queue's fitted growth has a standard deviation of about
 * s·√(24τ/T) (τ its correlation time, T the span), so it rarely reaches 4 s unless τ is a good
 * fraction of the span; a queue that is filling, by contrast, rises by (λ − μ)·T with residuals
 * that are only its noise. (Samples are autocorrelated, so a classical t-test on the slope would
 * overstate its significance; the ratio to the residual spread is used as a magnitude criterion.)
 */
export const MAX_SAMPLES = 256;
export const MIN_SAMPLES_FOR_TREND = 8;
export const MIN_GROWTH_JOBS = 10;
export const GROWTH_OVER_NOISE = 4;

export interface BacklogSource {
  readonly id: string;
  /** The backlog right now (jobs or requests). */
  read(): number;
}

export interface BacklogTrend {
  readonly id: string;
  readonly samples: number;
  /** Least-squares slope over the second half, per second. */
  readonly slopePerSecond: number;
  /** slope × span of the second-half samples. */
  readonly growth: number;
  /** Standard deviation of the residuals around the fitted line. */
  readonly residualSd: number;
  readonly first: number;
  readonly last: number;
  readonly growing: boolean;
}

export class BacklogSampler {
  private readonly timesNs: number[] = [];
  private readonly values: number[][];
  private interval: number;

  constructor(private readonly sources: readonly BacklogSource[], initialIntervalNs: number) {
    if (!(initialIntervalNs > 0)) throw new RangeError('sampling interval must be positive');
    this.interval = initialIntervalNs;
    this.values = sources.map(() => []);
  }

  /** Time between samples now (doubles each time the buffer is thinned). */
  get intervalNs(): number {
    return this.interval;
  }

  get sampleCount(): number {
    return this.timesNs.length;
  }

  sample(nowNs: number): void {
    if (this.timesNs.length >= MAX_SAMPLES) this.thin();
    this.timesNs.push(nowNs);
    this.sources.forEach((s, i) => this.values[i]!.push(s.read()));
  }

  private thin(): void {
    const keep = <T>(xs: T[]) => {
      let j = 0;
      for (let i = 0; i < xs.length; i += 2) xs[j++] = xs[i]!;
      xs.length = j;
    };
    keep(this.timesNs);
    for (const v of this.values) keep(v);
    this.interval *= 2;
  }

  /** The trend test of every series over the samples at or after `fromNs`. */
  trends(fromNs: number): BacklogTrend[] {
    const first = this.timesNs.findIndex((t) => t >= fromNs);
    const ts = first < 0 ? [] : this.timesNs.slice(first);
    return this.sources.map((s, i) => fitTrend(s.id, ts, first < 0 ? [] : this.values[i]!.slice(first)));
  }
}

/** Least-squares line through (timesNs, values) and the growth verdict described above. */
export function fitTrend(id: string, timesNs: readonly number[], values: readonly number[]): BacklogTrend {
  const n = Math.min(timesNs.length, values.length);
  const flat = { id, samples: n, slopePerSecond: 0, growth: 0, residualSd: 0, first: values[0] ?? 0, last: values[n - 1] ?? 0, growing: false };
  if (n < 2) return flat;
  const t0 = timesNs[0]!;
  const xs = timesNs.slice(0, n).map((t) => (t - t0) / 1e9);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += values[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (values[i]! - my);
  }
  if (!(sxx > 0)) return flat;
  const slope = sxy / sxx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (values[i]! - (my + slope * (xs[i]! - mx))) ** 2;
  const residualSd = n > 2 ? Math.sqrt(sse / (n - 2)) : 0;
  const growth = slope * xs[n - 1]!;
  const growing = n >= MIN_SAMPLES_FOR_TREND && growth >= MIN_GROWTH_JOBS && growth >= GROWTH_OVER_NOISE * residualSd;
  return { id, samples: n, slopePerSecond: slope, growth, residualSd, first: values[0]!, last: values[n - 1]!, growing };
}
