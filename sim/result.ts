/**
 * The result contract (docs/results.md). Models never build this; the stats layer does, and the
 * reports read nothing else. All fields are plain JSON; names are camelCase with units in names
 * where a unit is not implied by the object (`latencyMs`).
 */
import type { ResourceKind } from './engine/resource.js';

export const MODES = ['rr-dns', 'client-side', 'l7-proxy', 'lvs-nat', 'lvs-tun', 'lvs-dr'] as const;
export type Mode = (typeof MODES)[number];

export interface RequestCounts {
  /**
   * Requests issued in the measured window (after warm-up, before its end). Each is counted in
   * exactly one of completed, failed, timedOut and inFlight, so always
   * issued = completed + failed + timedOut + inFlight.
   */
  readonly issued: number;
  /** A response reached the client within its deadline. */
  readonly completed: number;
  /** Refused somewhere on the way (no server, a full queue or table, a 503). */
  readonly failed: number;
  /**
   * The client gave up at its deadline: abandoned during the run, answered after the deadline, or
   * still open at the end and older than its deadline.
   */
  readonly timedOut: number;
  /** Still open at the end (after the drain) and younger than their deadline. */
  readonly inFlight: number;
  /**
   * Had no outcome at all when the run ended (after the drain), whatever their age: inFlight plus
   * the open ones already past their deadline (those are also in timedOut). So
   * inFlight ≤ unfinished ≤ inFlight + timedOut, and issued − completed = failed + timedOut + inFlight
   * counts every request that did not succeed exactly once.
   */
  readonly unfinished: number;
  /**
   * Retries sent by clients for requests issued in the window. A retry is a new attempt of the
   * same request, not a new issued request: issued and the identity above do not include it.
   */
  readonly retried: number;
}

export const LATENCY_STATS = ['mean', 'p50', 'p90', 'p99', 'p999', 'max'] as const;
export type LatencyStat = (typeof LATENCY_STATS)[number];

/**
 * Latency of every request issued in the window (see docs/results.md, "Censoring"): a completed
 * request at its latency; a failed, timed-out or unfinished one at its age when it closed or when
 * the run ended (censored: the time it would have taken to succeed is at least that). Each value is
 * therefore a lower bound; `censored[stat]` says when that bound may be far from the truth, and the
 * reports then print `> value`.
 */
export interface LatencySummaryMs {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  /** Censored requests (failed + timedOut + inFlight) over issued, in [0, 1]. */
  readonly censoredFraction: number;
  /** Per statistic: true when censored requests may raise it (the value is only a lower bound). */
  readonly censored: Readonly<Record<LatencyStat, boolean>>;
}

export interface ResourceResult {
  readonly id: string;
  readonly node: string;
  readonly kind: ResourceKind;
  readonly utilization: number;
  readonly meanQueue: number;
  readonly maxQueue: number;
  readonly dropped: number;
}

/**
 * The busiest resource (highest utilization). It is *the bottleneck* only when `saturated`: at least
 * SATURATED_UTILIZATION (95 %) busy, or refusing work (drops). Otherwise it is just the busiest, and
 * `RunResult.headroom` says how far load could grow before it saturates.
 */
export interface Bottleneck {
  readonly resource: string;
  readonly node: string;
  readonly kind: ResourceKind;
  readonly utilization: number;
  /** ≥ 95 % busy or refusing work. */
  readonly saturated: boolean;
  /** Why this one: the evidence in words (its utilization, queue, drops, and the runner-up). */
  readonly evidence: string;
}

