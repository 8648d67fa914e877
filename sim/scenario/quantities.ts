import * as z from 'zod';
import { DURATION_UNITS, NS_PER_S, RATE_UNITS, SIZE_UNITS, parseDurationNs, parseRateBps, parseSizeBytes } from '../engine/time.js';

/**
 * The domains every number in a scenario lives in (see the conventions at the top of schema.ts).
 * Build each field from these helpers so that a value that passes validation can always be run:
 * finite, inside bounds a real system has, an integer where the real system counts.
 *
 * Quantities with units ("250us", "10Gbps", "64KiB") are checked here (so the error names the
 * field's path) and converted by normalize. A bare number is accepted only where its unit is
 * unambiguous and conventional: seconds for durations, bytes for sizes. A rate always needs a unit
 * (`nic: 40` would be 40 bit/s, never what was meant).
 */

/**
 * Largest duration any field may hold: 10 days. Simulated time is an integer of nanoseconds,
 * exact to 2^53 ns (about 104 days); with every duration at most a tenth of that, the sums the
 * model forms (run length + timeouts + FIN timeout + TTLs) stay exact.
 */
export const MAX_DURATION_NS = 10 * 86_400 * NS_PER_S;
/** Rates: 1 kbit/s (slower links are out of scope) to 1 Pbit/s ("ample", for links a study wants out of the way). */
export const MIN_RATE_BPS = 1e3;
export const MAX_RATE_BPS = 1e15;
/** Sizes: up to 1 TiB (Swift's own object limit is 5 GiB; larger objects are segmented). */
export const MAX_SIZE_BYTES = 2 ** 40;
/** Relative weights (method mixes, cache mixes, mixture parts): any finite value up to this. */
export const MAX_RELATIVE_WEIGHT = 1e6;

function show(n: number): string {
  return n === 2 ** 32 - 1 ? '2^32-1' : Math.abs(n) >= 1e7 ? n.toExponential().replace('e+', 'e') : String(n);
}

/** An integer in [min, max] (counts, cores, scheduler weights). */
export function integer(min: number, max: number) {
  const error = `must be an integer in ${show(min)}..${show(max)}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** A whole count of things, 1..max. */
export function count(max: number) {
  return integer(1, max);
}

/** A finite real number in [min, max]. */
export function real(min: number, max: number) {
  const error = `must be a number in ${show(min)}..${show(max)}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}

/** A finite real number in (0, max]. */
export function positive(max: number) {
  const error = `must be a number above 0, at most ${show(max)}`;
  return z.number({ error }).positive({ error }).max(max, { error });
}

/** A probability or fraction, 0..1. */
export const ratio = real(0, 1);

/** A relative weight, 0..MAX_RELATIVE_WEIGHT (the set of weights is normalised by its sum). */
export const relativeWeight = real(0, MAX_RELATIVE_WEIGHT);

/** A strictly positive relative weight. */
export const positiveWeight = positive(MAX_RELATIVE_WEIGHT);

/**
 * JSON Schema fragments for the unit-checked fields (zod cannot express a parse-then-range check),
 * keyed by the schema's definition object, which `.describe()` and `.meta()` clones share.
 */
const jsonSchemaFragments = new WeakMap<object, Record<string, unknown>>();

export function jsonSchemaFragment(schema: { _zod: { def: object } }): Record<string, unknown> | undefined {
  return jsonSchemaFragments.get(schema._zod.def);
}

/** Shows `schema` in `lbsim schema` as `fragment` (for fields checked outside zod, such as costs). */
export function withJsonSchema<T extends { _zod: { def: object } }>(schema: T, fragment: Record<string, unknown>): T {
  jsonSchemaFragments.set(schema._zod.def, fragment);
  return schema;
}

const NUMBER = '[+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?';
function unitPattern(units: Readonly<Record<string, number>>, unitOptional: boolean): string {
  return `^\\s*${NUMBER}\\s*(?:${Object.keys(units).join('|')})${unitOptional ? '?' : ''}\\s*$`;
}

interface QuantitySpec {
  readonly kind: 'duration' | 'size' | 'rate';
  readonly units: Readonly<Record<string, number>>;
  /** Text → base unit (ns, bytes, bit/s). */
  readonly parse: (text: string) => number;
  /** Bare number → base unit, or null when a bare number is refused. */
  readonly bare: ((value: number) => number) | null;
  readonly format: (base: number) => string;
  readonly examples: readonly string[];
}

/** A bound in the largest unit that keeps it short: 0s, 1ns, 1us, 10ms, 60s, 240h. */
function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  if (ns >= 3600 * NS_PER_S && ns % (3600 * NS_PER_S) === 0) return `${ns / 3600 / NS_PER_S}h`;
  if (ns >= NS_PER_S) return `${ns / NS_PER_S}s`;
  if (ns >= 1e6) return `${ns / 1e6}ms`;
  if (ns >= 1e3) return `${ns / 1e3}us`;
  return `${ns}ns`;
}

