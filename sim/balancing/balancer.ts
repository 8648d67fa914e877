import type { BalancerName } from './registry.js';

/**
 * The scheduler interface shared by every balancer (IPVS schedulers, haproxy `balance`
 * algorithms, client-side random choice).
 *
 *   caller keeps Destination fields current ──► pick(ctx) ──► index (or -1)
 *   caller changes weight / up ──► membershipChanged() ──► tables and wrr state rebuilt
 *
 * A destination is *available* when `up && weight > 0 && !overloaded` (see `isAvailable`). Every
 * balancer skips unavailable destinations; some may also return -1 while destinations are
 * available (hash schedulers whose slot owner is unavailable, `ovf` when all are over their
 * weight, haproxy algorithms with `maxConn` when every slot is taken: haproxy then queues the
 * request in the backend queue).
 *
 * IPVS mapping: `up = false` means the real server is absent from the service list (keepalived's
 * default on a failed check removes it); `weight = 0` is a quiesced server that stays in the list
 * (keepalived's `inhibit_on_failure`). Hash tables treat the two differently, as the kernel does.
 */
export interface Destination {
  /** Position in the list, stable for the life of the balancer. */
  readonly index: number;
  readonly id: string;
  /** ≥ 0; 0 = quiesced (never picked). */
  weight: number;
  /** false = failed / removed by health checks (never picked). */
  up: boolean;
  /** Maintained by the caller (IPVS: ESTABLISHED entries; haproxy: current connections). */
  activeConns: number;
  /** IPVS: non-established entries still in the connection table. */
  inactiveConns: number;
  /** IPVS IP_VS_DEST_F_OVERLOAD (upper threshold reached); set by the caller. */
  overloaded: boolean;
  /** haproxy: requests queued for this server (leastconn counts them). */
  queued: number;
}

export interface PickContext {
  /** 32-bit unsigned: client IP (sh, mh, haproxy-source). */
  readonly sourceKey: number;
  /** 32-bit unsigned: destination IP or object key (dh). */
  readonly destKey: number;
  /** 32-bit unsigned: the request's object/URI hash (haproxy-uri). */
  readonly hashKey: number;
}

export interface Balancer {
  readonly name: BalancerName;
  /** Index of the chosen destination, or -1 when none is available. Does not allocate. */
  pick(ctx: PickContext): number;
  /** Call after any change of weight/up (hash tables, wrr state are rebuilt here, not per pick). */
  membershipChanged(): void;
}

export interface BalancerOptions {
  /** mh: prime lookup-table size (kernel `IP_VS_MH_TAB_INDEX` = 12 gives 4093). */
  readonly mhTableSize?: number;
  /** sh / dh: table size as a power of two (kernel `IP_VS_SH_TAB_BITS` / `IP_VS_DH_TAB_BITS`, default 8). */
  readonly hashTableBits?: number;
  /**
   * sh / mh: the `sh-fallback` / `mh-fallback` service flags. When the hashed destination is
   * unavailable, probe further slots instead of returning -1. Default false, as in the kernel.
   */
  readonly fallback?: boolean;
  /** haproxy-random: number of draws, haproxy `random(<draws>)`; default 2. */
  readonly draws?: number;
  /**
   * haproxy algorithms: server `maxconn`, one value for all or one per destination (0 or absent =
   * unlimited). A server is full when `activeConns >= maxConn` or it has queued requests.
   */
  readonly maxConn?: number | readonly number[];
  /** haproxy-source / haproxy-uri: `hash-type map-based avalanche` (mix the key before the modulo). */
  readonly hashAvalanche?: boolean;
}

export { makeBalancer } from './registry.js';
export { isAvailable } from './dest-state.js';

export { DestinationTable, makeDestinations, tableOf } from './destination-table.js';
