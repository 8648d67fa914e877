/**
 * The result contract (docs/results.md). Models never build this; the stats layer does, and the
 * reports read nothing else. All fields are plain JSON; names are camelCase with units in names
 * where a unit is not implied by the object (`latencyMs`).
 */
import type { ResourceKind } from './engine/resource.js';

export const MODES = ['rr-dns', 'client-side', 'l7-proxy', 'lvs-nat', 'lvs-tun', 'lvs-dr'] as const;
export type Mode = (typeof MODES)[number];

export interface RequestCounts {
  /** Always issued = completed + failed + timedOut + inFlight. */
  readonly issued: number;
  readonly completed: number;
  readonly failed: number;
  readonly timedOut: number;
  readonly inFlight: number;
}

export interface LatencySummaryMs {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
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

export interface Bottleneck {
  readonly resource: string;
  readonly node: string;
  readonly kind: ResourceKind;
  readonly utilization: number;
  /** Why this one: the evidence in words (its utilization, queue, drops, and the runner-up). */
  readonly evidence: string;
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
  readonly requestsPerSecond: number;
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
  readonly servers: readonly ServerShare[];
  readonly imbalance: Imbalance;
  readonly traffic: readonly NodeTraffic[];
  readonly timeline: readonly TimelinePoint[];
}
