import type { RunResult } from '../../sim/result.js';
import { NS_PER_MS, parseDurationNs } from '../../sim/engine/time.js';
import { UsageError } from '../cli/errors.js';

/**
 * A service-level objective: `--slo p99=50ms,errors=0.1%`. A run meets it when every latency
 * quantile given is at or under its bound (over every request issued, those that never succeeded
 * at their age; a quantile flagged censored is only a lower bound and never meets a bound) and the error ratio
 * (failed + timedOut) / issued is at or under its bound. Keys not given are not constrained.
 * Whatever the SLO, a run that leaves more than MAX_UNFINISHED of its requests in flight at the
 * end has fallen behind its offered load and does not meet it: without this an errors-only SLO
 * would be "met" by an overloaded system whose backlog has not yet timed out.
 */
export const MAX_UNFINISHED = 0.1;

export const LATENCY_KEYS = ['p50', 'p90', 'p99', 'p999'] as const;
export type LatencyKey = (typeof LATENCY_KEYS)[number];

export interface Slo {
  /** As the user wrote it, for tables and files. */
  readonly text: string;
  readonly latencyMs: Readonly<Partial<Record<LatencyKey, number>>>;
  /** Fraction in [0, 1], or null when not constrained. */
  readonly maxErrorRatio: number | null;
}

export interface SloCheck {
  readonly meets: boolean;
  readonly errorRatio: number;
  /** What broke the SLO, e.g. "p99 61.2 ms > 50 ms"; empty when it is met. */
  readonly violations: readonly string[];
}

const ALLOWED = [...LATENCY_KEYS, 'errors'];

export function parseSlo(text: string | undefined): Slo {
  if (text === undefined || text.trim() === '') throw new UsageError('--slo: give at least one bound, e.g. --slo p99=50ms,errors=0.1%');
  const latencyMs: Partial<Record<LatencyKey, number>> = {};
  let maxErrorRatio: number | null = null;
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!ALLOWED.includes(key)) throw new UsageError(`--slo ${text}: unknown key "${key}"; allowed: ${ALLOWED.join(', ')}`);
    if (seen.has(key)) throw new UsageError(`--slo ${text}: "${key}" is given twice`);
    seen.add(key);
    if (value === '') throw new UsageError(`--slo ${text}: "${key}" has no value, e.g. ${key === 'errors' ? 'errors=0.1%' : `${key}=50ms`}`);
    if (key === 'errors') {
      const m = /^(\d+(?:\.\d*)?|\.\d+)%$/.exec(value);
      if (m === null) throw new UsageError(`--slo ${text}: errors=${value} is not a percentage; write it with %, e.g. errors=0.1%`);
      const percent = Number(m[1]);
      if (percent > 100) throw new UsageError(`--slo ${text}: errors=${value} is over 100%`);
      maxErrorRatio = percent / 100;
    } else {
      let ns: number;
      try {
        ns = parseDurationNs(value);
      } catch (err) {
        throw new UsageError(`--slo ${text}: ${key}=${value}: ${(err as Error).message}`);
      }
      if (!(ns > 0)) throw new UsageError(`--slo ${text}: ${key}=${value} must be a positive duration`);
      latencyMs[key as LatencyKey] = ns / NS_PER_MS;
    }
  }
  return { text, latencyMs, maxErrorRatio };
}

export function errorRatio(result: RunResult): number {
  const r = result.requests;
  return r.issued === 0 ? 0 : (r.failed + r.timedOut) / r.issued;
}

export function checkSlo(result: RunResult, slo: Slo): SloCheck {
  const violations: string[] = [];
  if (result.requests.completed === 0) violations.push('no request completed');
  for (const key of LATENCY_KEYS) {
    const bound = slo.latencyMs[key];
    const got = result.latencyMs[key];
    if (bound === undefined) continue;
    if (!(got <= bound)) violations.push(`${key} ${result.latencyMs.censored[key] ? '> ' : ''}${got.toFixed(2)} ms > ${bound} ms`);
    // A censored quantile is only a lower bound: under the bound proves nothing.
    else if (result.latencyMs.censored[key]) violations.push(`${key} > ${got.toFixed(2)} ms is censored (${(result.latencyMs.censoredFraction * 100).toFixed(1)} % never succeeded), so not shown to be ≤ ${bound} ms`);
  }
  const unfinished = result.requests.issued === 0 ? 0 : result.requests.unfinished / result.requests.issued;
  if (unfinished > MAX_UNFINISHED) violations.push(`overloaded: ${(unfinished * 100).toFixed(1)} % of requests unfinished at the end`);
  const ratio = errorRatio(result);
  if (slo.maxErrorRatio !== null && ratio > slo.maxErrorRatio) violations.push(`errors ${(ratio * 100).toFixed(3)} % > ${(slo.maxErrorRatio * 100).toString()} %`);
  return { meets: violations.length === 0, errorRatio: ratio, violations };
}
