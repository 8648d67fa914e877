/**
 * Simulated time is an integer number of nanoseconds held in a `number` (exact up to 2^53 ns,
 * about 104 days). Unit strings are parsed here, once, at the scenario boundary; nothing inside
 * the engine or the models ever sees a unit string.
 */

export const NS_PER_US = 1_000;
export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;

/** Both micro signs are accepted: µ (U+00B5, what keyboards type) and μ (U+03BC, Greek mu). */
export const DURATION_UNITS: Readonly<Record<string, number>> = {
  ns: 1, us: NS_PER_US, 'µs': NS_PER_US, 'μs': NS_PER_US, ms: NS_PER_MS, s: NS_PER_S, min: 60 * NS_PER_S, h: 3600 * NS_PER_S,
};

/** Bits per second. SI prefixes, as network rates are quoted. */
export const RATE_UNITS: Readonly<Record<string, number>> = {
  bps: 1, Kbps: 1e3, kbps: 1e3, Mbps: 1e6, Gbps: 1e9, Tbps: 1e12,
};

/** Bytes. SI and IEC prefixes both accepted, and they differ on purpose (64KB = 64000, 64KiB = 65536). */
export const SIZE_UNITS: Readonly<Record<string, number>> = {
  B: 1, KB: 1e3, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4,
};

export class UnitError extends Error {}

const QUANTITY = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-z\u00b5\u03bc/]*)\s*$/;

function parseQuantity(text: string, units: Readonly<Record<string, number>>, kind: string, bareUnit?: string): number {
  const m = QUANTITY.exec(text);
  if (!m) throw new UnitError(`"${text}" is not a ${kind}; expected a number followed by one of ${Object.keys(units).join(', ')}`);
  const value = Number(m[1]);
  const unit = m[2] === '' ? bareUnit : m[2];
  if (unit === undefined) throw new UnitError(`"${text}" has no unit; a ${kind} needs one of ${Object.keys(units).join(', ')}`);
  const factor = units[unit];
  if (factor === undefined) throw new UnitError(`unknown ${kind} unit "${unit}" in "${text}"; allowed: ${Object.keys(units).join(', ')}`);
  return value * factor;
}

/** "250us" → 250000. Rounded to the nearest nanosecond: the one rounding rule for durations. */
export function parseDurationNs(text: string): number {
  return Math.round(parseQuantity(text, DURATION_UNITS, 'duration'));
}

/** "10Gbps" → 1e10 bits per second. */
export function parseRateBps(text: string): number {
  return parseQuantity(text, RATE_UNITS, 'rate');
}

/** "64KiB" → 65536 bytes. A bare number is bytes. */
export function parseSizeBytes(text: string): number {
  return parseQuantity(text, SIZE_UNITS, 'size', 'B');
}

/**
 * The one place that turns bytes on a wire into time: ceil, so that a transfer never finishes
 * before its last bit could have been sent (ns-3 DataRate::CalculateBytesTxTime rounds the same way).
 */
export function transmitNs(sizeBytes: number, rateBps: number): number {
  return Math.ceil((sizeBytes * 8 * NS_PER_S) / rateBps);
}

export function nsToSeconds(ns: number): number {
  return ns / NS_PER_S;
}

export function nsToMs(ns: number): number {
  return ns / NS_PER_MS;
}

export function formatNs(ns: number): string {
  if (ns >= NS_PER_S) return `${(ns / NS_PER_S).toFixed(3)}s`;
  if (ns >= NS_PER_MS) return `${(ns / NS_PER_MS).toFixed(3)}ms`;
  if (ns >= NS_PER_US) return `${(ns / NS_PER_US).toFixed(3)}us`;
  return `${ns}ns`;
}