export const HEALTH_STATES = ['steady', 'saturated', 'overloaded'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/**
 * The verdict on a run (docs/results.md, "Health"):
 *  - overloaded: more than 1 % of the requests issued in the window are unfinished at the end, or
 *    some resource's backlog (or the number of requests in the system) grows through the second
 *    half of the window, or errors (failed + timedOut) exceed `run.errorTolerance`;
 *  - saturated: not overloaded, and the busiest resource is saturated (≥ 95 % busy or refusing);
 *  - steady: neither.
 */
export interface Health {
  readonly state: HealthState;
  /** requests.unfinished / requests.issued (0 when nothing was issued). */
  readonly unfinishedFraction: number;
  /**
   * The steepest least-squares growth of a backlog over the second half of the window, in jobs
   * (or requests) per second; ≤ 0 when every backlog is flat or shrinking. Only a trend that is
   * also large against the backlog's own fluctuation counts as growth (docs/results.md).
   */
  readonly backlogGrowthPerSecond: number;
  /** Which rules fired, with their numbers; for a steady run, the evidence that none did. */
  readonly reasons: readonly string[];
}

/** What each server was sent in the measured window (arrivals, not completions: see the collector). */
export interface ServerShare {
  readonly id: string;
  readonly requests: number;
  /** Object bytes of those requests. */
  readonly bytes: number;
  /** requests / total requests over servers, in [0, 1]. */
  readonly share: number;
}

export interface Imbalance {
  /** Largest server request count over the mean count (1 = perfect balance). */
  readonly maxOverMean: number;
  /** Coefficient of variation of per-server request counts. */
  readonly cv: number;
}

export interface TimelinePoint {
  readonly startS: number;
  readonly endS: number;
  readonly completed: number;
  readonly failed: number;
  readonly timedOut: number;
  /** Retries sent in the interval. */
  readonly retried: number;
  /** Completions per second in the interval. */
  readonly requestsPerSecond: number;
  /**
   * p99 latency of the requests completed in the interval, from a coarse histogram (relative error
   * ≤ 4.4 %, 1 KiB per interval; see sim/stats/coarse-histogram.ts); 0 when none completed.
   */
  readonly p99Ms: number;
}

/** Packets and bytes seen per node, by direction: the packet-path accounting made visible. */
export interface NodeTraffic {
  readonly node: string;
  readonly packetsIn: number;
  readonly packetsOut: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly cpuNs: number;
}

/**
 * What one scheduled fault cost (docs/failure.md §6). Times in seconds from the start of the run
 * (warm-up included; the timeline's times start at the end of warm-up).
 */
export interface FaultResult {
  readonly id: string;
  readonly kind: string;
  /** The node's name, or the servers whose records / membership changed. */
  readonly target: string;
  readonly atSeconds: number;
  readonly recoverAtSeconds: number | null;
  /** From the fault to the first health check or VRRP backup that noticed it; null: nothing did. */
  readonly detectedAfterSeconds: number | null;
  /** From the fault until the 1 s mean of completions is back within 5 % of the 2 s before it; 0: it never left; null: not by the end. */
  readonly recoveredAfterSeconds: number | null;
  /** Measured requests the fault ended: refused (reset) / never answered / tried again on another address. */
  readonly failed: number;
  readonly timedOut: number;
  readonly retried: number;
  readonly succeededAfterRetry: number;
}

export interface RunResult {
  readonly scenario: string;
  readonly mode: Mode;
  readonly seed: number;
  readonly replication: number;
  /** Length of the measured window (after warm-up). */
  readonly simulatedSeconds: number;
  readonly warmupSeconds: number;
  readonly events: number;
  /**
   * Wall-clock seconds the run took, filled in by the CLI (sim/ never reads a clock). The only
   * non-deterministic field, so the deterministic artifacts (summary.json, CSV) carry null and the
   * measured value goes to timing.json.
   */
  readonly wallSeconds: number | null;
  readonly offeredRequestsPerSecond: number | null;
  readonly requests: RequestCounts;
  readonly throughput: { readonly requestsPerSecond: number; readonly goodputBytesPerSecond: number };
  readonly latencyMs: LatencySummaryMs;
  readonly resources: readonly ResourceResult[];
  readonly bottleneck: Bottleneck;
  /**
   * When no resource is saturated: the factor by which offered load could grow before the busiest
   * resource reaches 95 % busy (0.95 / its utilization), assuming every utilization grows in
   * proportion to offered load at a fixed request mix (true for per-request and per-byte costs;
   * not for fixed overheads or for effects such as connection reuse that change with load).
   * null when a resource is already saturated (the run has no headroom) or nothing was busy.
   */
  readonly headroom: number | null;
  readonly health: Health;
  readonly servers: readonly ServerShare[];
  readonly imbalance: Imbalance;
  readonly traffic: readonly NodeTraffic[];
  readonly timeline: readonly TimelinePoint[];
  /** Present when the scenario schedules faults. */
  readonly faults?: readonly FaultResult[];
  /** Front ends behind ECMP (docs/failure.md §4): what happened to established connections when the router's choice changed. */
  readonly ecmp?: EcmpResult;
}

/**
 * Kept-alive connections of an ECMP tier, counted at their first request after a change of the
 * router's next hops: `returned` of them came back, `moved` were sent to another box, which carried
 * `survivedBySync` on (learned by IPVS sync) and `survivedByScheduler` (sloppy_tcp, same server
 * picked), and reset the other `broken` ones. Measured over the whole run, warm-up included.
 */
export interface EcmpResult {
  readonly returned: number;
  readonly moved: number;
  readonly survivedBySync: number;
  readonly survivedByScheduler: number;
  readonly broken: number;
}
