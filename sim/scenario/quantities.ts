import * as z from 'zod';
import { parseDurationNs, parseRateBps, parseSizeBytes } from '../engine/time.js';

/**
 * Schema pieces for quantities with units. A scenario writes "250us", "10Gbps", "64KiB"; the
 * schema checks the text parses (so the error names the field's path) and normalize converts it.
 * A bare number is accepted where the unit is unambiguous: bytes for sizes, seconds for durations.
 */
function unitChecked(parse: (text: string) => number, kind: string, example: string, min = 0) {
  return z
    .union([z.number(), z.string()])
    .superRefine((value, ctx) => {
      let parsed: number;
      try {
        parsed = typeof value === 'number' ? value : parse(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return;
      }
      if (!Number.isFinite(parsed) || parsed < min) {
        ctx.addIssue({ code: 'custom', message: `${kind} must be ${min === 0 ? '≥ 0' : `≥ ${min}`}, got ${JSON.stringify(value)}` });
      }
    })
    .describe(`${kind}, e.g. ${example}`);
}

export const durationSchema = unitChecked((t) => parseDurationNs(t), 'duration', '"250us", "2ms", "30s"');
export const positiveDurationSchema = unitChecked((t) => parseDurationNs(t), 'duration', '"250us", "2ms", "30s"', 1);
export const sizeSchema = unitChecked(parseSizeBytes, 'size', '"1500B", "64KiB", "5GiB"');
export const rateSchema = unitChecked(parseRateBps, 'rate', '"10Gbps", "100Mbps"', 1);

export type Duration = z.infer<typeof durationSchema>;

/** Durations given as bare numbers are seconds. */
export function toNs(value: number | string): number {
  return typeof value === 'number' ? Math.round(value * 1e9) : parseDurationNs(value);
}

export function toBytes(value: number | string): number {
  return typeof value === 'number' ? value : parseSizeBytes(value);
}

export function toBps(value: number | string): number {
  return typeof value === 'number' ? value : parseRateBps(value);
}

/** A distribution whose values carry a unit (sizes or durations), as written in a scenario. */
export function distributionSchema(quantity: typeof sizeSchema): z.ZodType {
  const dist: z.ZodType = z.lazy(() =>
    z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('constant'), value: quantity }),
      z.strictObject({ kind: z.literal('uniform'), min: quantity, max: quantity }),
      z.strictObject({ kind: z.literal('exponential'), mean: quantity }),
      z.strictObject({ kind: z.literal('lognormal'), mean: quantity, cv: z.number().positive(), max: quantity.optional() }),
      z.strictObject({ kind: z.literal('bounded-pareto'), alpha: z.number().positive(), min: quantity, max: quantity }),
      z.strictObject({
        kind: z.literal('empirical'),
        points: z.array(z.tuple([quantity, z.number().min(0).max(1)])).min(1),
      }),
      z.strictObject({
        kind: z.literal('mixture'),
        parts: z.array(z.strictObject({ weight: z.number().positive(), dist })).min(1),
      }),
    ]),
  );
  return dist;
}
