import { NS_PER_MS } from '../engine/time.js';
import { LATENCY_STATS, type LatencyStat, type LatencySummaryMs } from '../result.js';
import { LatencyHistogram } from './histogram.js';

/**
 * Latency over every request issued in the window, with right-censoring (docs/results.md):
 * completed requests are exact; a failed, timed-out or unfinished request is recorded at its age
 * when it closed (or when the run ended), a lower bound of the time it would have taken to
 * succeed. Every statistic computed over both kinds is therefore a lower bound of the truth.
 *
 * A statistic is flagged `censored` (reported as `> value`) when censored requests may raise it:
 *  - more than CENSORED_SHOWN_ABOVE (1 %) of the requests are censored and some censored age is at
 *    or below the value (the mean and the max: whenever more than 1 % are censored); or
 *  - for a quantile p < 1, fewer than ⌈p·n⌉ requests completed: the rank falls among censored
 *    values, so the quantile has no finite upper bound, however few requests were censored.
 * Otherwise the censored requests (≤ 1 %, all above the value or too few to reach its rank) can
 * shift a quantile by at most 1 % of ranks, and the value is shown as is.
 */
export const CENSORED_SHOWN_ABOVE = 0.01;

const QUANTILES: Readonly<Record<Exclude<LatencyStat, 'mean' | 'max'>, number>> = { p50: 0.5, p90: 0.9, p99: 0.99, p999: 0.999 };

export class CensoredLatency {
  private readonly all = new LatencyHistogram();
  private exact = 0;
  private censoredCount = 0;
  private minCensoredNs = Number.POSITIVE_INFINITY;

  /** A request completed after `latencyNs`. */
  recordExact(latencyNs: number): void {
    this.all.record(latencyNs);
    this.exact++;
  }

  /** A request had no successful response `ageNs` after it was issued (failed, timed out, unfinished). */
  recordCensored(ageNs: number): void {
    this.all.record(ageNs);
    this.censoredCount++;
    if (ageNs < this.minCensoredNs) this.minCensoredNs = ageNs;
  }

  get count(): number {
    return this.all.count;
  }

  get censored(): number {
    return this.censoredCount;
  }

  summaryMs(): LatencySummaryMs {
    const n = this.all.count;
    const fraction = n > 0 ? this.censoredCount / n : 0;
    const heavy = fraction > CENSORED_SHOWN_ABOVE;
    const flags = Object.fromEntries(LATENCY_STATS.map((s) => [s, false])) as Record<LatencyStat, boolean>;
    if (n === 0) return { mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, censoredFraction: 0, censored: flags };
    const values = { mean: this.all.mean, max: this.all.max } as Record<LatencyStat, number>;
    flags.mean = heavy;
    flags.max = heavy;
    for (const [stat, p] of Object.entries(QUANTILES) as [keyof typeof QUANTILES, number][]) {
      const q = this.all.quantile(p);
      values[stat] = q;
      const reachable = this.minCensoredNs <= q;
      flags[stat] = reachable && (heavy || Math.max(1, Math.ceil(p * n)) > this.exact);
    }
    const ms = (stat: LatencyStat) => values[stat] / NS_PER_MS;
    return {
      mean: ms('mean'), p50: ms('p50'), p90: ms('p90'), p99: ms('p99'), p999: ms('p999'), max: ms('max'),
      censoredFraction: fraction,
      censored: flags,
    };
  }
}