const DURATION: QuantitySpec = {
  kind: 'duration', units: DURATION_UNITS, parse: parseDurationNs, bare: (s) => Math.round(s * NS_PER_S),
  format: formatDuration, examples: ['250us', '2ms', '30s'],
};
const SIZE: QuantitySpec = {
  kind: 'size', units: SIZE_UNITS, parse: parseSizeBytes, bare: (b) => b,
  format: (b) => (b === MAX_SIZE_BYTES ? '1TiB' : `${b}B`), examples: ['1500B', '64KiB', '5GiB'],
};
const RATE: QuantitySpec = {
  kind: 'rate', units: RATE_UNITS, parse: parseRateBps, bare: null,
  format: (bps) => (bps >= 1e12 ? `${bps / 1e12}Tbps` : bps >= 1e9 ? `${bps / 1e9}Gbps` : `${bps / 1e3}kbps`), examples: ['100Mbps', '10Gbps', '40Gbps'],
};

function quantity(spec: QuantitySpec, min: number, max: number, description: string) {
  const range = `${spec.format(min)}..${spec.format(max)}`;
  const schema = z
    .union([z.number(), z.string()])
    .superRefine((value, ctx) => {
      let base: number;
      if (typeof value === 'number' && spec.bare === null) {
        ctx.addIssue({ code: 'custom', message: `a ${spec.kind} needs a unit, e.g. "${value}${spec.kind === 'rate' ? 'Gbps' : ''}"; allowed units: ${Object.keys(spec.units).join(', ')}` });
        return;
      }
      try {
        base = typeof value === 'number' ? spec.bare!(value) : spec.parse(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return;
      }
      if (!Number.isFinite(base) || base < min || base > max) {
        ctx.addIssue({ code: 'custom', message: `${spec.kind} must be within ${range}` });
      }
    })
    .describe(description);
  const text = { type: 'string', pattern: unitPattern(spec.units, spec.kind === 'size') };
  const bareMax = spec.kind === 'duration' ? max / NS_PER_S : max;
  const bareMin = spec.kind === 'duration' ? min / NS_PER_S : min;
  jsonSchemaFragments.set(schema._zod.def, {
    description,
    anyOf: spec.bare === null ? [text] : [{ type: 'number', minimum: bareMin, maximum: bareMax }, text],
    examples: [...spec.examples],
  });
  return schema;
}

/** A duration in [minNs, maxNs]; a bare number is seconds. */
export function duration(opts: { minNs?: number; maxNs?: number } = {}) {
  return quantity(DURATION, opts.minNs ?? 0, opts.maxNs ?? MAX_DURATION_NS,
    `duration, e.g. "250us", "2ms", "30s" (units ${Object.keys(DURATION_UNITS).join(', ')}; a bare number is seconds)`);
}

/** A size in [minBytes, maxBytes]; a bare number is bytes. */
export function size(opts: { minBytes?: number; maxBytes?: number } = {}) {
  return quantity(SIZE, opts.minBytes ?? 0, opts.maxBytes ?? MAX_SIZE_BYTES,
    `size, e.g. "1500B", "64KiB", "5GiB" (units ${Object.keys(SIZE_UNITS).join(', ')}; a bare number is bytes)`);
}

/** A link rate in [minBps, maxBps]; always with a unit. */
export function rate(opts: { minBps?: number; maxBps?: number } = {}) {
  return quantity(RATE, opts.minBps ?? MIN_RATE_BPS, opts.maxBps ?? MAX_RATE_BPS,
    `rate in bits per second, always with a unit, e.g. "100Mbps", "10Gbps" (units ${Object.keys(RATE_UNITS).join(', ')})`);
}

export const durationSchema = duration();
export const positiveDurationSchema = duration({ minNs: 1 });
export const sizeSchema = size();
export const rateSchema = rate();

export type Duration = z.infer<typeof durationSchema>;

/** Durations given as bare numbers are seconds. */
export function toNs(value: number | string): number {
  return typeof value === 'number' ? Math.round(value * NS_PER_S) : parseDurationNs(value);
}

export function toBytes(value: number | string): number {
  return typeof value === 'number' ? value : parseSizeBytes(value);
}

/** Rates are validated to carry a unit; a number here is already bits per second (profile defaults). */
export function toBps(value: number | string): number {
  return typeof value === 'number' ? value : parseRateBps(value);
}

/** A distribution whose values carry a unit (sizes or durations), as written in a scenario. */
export function distributionSchema(quantity: z.ZodType): z.ZodType {
  const dist: z.ZodType = z.lazy(() =>
    z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('constant'), value: quantity }),
      z.strictObject({ kind: z.literal('uniform'), min: quantity, max: quantity }),
      z.strictObject({ kind: z.literal('exponential'), mean: quantity }),
      z.strictObject({
        kind: z.literal('lognormal'),
        mean: quantity,
        cv: positive(100).describe('coefficient of variation, (0, 100]'),
        max: quantity.optional(),
      }),
      z.strictObject({ kind: z.literal('bounded-pareto'), alpha: positive(100).describe('tail index, (0, 100]'), min: quantity, max: quantity }),
      z.strictObject({
        kind: z.literal('empirical'),
        points: z.array(z.tuple([quantity, ratio])).min(1).max(10_000),
      }),
      z.strictObject({
        kind: z.literal('mixture'),
        parts: z.array(z.strictObject({ weight: positiveWeight, dist })).min(1).max(64),
      }),
    ]),
  );
  return dist;
}
