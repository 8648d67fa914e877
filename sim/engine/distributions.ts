import type { RandomStream } from './rng.js';

/**
 * Distributions as data. A spec is plain JSON (it comes from a scenario); `sampler(spec, rng)`
 * turns it into a function. Values are in whatever unit the field that holds the spec uses.
 */
export type DistributionSpec =
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'exponential'; readonly mean: number }
  | { readonly kind: 'lognormal'; readonly mean: number; readonly cv: number; readonly max?: number }
  | { readonly kind: 'bounded-pareto'; readonly alpha: number; readonly min: number; readonly max: number }
  | { readonly kind: 'empirical'; readonly points: readonly (readonly [value: number, cumulativeProbability: number])[] }
  | { readonly kind: 'mixture'; readonly parts: readonly { readonly weight: number; readonly dist: DistributionSpec }[] };

export type Sampler = () => number;
/** A spec made into a function of the stream it draws from (shared by every sampler of that spec). */
export type Draw = (rng: RandomStream) => number;

/** Standard normal by Box–Muller, using both uniforms each time (no cached spare: keeps draws per sample fixed at 2). */
function standardNormal(rng: RandomStream): number {
  const u1 = 1 - rng.next(); // (0, 1]: log is finite
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Draws by spec object: every sampler of one spec (a server's back-end latency, say, for each of
 * a thousand servers) shares one draw function and its constants, and owns only its stream (why:
 * each server's sampler is used about once per thousand requests, and what it reaches besides
 * its stream is then a cache line shared with the others, not one more of its own).
 */
const draws = new WeakMap<DistributionSpec, Draw>();

export function sampler(spec: DistributionSpec, rng: RandomStream): Sampler {
  const draw = drawOf(spec);
  return () => draw(rng);
}

export function drawOf(spec: DistributionSpec): Draw {
  let draw = draws.get(spec);
  if (draw === undefined) {
    draw = makeDraw(spec);
    draws.set(spec, draw);
  }
  return draw;
}

function makeDraw(spec: DistributionSpec): Draw {
  switch (spec.kind) {
    case 'constant': {
      const v = spec.value;
      return () => v;
    }
    case 'uniform': {
      const { min } = spec;
      const span = spec.max - spec.min;
      return (rng) => min + span * rng.next();
    }
    case 'exponential': {
      const mean = spec.mean;
      return (rng) => -mean * Math.log(1 - rng.next());
    }
    case 'lognormal': {
      // Parameters from the mean m and coefficient of variation cv: σ² = ln(1+cv²), µ = ln m − σ²/2.
      const sigma2 = Math.log(1 + spec.cv * spec.cv);
      const sigma = Math.sqrt(sigma2);
      const mu = Math.log(spec.mean) - sigma2 / 2;
      const max = spec.max ?? Number.POSITIVE_INFINITY;
      return (rng) => Math.min(max, Math.exp(mu + sigma * standardNormal(rng)));
    }
    case 'bounded-pareto': {
      // Inverse CDF of the Pareto(α) truncated to [L, H].
      const { alpha, min: L, max: H } = spec;
      const ratio = Math.pow(L / H, alpha);
      return (rng) => {
        const u = rng.next();
        return L / Math.pow(1 - u * (1 - ratio), 1 / alpha);
      };
    }
    case 'empirical': {
      // Piecewise-linear inverse CDF through (value, F) points; F is non-decreasing and ends at 1.
      const pts = spec.points;
      return (rng) => {
        const u = rng.next();
        let prevV = pts[0]![0];
        let prevF = 0;
        for (const [v, f] of pts) {
          if (u <= f) return f === prevF ? v : prevV + ((u - prevF) / (f - prevF)) * (v - prevV);
          prevV = v;
          prevF = f;
        }
        return prevV;
      };
    }
    case 'mixture': {
      const total = spec.parts.reduce((s, p) => s + p.weight, 0);
      const cumulative: number[] = [];
      let acc = 0;
      for (const p of spec.parts) cumulative.push((acc += p.weight / total));
      const parts = spec.parts.map((p) => drawOf(p.dist));
      return (rng) => {
        const u = rng.next();
        for (let i = 0; i < parts.length; i++) if (u < cumulative[i]!) return parts[i]!(rng);
        return parts[parts.length - 1]!(rng);
      };
    }
  }
}

/** Analytic mean of a spec (used by tests, by capacity estimates and to label reports). */
export function meanOf(spec: DistributionSpec): number {
  switch (spec.kind) {
    case 'constant': return spec.value;
    case 'uniform': return (spec.min + spec.max) / 2;
    case 'exponential': return spec.mean;
    case 'lognormal': return spec.mean; // exact only without a `max` cap
    case 'bounded-pareto': {
      const { alpha: a, min: L, max: H } = spec;
      if (a === 1) return (H * L / (H - L)) * Math.log(H / L);
      return (Math.pow(L, a) / (1 - Math.pow(L / H, a))) * (a / (a - 1)) * (1 / Math.pow(L, a - 1) - 1 / Math.pow(H, a - 1));
    }
    case 'empirical': {
      let m = 0, prevV = spec.points[0]![0], prevF = 0;
      for (const [v, f] of spec.points) { m += (f - prevF) * (v + prevV) / 2; prevV = v; prevF = f; }
      return m;
    }
    case 'mixture': {
      const total = spec.parts.reduce((s, p) => s + p.weight, 0);
      return spec.parts.reduce((s, p) => s + (p.weight / total) * meanOf(p.dist), 0);
    }
  }
}
