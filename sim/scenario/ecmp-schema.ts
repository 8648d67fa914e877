import * as z from 'zod';
import type { EcmpHashing } from '../failure/ecmp.js';
import { count, duration, integer, toNs } from './quantities.js';

/**
 * A tier of front ends behind ECMP (docs/failure.md §4): the `topology.frontEnd.count` boxes all
 * announce the one VIP and the router spreads flows over them by hashing each flow. Absent: each
 * client is tied to one box (or to a VRRP group with `ha`).
 *
 * Defaults (docs/sources.md §4.1): the router notices a crashed box after FRR bfdd's default
 * detection time, 3 × 300 ms = 900 ms; a box that stops cleanly withdraws its route at once.
 * IPVS only creates state on a SYN unless `net.ipv4.vs.sloppy_tcp` is 1 (kernel default 0).
 */
const MAX_DETECTION_NS = 600e9;

export const ecmpSchema = z.strictObject({
  hashing: z.enum(['mod-n', 'resilient']).describe('mod-n: hash mod live next hops; resilient: a bucket table where only a changed hop\'s buckets move'),
  buckets: count(65_536).optional().describe('resilient: buckets in the table, 1..65536 (default 1024, at least the number of boxes)'),
  detection: duration({ maxNs: MAX_DETECTION_NS }).optional().describe('from a box crashing (or being cut off) to the router removing it, up to 600s (default 900ms: BFD 3 × 300 ms)'),
  sloppyTcp: z.boolean().optional().describe('IPVS sloppy_tcp: a director schedules a mid-connection packet it has no entry for instead of resetting it (default false)'),
  sync: z.union([z.boolean(), z.strictObject({
    threshold: integer(0, 10_000).optional().describe('sync_threshold (default 3)'),
    period: integer(0, 10_000).optional().describe('sync_period (default 50; 0: sync once)'),
  })]).optional().describe('IPVS connection sync: every director multicasts its connections to all the others (default false)'),
}).describe('the front ends share the VIP behind an ECMP router (absent: no ECMP)');

export type EcmpInput = z.infer<typeof ecmpSchema>;

export interface EcmpSpec {
  readonly hashing: EcmpHashing;
  readonly buckets: number;
  readonly detectionNs: number;
  readonly sloppyTcp: boolean;
  readonly sync: { readonly threshold: number; readonly period: number } | null;
}

export function normalizeEcmp(input: EcmpInput | undefined, frontEnds: number, hasHa: boolean, issue: (path: (string | number)[], message: string) => void): EcmpSpec | null {
  if (input === undefined) return null;
  const path = ['topology', 'frontEnd', 'ecmp'];
  if (hasHa) issue(path, 'ECMP and VRRP (ha) are two ways to share the VIP; use one');
  if (frontEnds < 2) issue(path, `an ECMP tier needs at least 2 front ends, topology.frontEnd.count is ${frontEnds}`);
  if (input.buckets !== undefined && input.hashing !== 'resilient') issue([...path, 'buckets'], 'buckets apply to resilient hashing only');
  const buckets = Math.max(input.buckets ?? 1024, frontEnds);
  const detectionNs = toNs(input.detection ?? '900ms');
  const sync = input.sync === undefined || input.sync === false ? null
    : input.sync === true ? { threshold: 3, period: 50 }
    : { threshold: input.sync.threshold ?? 3, period: input.sync.period ?? 50 };
  if (sync !== null && sync.period > 0 && sync.threshold >= sync.period) issue([...path, 'sync', 'threshold'], `must be below period (${sync.period}): the rule is count mod period = threshold`);
  return { hashing: input.hashing, buckets, detectionNs, sloppyTcp: input.sloppyTcp ?? false, sync };
}
