/**
 * Small exact accumulators for the stats layer. None of them reads a clock: time is passed in
 * (simulated ns), so they work the same inside a model, a probe or a test.
 */

/** A count of occurrences in the current observation window. */
export class Counter {
  private n = 0;

  increment(by = 1): void {
    this.n += by;
  }

  get value(): number {
    return this.n;
  }

  /** Occurrences per second over a window of `spanNs` ns (0 for an empty window). */
  ratePerSecond(spanNs: number): number {
    return spanNs > 0 ? (this.n * 1e9) / spanNs : 0;
  }

  reset(): void {
    this.n = 0;
  }
}

/**
 * Time average of a piecewise-constant level (queue length, connections open, servers busy):
 * the integral of level × dt is accrued at every change, so the average is exact, not sampled.
 * Times are simulated ns and must not go backwards.
 */
export class TimeWeighted {
  private levelValue: number;
  private lastChangeNs: number;
  private windowStartNs: number;
  private integral = 0;
  private maxLevel: number;
  private minLevel: number;

  constructor(startNs = 0, level = 0) {
    this.levelValue = level;
    this.lastChangeNs = startNs;
    this.windowStartNs = startNs;
    this.maxLevel = level;
    this.minLevel = level;
  }

  get level(): number {
    return this.levelValue;
  }

  /** Largest level held in the window. */
  get max(): number {
    return this.maxLevel;
  }

  /** Smallest level held in the window. */
  get min(): number {
    return this.minLevel;
  }

  private accrue(nowNs: number): void {
    if (nowNs < this.lastChangeNs) {
      throw new RangeError(`time went backwards: ${nowNs} ns < ${this.lastChangeNs} ns`);
    }
    this.integral += this.levelValue * (nowNs - this.lastChangeNs);
    this.lastChangeNs = nowNs;
  }

  /** The level becomes `level` at `nowNs`. */
  set(nowNs: number, level: number): void {
    this.accrue(nowNs);
    this.levelValue = level;
    if (level > this.maxLevel) this.maxLevel = level;
    if (level < this.minLevel) this.minLevel = level;
  }

  /** The level changes by `delta` at `nowNs`. */
  add(nowNs: number, delta: number): void {
    this.set(nowNs, this.levelValue + delta);
  }

  /** ∫ level dt over the window up to `nowNs`, in level × ns. */
  integralTo(nowNs: number): number {
    this.accrue(nowNs);
    return this.integral;
  }

  /** Time-average level over [window start, nowNs]; the current level for an empty window. */
  mean(nowNs: number): number {
    const integral = this.integralTo(nowNs);
    const span = nowNs - this.windowStartNs;
    return span > 0 ? integral / span : this.levelValue;
  }

  /** Starts a new window at `nowNs` (warm-up exclusion); the level itself is kept. */
  reset(nowNs: number): void {
    this.accrue(nowNs);
    this.integral = 0;
    this.windowStartNs = nowNs;
    this.maxLevel = this.levelValue;
    this.minLevel = this.levelValue;
  }
}

/**
 * Running mean and variance (Welford 1962; merge by Chan, Golub & LeVeque 1979): numerically
 * stable in one pass, O(1) memory.
 */
export class Welford {
  private n = 0;
  private meanValue = 0;
  /** Σ (x − mean)², kept up to date incrementally. */
  private m2 = 0;
  private minValue = Number.POSITIVE_INFINITY;
  private maxValue = Number.NEGATIVE_INFINITY;

  add(x: number): void {
    this.n++;
    const delta = x - this.meanValue;
    this.meanValue += delta / this.n;
    this.m2 += delta * (x - this.meanValue);
    if (x < this.minValue) this.minValue = x;
    if (x > this.maxValue) this.maxValue = x;
  }

  get count(): number {
    return this.n;
  }

  /** NaN when empty. */
  get mean(): number {
    return this.n > 0 ? this.meanValue : Number.NaN;
  }

  /** Sample variance (n − 1 denominator); NaN with fewer than two values. */
  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : Number.NaN;
  }

  get stdDev(): number {
    return Math.sqrt(this.variance);
  }

  get min(): number {
    return this.minValue;
  }

  get max(): number {
    return this.maxValue;
  }

  /** Folds `other` in, as if its values had been added here. */
  merge(other: Welford): void {
    if (other.n === 0) return;
    if (this.n === 0) {
      this.n = other.n;
      this.meanValue = other.meanValue;
      this.m2 = other.m2;
    } else {
      const n = this.n + other.n;
      const delta = other.meanValue - this.meanValue;
      this.meanValue += (delta * other.n) / n;
      this.m2 += other.m2 + (delta * delta * this.n * other.n) / n;
      this.n = n;
    }
    if (other.minValue < this.minValue) this.minValue = other.minValue;
    if (other.maxValue > this.maxValue) this.maxValue = other.maxValue;
  }

  reset(): void {
    this.n = 0;
    this.meanValue = 0;
    this.m2 = 0;
    this.minValue = Number.POSITIVE_INFINITY;
    this.maxValue = Number.NEGATIVE_INFINITY;
  }
}
