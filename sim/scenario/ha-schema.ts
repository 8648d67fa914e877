import * as z from 'zod';
import type { CheckSpec } from '../failure/health-check.js';
import { haproxyCheck, keepalivedCheck } from '../failure/health-check.js';
import type { HaSpec } from '../failure/front-end-ha.js';
import { advertIntervalProblem } from '../failure/vrrp-timing.js';
import { count, duration, integer, toNs } from './quantities.js';

/** VRRP priority 255 is reserved for the router that owns the virtual address (RFC 5798 §5.2.4). */
export const VRRP_OWNER_PRIORITY = 255;

/**
 * Health checks a front end runs against the real servers (docs/failure.md §2), in haproxy's or
 * keepalived's terms. Absent: no checks (a failed server keeps its share until a fault ends).
 * Defaults are each product's own (docs/sources.md §3.3, §4).
 */
const MAX_CHECK_NS = 3600e9;
/** Check and advertisement periods: from `minNs` (1 ms for checks) to 1 h. */
const checkDuration = (minNs: number) => duration({ minNs, maxNs: MAX_CHECK_NS });
const times = count(100);

export const healthCheckSchema = z.discriminatedUnion('style', [
  z.strictObject({
    style: z.literal('haproxy'),
    inter: checkDuration(1e6).optional().describe('time between checks while the server is fully up (default 2s)'),
    fastInter: checkDuration(1e6).optional().describe('between checks while going up or down (default inter)'),
    downInter: checkDuration(1e6).optional().describe('between checks while down (default fastInter)'),
    fall: times.optional().describe('consecutive failures to mark down, 1..100 (default 3)'),
    rise: times.optional().describe('consecutive successes to mark up, 1..100 (default 2)'),
    timeout: checkDuration(1e6).optional().describe('a check with no answer fails after this (default inter)'),
  }),
  z.strictObject({
    style: z.literal('keepalived'),
    delayLoop: checkDuration(1e6).optional().describe('time between checks (default 60s)'),
    connectTimeout: checkDuration(1e6).optional().describe('a connect with no answer fails after this (default 5s)'),
    retry: integer(0, 100).optional().describe('failed connects retried before removing the server, 0..100 (default 1)'),
    delayBeforeRetry: checkDuration(1e6).optional().describe('between retries (default 1s)'),
  }),
]).describe('health checks of the real servers by each front end (absent: none)');

export type HealthCheckInput = z.infer<typeof healthCheckSchema>;

export function normalizeHealthCheck(input: HealthCheckInput | undefined): CheckSpec | null {
  if (input === undefined) return null;
  const ns = (v: string | number | undefined) => (v === undefined ? undefined : toNs(v));
  if (input.style === 'haproxy') {
    const o: Record<string, number> = {};
    const put = (k: string, v: number | undefined) => {
      if (v !== undefined) o[k] = v;
    };
    put('interNs', ns(input.inter));
    put('fastInterNs', ns(input.fastInter));
    put('downInterNs', ns(input.downInter));
    put('fall', input.fall);
    put('rise', input.rise);
    put('timeoutNs', ns(input.timeout));
    return haproxyCheck(o);
  }
  const o: Record<string, number> = {};
  if (input.delayLoop !== undefined) o.delayLoopNs = toNs(input.delayLoop);
  if (input.connectTimeout !== undefined) o.connectTimeoutNs = toNs(input.connectTimeout);
  if (input.retry !== undefined) o.retry = input.retry;
  if (input.delayBeforeRetry !== undefined) o.delayBeforeRetryNs = toNs(input.delayBeforeRetry);
  return keepalivedCheck(o);
}

/**
 * Front-end boxes in VRRP groups (docs/failure.md §1, §3): `priorities` has one entry per box of
 * a group, so `topology.frontEnd.count` must be a multiple of its length; clients spread over the
 * groups' virtual addresses. `sync` runs the IPVS sync daemon between the directors of a group.
 */
export const haSchema = z.strictObject({
  vrrp: z.strictObject({
    version: z.union([z.literal(2), z.literal(3)]).optional().describe('VRRP version (default 2, keepalived\'s)'),
    advertInterval: checkDuration(1e7).optional().describe('advertisement interval (default 1s; v2: whole seconds, v3: whole centiseconds)'),
    priorities: z.array(integer(1, VRRP_OWNER_PRIORITY)).min(2).max(8)
      .describe(`priority of each box of a group: 1..254, or ${VRRP_OWNER_PRIORITY} for the one box that owns the address (RFC 5798 §5.2.4), e.g. [150, 100]`),
    preempt: z.boolean().optional().describe('a better box that comes back takes the address back (default true)'),
    preemptDelay: duration({ maxNs: 1000e9 }).optional().describe('keepalived preempt_delay, 0..1000s (default 0)'),
    garp: z.strictObject({
      count: count(100).optional().describe('gratuitous ARPs per burst (default 5)'),
      secondBurst: duration({ maxNs: 3600e9 }).optional().describe('delay of the second burst, 0..1h, 0: none (default 5s)'),
      refresh: duration({ maxNs: 3600e9 }).optional().describe('period of refresh bursts, 0..1h, 0: none (default 0)'),
    }).optional(),
  }),
  sync: z.union([z.boolean(), z.strictObject({
    threshold: integer(0, 10_000).optional().describe('sync_threshold (default 3)'),
    period: integer(0, 10_000).optional().describe('sync_period (default 50; 0: sync once)'),
  })]).optional().describe('IPVS connection sync between the directors of a group (default false)'),
}).describe('high availability of the front ends (absent: single boxes, no failover)');

export type HaInput = z.infer<typeof haSchema>;

export function normalizeHa(input: HaInput | undefined, frontEnds: number, issue: (path: (string | number)[], message: string) => void): HaSpec | null {
  if (input === undefined) return null;
  const v = input.vrrp;
  const version = v.version ?? 2;
  const advertIntervalNs = toNs(v.advertInterval ?? '1s');
  const problem = advertIntervalProblem(version, advertIntervalNs);
  if (problem !== null) issue(['ha', 'vrrp', 'advertInterval'], problem);
  if (frontEnds % v.priorities.length !== 0) {
    issue(['ha', 'vrrp', 'priorities'], `${v.priorities.length} boxes per group, but topology.frontEnd.count is ${frontEnds}: it must be a multiple`);
  }
  const owners = v.priorities.filter((p) => p === VRRP_OWNER_PRIORITY).length;
  if (owners > 1) issue(['ha', 'vrrp', 'priorities'], `${owners} boxes with priority ${VRRP_OWNER_PRIORITY}: only the one box that owns the address may have it; give the others 1..254`);
  const preemptDelayNs = toNs(v.preemptDelay ?? 0);
  const garpNs = (value: string | number | undefined, fallback: number) => (value === undefined ? fallback : toNs(value));
  const sync = input.sync === undefined || input.sync === false ? null
    : input.sync === true ? { threshold: 3, period: 50 }
    : { threshold: input.sync.threshold ?? 3, period: input.sync.period ?? 50 };
  if (sync !== null && sync.period > 0 && sync.threshold >= sync.period) issue(['ha', 'sync', 'threshold'], `must be below period (${sync.period}): the rule is count mod period = threshold`);
  return {
    vrrp: {
      version,
      advertIntervalNs,
      priorities: v.priorities,
      preempt: v.preempt ?? true,
      preemptDelayNs,
      garp: { count: v.garp?.count ?? 5, secondBurstNs: garpNs(v.garp?.secondBurst, 5e9), refreshNs: garpNs(v.garp?.refresh, 0) },
    },
    sync,
  };
}
