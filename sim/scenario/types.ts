import type { BalancerOptions } from '../balancing/balancer.js';
import type { BalancerName } from '../balancing/registry.js';
import type { Method, Profile } from '../calibration/profile.js';
import type { DistributionSpec } from '../engine/distributions.js';
import type { Mode } from '../result.js';
import type { HaSpec } from '../failure/front-end-ha.js';
import type { ObjectTierSpec } from '../models/object-servers.js';
import type { EcmpSpec } from './ecmp-schema.js';
import type { CheckSpec } from '../failure/health-check.js';
import type { Fault } from './faults.js';

/**
 * A scenario after normalize: every default filled in, every unit converted (ns, bytes, bits per
 * second), every reference resolved to an index, deeply frozen. Models read only this.
 */
export type DnsCacheBehaviour =
  | { readonly kind: 'honour-ttl' }
  | { readonly kind: 'floor'; readonly minNs: number }
  | { readonly kind: 'pin' };

export type Arrival =
  | { readonly kind: 'poisson'; readonly ratePerSecond: number }
  | { readonly kind: 'closed'; readonly thinkNs: DistributionSpec; readonly rampUpNs: number };

export interface ClientGroup {
  readonly name: string;
  readonly clients: number;
  readonly arrival: Arrival;
  readonly mix: Readonly<Record<Method, number>>;
  readonly objectSizeBytes: DistributionSpec;
  readonly requestsPerConnection: number;
  /** Per attempt, from its start to the last byte of the response. */
  readonly timeoutNs: number;
  /** Per attempt; Infinity: only the kernel's SYN retries bound connect(). */
  readonly connectTimeoutNs: number;
  readonly tcpSynRetries: number;
  /** Attempts after the first, on failure or timeout; backoff doubles from `retryBackoffNs` up to the cap. */
  readonly retries: number;
  readonly retryBackoffNs: number;
  readonly retryBackoffMaxNs: number;
  /** Client-side keep-alive idle close; Infinity: never (the server's idle timeout applies). */
  readonly idleTimeoutNs: number;
  /** Infinity: no shared access link (packets and bytes still counted). */
  readonly accessLinkBps: number;
  readonly rttNs: number;
  readonly resolverIndex: number;
  readonly dnsCaches: readonly { readonly weight: number; readonly cache: DnsCacheBehaviour }[];
  /** rr-dns clients on a refused connect: try the answer's next address; drop the cached answer. */
  readonly dnsFailover: { readonly nextAddress: boolean; readonly reResolve: boolean };
  /** RFC 6724 sorting by the stub (glibc): server indices on the clients' subnet go first; null: no sorting. */
  readonly sameSubnet: readonly number[] | null;
}

export interface NodeGroup {
  readonly count: number;
  readonly cores: number;
  readonly nicBps: number;
  /** Packets per second per NIC direction. */
  readonly nicPps: number;
  readonly segment: string;
}

export interface Resolver {
  readonly name: string;
  readonly cores: number;
  readonly ttlFloorNs: number;
  readonly ttlCeilingNs: number;
  readonly rotate: boolean;
  /** Order of each answer from the cache (docs/failure.md §5); `rotate` is order === 'cyclic'. */
  readonly order: 'fixed' | 'cyclic' | 'random';
  readonly clientRttNs: number;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly profile: Profile;
  readonly modes: readonly Mode[];
  readonly run: {
    readonly durationNs: number;
    readonly warmupNs: number;
    readonly seed: number;
    readonly replications: number;
    readonly timelineIntervalNs: number;
    readonly maxRequests: number | null;
    /** (failed + timedOut) / issued above which a run is overloaded, in [0, 1]. */
    readonly errorTolerance: number;
  };
  readonly workload: {
    readonly requestHeaderBytes: number;
    readonly responseHeaderBytes: number;
    readonly groups: readonly ClientGroup[];
  };
  readonly topology: {
    readonly servers: NodeGroup & {
      readonly weights: readonly number[];
      readonly workers: number;
      readonly maxClients: number;
      /** Effective accept-queue length: min(Swift backlog, somaxconn). */
      readonly backlog: number;
      /** The kernel's cap on any listen backlog (also haproxy's, which asks for its maxconn). */
      readonly somaxconn: number;
      readonly idleTimeoutNs: number;
      /** Unit-mean shape of the per-request application CPU. */
      readonly requestCpuShape: DistributionSpec;
      /** Receive-side scaling: queues (one core each), and whether the NIC hashes the inner header of IP-in-IP. */
      readonly rss: { readonly queues: number; readonly tunnelInnerHash: boolean; readonly irqCores: number };
    };
    /** ecmp: the boxes share the VIP behind an ECMP router (docs/failure.md §4); null: no ECMP. */
    /** rss: receive queues and dedicated interrupt cores (docs/model.md, RSS); null: one pool for all the front end's work. */
    readonly frontEnd: NodeGroup & { readonly ecmp: EcmpSpec | null; readonly rss: { readonly queues: number; readonly irqCores: number } | null };
    readonly lanDelayNs: number;
    readonly mtuBytes: number;
    readonly backend: {
      readonly latencyNs: DistributionSpec;
      readonly replicas: number;
      readonly nicBps: number;
      /** The object servers as nodes (docs/failure.md §5): count, Swift proxy's conn_timeout and error limiting. */
      readonly objects: ObjectTierSpec;
    };
  };
  readonly balancing: {
    readonly lvs: BalancerName;
    readonly proxy: BalancerName;
    readonly client: BalancerName;
    readonly lvsOptions: BalancerOptions;
    readonly proxyOptions: BalancerOptions;
    readonly clientOptions: BalancerOptions;
  };
  readonly dns: {
    readonly ttlNs: number;
    readonly authoritativeRttNs: number;
    readonly authoritativeCores: number;
    readonly resolvers: readonly Resolver[];
  };
  readonly registry: {
    readonly cores: number;
    readonly nicBps: number;
    readonly nicPps: number;
    readonly rttNs: number;
    /** null: a lookup before every request. */
    readonly refreshNs: number | null;
  };
  readonly lvs: {
    readonly tunPmtu: 'clamp-mss' | 'fragment';
    readonly arpIgnore: boolean;
    readonly finTimeoutNs: number;
    /** 0: none. */
    readonly upperThreshold: number;
    readonly lowerThreshold: number;
    /** 0: no persistence. */
    readonly persistenceNs: number;
    readonly healthCheck: CheckSpec | null;
  };
  readonly proxy: {
    readonly serverConnections: 'reuse' | 'per-request';
    readonly splice: boolean;
    readonly maxconn: number;
    /** 0: unlimited. */
    readonly serverMaxconn: number;
    readonly timeoutQueueNs: number;
    readonly timeoutConnectNs: number;
    readonly timeoutServerNs: number;
    readonly timeoutClientNs: number;
    readonly timeoutHttpKeepAliveNs: number;
    readonly healthCheck: CheckSpec | null;
  };
  /** TLS termination (sim/models/tls.ts). */
  readonly tls: { readonly enabled: boolean; readonly resumedFraction: number; readonly reencrypt: boolean };
  /** VRRP groups of front-end boxes and IPVS sync (docs/failure.md §1, §3); null: single boxes. */
  readonly ha: HaSpec | null;
  /** Failures in time order of `at` (docs/failure.md §5); empty: none. */
  readonly faults: readonly Fault[];
}
