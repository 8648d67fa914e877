import type { Destination } from './balancer.js';

/**
 * Small predicates and measures over destination state, shared by the schedulers. Kept apart from
 * `balancer.ts` so scheduler files import only types from it (no module cycle with the registry).
 */

/** up, weight > 0 and not overloaded: the rule every scheduler applies before its own. */
export function isAvailable(d: Destination): boolean {
  return d.up && d.weight > 0 && !d.overloaded;
}

/**
 * IPVS `ip_vs_dest_conn_overhead()` (include/net/ip_vs.h): activeconns << 8 + inactconns, i.e. an
 * active connection is assumed to cost 256 inactive ones.
 */
export function connOverhead(d: Destination): number {
  return d.activeConns * 256 + d.inactiveConns;
}

export function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Per-destination maxconn limits (0 = unlimited) from `BalancerOptions.maxConn`. */
export function maxConnTable(count: number, maxConn: number | readonly number[] | undefined): Float64Array {
  const table = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const m = typeof maxConn === 'number' ? maxConn : (maxConn?.[i] ?? 0);
    if (!(m >= 0) || !Number.isInteger(m)) throw new RangeError(`maxConn[${i}] must be a non-negative integer, got ${m}`);
    table[i] = m;
  }
  return table;
}

/**
 * haproxy's "server has a free slot" test (backend.c / lb_*.c): no maxconn, or no request queued
 * on it and fewer served connections than maxconn. `minconn`/dynamic maxconn is not modelled.
 */
export function hasFreeSlot(d: Destination, maxConn: number): boolean {
  return maxConn === 0 || (d.queued === 0 && d.activeConns < maxConn);
}
