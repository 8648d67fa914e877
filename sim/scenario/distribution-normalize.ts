import type { DistributionSpec } from '../engine/distributions.js';

/** A scenario quantity as written: a number, or a string with a unit. */
export type Raw = number | string;
type RawDist = { kind: string; [k: string]: unknown };
type Issue = (path: (string | number)[], message: string) => void;

/**
 * A distribution as the schema read it, its values converted by `conv` (to ns or bytes), with the
 * checks the schema cannot make on one field (min below max, cumulative points non-decreasing and
 * ending at 1) reported through `issue` at `path`.
 */
export function distributionOf(d: unknown, conv: (v: Raw) => number, path: (string | number)[], issue: Issue): DistributionSpec {
  const raw = d as RawDist;
  switch (raw.kind) {
    case 'constant': return { kind: 'constant', value: conv(raw.value as Raw) };
    case 'uniform': {
      const min = conv(raw.min as Raw), max = conv(raw.max as Raw);
      if (min > max) issue([...path, 'max'], `uniform max (${max}) is below min (${min})`);
      return { kind: 'uniform', min, max };
    }
    case 'exponential': return { kind: 'exponential', mean: conv(raw.mean as Raw) };
    case 'lognormal': {
      const spec = { kind: 'lognormal' as const, mean: conv(raw.mean as Raw), cv: raw.cv as number };
      return raw.max === undefined ? spec : { ...spec, max: conv(raw.max as Raw) };
    }
    case 'bounded-pareto': {
      const min = conv(raw.min as Raw), max = conv(raw.max as Raw);
      if (!(min > 0 && min < max)) issue([...path, 'min'], `bounded-pareto needs 0 < min < max, got min=${min}, max=${max}`);
      return { kind: 'bounded-pareto', alpha: raw.alpha as number, min, max };
    }
    case 'empirical': {
      const points = (raw.points as [Raw, number][]).map(([v, f]) => [conv(v), f] as const);
      points.forEach(([v, f], i) => {
        const prev = points[i - 1];
        if (prev && (f < prev[1] || v < prev[0])) issue([...path, 'points', i], 'empirical points must be non-decreasing in value and probability');
      });
      if (points[points.length - 1]![1] !== 1) issue([...path, 'points'], 'the last cumulative probability must be 1');
      return { kind: 'empirical', points };
    }
    default: {
      const parts = (raw.parts as { weight: number; dist: unknown }[]).map((p, i) => ({
        weight: p.weight,
        dist: distributionOf(p.dist, conv, [...path, 'parts', i, 'dist'], issue),
      }));
      return { kind: 'mixture', parts };
    }
  }
}
