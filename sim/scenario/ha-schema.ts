import * as z from 'zod';
import type { CheckSpec } from '../failure/health-check.js';
import { haproxyCheck, keepalivedCheck } from '../failure/health-check.js';
import { durationSchema, toNs } from './quantities.js';

/**
 * Health checks a front end runs against the real servers (docs/failure.md §2), in haproxy's or
 * keepalived's terms. Absent: no checks (a failed server keeps its share until a fault ends).
 * Defaults are each product's own (docs/sources.md §3.3, §4).
 */
const MAX_CHECK_NS = 3600e9;
const checkDuration = (minNs: number) => durationSchema.superRefine((v, ctx) => {
  const ns = toNs(v);
  if (ns < minNs || ns > MAX_CHECK_NS) ctx.addIssue({ code: 'custom', message: `must be from ${minNs / 1e6} ms to 1 h, got ${JSON.stringify(v)}` });
});
const times = z.number().int().min(1).max(100);

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
    retry: z.number().int().min(0).max(100).optional().describe('failed connects retried before removing the server, 0..100 (default 1)'),
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
