import type { BalancerOptions } from '../balancing/balancer.js';
import { ETHERNET_GAP_BYTES, MIN_FRAME_BYTES } from '../net/packets.js';
import type { Method, Profile } from '../calibration/profile.js';
import { PROFILES } from '../calibration/profiles/index.js';
import type { DistributionSpec } from '../engine/distributions.js';
import { MODES } from '../result.js';
import { type ScenarioIssue, formatPath } from './errors.js';
import { normalizeFaults } from './faults.js';
import { normalizeEcmp } from './ecmp-schema.js';
import { checkIrqCores, frontEndRss } from './rss-normalize.js';
import { type Raw, distributionOf } from './distribution-normalize.js';
import { normalizeHa, normalizeHealthCheck } from './ha-schema.js';
import { toBps, toBytes, toNs } from './quantities.js';
import { costDomain } from './cost-domains.js';
import type { ScenarioInput } from './schema.js';
import type { ClientGroup, DnsCacheBehaviour, Scenario } from './types.js';

/**
 * Schema-valid input → the frozen, unit-free Scenario. Fills defaults (from the profile where a
 * figure is hardware or a cost), converts units, resolves references to indices, and runs the
 * cross-field checks the schema cannot express. Problems are collected, not thrown one by one.
 */

/** Timeline points per run: each holds a histogram per server, so this bounds the memory. */
export const MAX_TIMELINE_POINTS = 2_000;

const DEFAULT_MIX: Readonly<Record<Method, number>> = { GET: 0.9, PUT: 0.05, HEAD: 0.04, DELETE: 0.01 };

/**
 * Default object sizes [D/A] (docs/sources.md §7): a lognormal body with Wikimedia's mean (~62 KiB)
 * and a 0.1 % bounded-Pareto tail (α = 1.2) from 1 MiB up to Swift's 5 GiB object limit; the mix
 * has a mean of ≈ 61 KiB.
 */
export const DEFAULT_OBJECT_SIZE: DistributionSpec = {
  kind: 'mixture',
  parts: [
    { weight: 0.999, dist: { kind: 'lognormal', mean: 56 * 1024, cv: 1.5 } },
    { weight: 0.001, dist: { kind: 'bounded-pareto', alpha: 1.2, min: 1024 ** 2, max: 5 * 1024 ** 3 } },
  ],
};

export function normalize(input: ScenarioInput): { scenario: Scenario; issues: ScenarioIssue[] } {
  const issues: ScenarioIssue[] = [];
  const issue = (path: (string | number)[], message: string) => issues.push({ path: formatPath(path), message });

  const dist = (d: unknown, conv: (v: Raw) => number, path: (string | number)[]): DistributionSpec => distributionOf(d, conv, path, issue);

  const profile = applyOverrides(PROFILES[input.profile ?? 'modern'], input.costs ?? {}, issue);
  const hw = profile.hardware;
  // A NIC's packet rate: as given; else the profile's figure for the profile's own NIC; for any
  // other bit rate, line rate in minimum frames (84 B on the wire), i.e. no separate limit.
  const ppsOf = (given: number | undefined, bps: number, profileBps: number, profilePps: number): number =>
    given ?? (bps === profileBps ? profilePps : bps / (MIN_WIRE_FRAME_BYTES * 8));
  const modes = [...new Set(input.modes ?? MODES)];

  const run = input.run ?? {};
  const durationNs = toNs(run.duration ?? '10s');
  const warmupNs = toNs(run.warmup ?? '1s');
  if (warmupNs >= durationNs) issue(['run', 'warmup'], `warm-up (${warmupNs / 1e9}s) must be shorter than the duration (${durationNs / 1e9}s)`);
  // Default: with faults, 100 ms buckets show detection and recovery; otherwise 1 s. Either is
  // lengthened by a whole factor for runs that would otherwise pass MAX_TIMELINE_POINTS.
  const baseIntervalNs = (input.faults ?? []).length > 0 ? 1e8 : 1e9;
  const timelineIntervalNs = run.timelineInterval === undefined ? Math.max(1, Math.ceil(durationNs / baseIntervalNs / MAX_TIMELINE_POINTS)) * baseIntervalNs : toNs(run.timelineInterval);
  if (durationNs / timelineIntervalNs > MAX_TIMELINE_POINTS) {
    issue(['run', 'timelineInterval'], `${timelineIntervalNs / 1e9}s makes ${Math.ceil(durationNs / timelineIntervalNs)} timeline points over the run; at most ${MAX_TIMELINE_POINTS} (use ≥ ${durationNs / MAX_TIMELINE_POINTS / 1e9}s)`);
  }

  const dnsIn = input.dns ?? {};
  const resolversIn = dnsIn.resolvers ?? [{ name: 'resolver' }];
  const resolverNames = new Map<string, number>();
  const resolvers = resolversIn.map((r, i) => {
    if (resolverNames.has(r.name)) issue(['dns', 'resolvers', i, 'name'], `duplicate resolver name "${r.name}"`);
    resolverNames.set(r.name, i);
    const ttlFloorNs = toNs(r.ttlFloor ?? 0);
    const ttlCeilingNs = toNs(r.ttlCeiling ?? '86400s');
    if (ttlFloorNs > ttlCeilingNs) issue(['dns', 'resolvers', i, 'ttlFloor'], 'ttlFloor is above ttlCeiling');
    if (r.order !== undefined && r.rotate !== undefined && r.rotate !== (r.order === 'cyclic')) issue(['dns', 'resolvers', i, 'rotate'], `rotate: ${r.rotate} contradicts order: ${r.order}`);
    const order = r.order ?? (r.rotate === true ? 'cyclic' : 'fixed');
    return { name: r.name, cores: r.cores ?? 2, ttlFloorNs, ttlCeilingNs, rotate: order === 'cyclic', order, clientRttNs: toNs(r.clientRtt ?? '1ms') };
  });

  const groupNames = new Set<string>();
  const groups: ClientGroup[] = input.workload.groups.map((g, i) => {
    const path = ['workload', 'groups', i];
    if (groupNames.has(g.name)) issue([...path, 'name'], `duplicate group name "${g.name}"`);
    groupNames.add(g.name);
    const mix = { ...DEFAULT_MIX, ...(g.mix ? { GET: 0, PUT: 0, HEAD: 0, DELETE: 0, ...g.mix } : {}) };
    const mixTotal = mix.GET + mix.PUT + mix.HEAD + mix.DELETE;
    if (!(mixTotal > 0)) issue([...path, 'mix'], 'the method weights must not all be zero');
    let resolverIndex = 0;
    if (g.resolver !== undefined) {
      const found = resolverNames.get(g.resolver);
      if (found === undefined) issue([...path, 'resolver'], `unknown resolver "${g.resolver}"; defined: ${[...resolverNames.keys()].join(', ')}`);
      else resolverIndex = found;
    }
    const dnsCaches = (g.dnsCaches ?? [{ weight: 1, cache: { kind: 'honour-ttl' as const } }]).map((c) => ({
      weight: c.weight,
      cache: (c.cache.kind === 'floor' ? { kind: 'floor', minNs: toNs(c.cache.min) } : { kind: c.cache.kind }) as DnsCacheBehaviour,
    }));
    const serverTotal = input.topology?.servers?.count ?? 8;
    const sameSubnet = (g.sameSubnet ?? []).map((name, k) => {
      const m = /^server-(\d{1,6})$/.exec(name);
      const j = m === null ? -1 : Number(m[1]);
      if (j < 0 || j >= serverTotal) issue([...path, 'sameSubnet', k], `"${name}" is not a server; servers are server-0..server-${serverTotal - 1}`);
      return j;
    });
    if ((g.addressSorting ?? 'rfc6724') === 'none' && sameSubnet.length > 0) issue([...path, 'sameSubnet'], 'sameSubnet only matters with addressSorting: rfc6724');
    const retryBackoffNs = toNs(g.retryBackoff ?? '1s');
    const retryBackoffMaxNs = toNs(g.retryBackoffMax ?? '64s');
    if (retryBackoffNs > retryBackoffMaxNs) issue([...path, 'retryBackoff'], `retryBackoff (${retryBackoffNs / 1e9}s) is above retryBackoffMax (${retryBackoffMaxNs / 1e9}s)`);
    return {
      name: g.name,
      clients: g.clients,
      arrival: g.arrival.kind === 'poisson'
        ? { kind: 'poisson', ratePerSecond: g.arrival.rate }
        : { kind: 'closed', thinkNs: dist(g.arrival.think, toNs, [...path, 'arrival', 'think']), rampUpNs: g.arrival.rampUp === undefined ? warmupNs : toNs(g.arrival.rampUp) },
      mix: { GET: mix.GET / mixTotal, PUT: mix.PUT / mixTotal, HEAD: mix.HEAD / mixTotal, DELETE: mix.DELETE / mixTotal },
      objectSizeBytes: g.objectSize === undefined ? DEFAULT_OBJECT_SIZE : dist(g.objectSize, toBytes, [...path, 'objectSize']),
      requestsPerConnection: g.requestsPerConnection ?? 10,
      timeoutNs: toNs(g.timeout ?? '30s'), // [A] an application's per-request deadline
      connectTimeoutNs: g.connectTimeout === undefined ? Number.POSITIVE_INFINITY : toNs(g.connectTimeout),
      tcpSynRetries: g.tcpSynRetries ?? 6, // Linux tcp_syn_retries default (docs/sources.md §11)
      // python-swiftclient Connection defaults: retries=5, starting_backoff=1, max_backoff=64 (docs/sources.md §12)
      retries: g.retries ?? 5,
      retryBackoffNs,
      retryBackoffMaxNs,
      idleTimeoutNs: g.idleTimeout === undefined ? Number.POSITIVE_INFINITY : toNs(g.idleTimeout),
      accessLinkBps: g.accessLink === undefined ? Number.POSITIVE_INFINITY : toBps(g.accessLink),
      rttNs: toNs(g.rtt ?? '1ms'),
      resolverIndex,
      dnsCaches,
      dnsFailover: { nextAddress: g.dnsFailover?.nextAddress ?? false, reResolve: g.dnsFailover?.reResolve ?? false },
      // glibc sorts by RFC 6724 unless gai.conf says otherwise; it only reorders IPv4 answers for addresses on the client's subnet.
      sameSubnet: (g.addressSorting ?? 'rfc6724') === 'none' ? null : sameSubnet,
    };
  });

  if (run.maxRequests !== undefined && groups.every((g) => g.arrival.kind === 'poisson')) {
    const warmupRequests = groups.reduce((s, g) => s + (g.arrival.kind === 'poisson' ? g.arrival.ratePerSecond : 0), 0) * (warmupNs / 1e9);
    if (run.maxRequests <= warmupRequests) {
      issue(['run', 'maxRequests'], `all ${run.maxRequests} requests would be issued during the warm-up (about ${Math.round(warmupRequests)} arrive before the measured window opens), so nothing would be measured; raise it or shorten run.warmup`);
    }
  }

  const topo = input.topology ?? {};
  const serversIn = topo.servers ?? {};
  const frontIn = topo.frontEnd ?? {};
  const serverCount = serversIn.count ?? 8;
  const weights = serversIn.weights ?? new Array<number>(serverCount).fill(1);
  if (weights.length !== serverCount) issue(['topology', 'servers', 'weights'], `${weights.length} weights for ${serverCount} servers; give one per server`);
  if (!weights.some((w) => w > 0)) issue(['topology', 'servers', 'weights'], 'at least one weight must be above 0, or no server gets any request');
  if (frontIn.weights !== undefined) issue(['topology', 'frontEnd', 'weights'], 'weights apply to servers only');
  weights.forEach((wt, i) => {
    if (!Number.isInteger(wt) || wt > 256) issue(['topology', 'servers', 'weights', i], `a weight is an integer from 0 to 256 (IPVS and haproxy take integers), got ${wt}`);
  });
  const serverCores = serversIn.cores ?? hw.serverCores;
  const shapeIn = serversIn.requestCpu ?? { kind: 'constant' as const };
  const requestCpuShape: DistributionSpec = shapeIn.kind === 'constant' ? { kind: 'constant', value: 1 }
    : shapeIn.kind === 'exponential' ? { kind: 'exponential', mean: 1 } : { kind: 'lognormal', mean: 1, cv: shapeIn.cv };
  const servers = {
    count: serverCount, cores: serverCores, nicBps: toBps(serversIn.nic ?? hw.serverNicBps), nicPps: ppsOf(serversIn.nicPps, toBps(serversIn.nic ?? hw.serverNicBps), hw.serverNicBps, hw.serverNicPps), segment: serversIn.segment ?? 'dc', weights,
    // Swift proxy admission (docs/sources.md §7, §11): 2 workers per core (deployment guide; the
    // sample config's `auto` is one per core), max_clients 1024, backlog 4096 capped by somaxconn 4096.
    workers: serversIn.workers ?? 2 * serverCores,
    maxClients: serversIn.maxClients ?? 1024,
    backlog: Math.min(serversIn.backlog ?? 4096, serversIn.somaxconn ?? 4096),
    somaxconn: serversIn.somaxconn ?? 4096,
    idleTimeoutNs: toNs(serversIn.idleTimeout ?? '60s'), // Swift client_timeout
    requestCpuShape,
    // Multi-queue NICs get one queue per core by default (kernel scaling.rst); IP-in-IP is hashed
    // on its outer header unless the NIC parses inner headers [P/A] (docs/sources.md §6, RSS).
    // irqCores 0: softirq work shares the node's cores (no IRQ affinity set) [A].
    rss: { queues: serversIn.rss?.queues ?? serverCores, tunnelInnerHash: serversIn.rss?.tunnelInnerHash ?? false, irqCores: serversIn.rss?.irqCores ?? 0 },
  };
  if (servers.rss.queues > serverCores) issue(['topology', 'servers', 'rss', 'queues'], `${servers.rss.queues} queues on ${serverCores} cores: each queue is served by its own core`);
  checkIrqCores(servers.rss.irqCores, serverCores, ['topology', 'servers', 'rss', 'irqCores'], issue);
  const frontEndCount = frontIn.count ?? 1;
  const frontEnd = {
    count: frontEndCount, cores: frontIn.cores ?? hw.frontEndCores, nicBps: toBps(frontIn.nic ?? hw.frontEndNicBps),
    nicPps: ppsOf(frontIn.nicPps, toBps(frontIn.nic ?? hw.frontEndNicBps), hw.frontEndNicBps, hw.frontEndNicPps), segment: frontIn.segment ?? 'dc',
    ecmp: normalizeEcmp(frontIn.ecmp, frontEndCount, input.ha !== undefined, issue),
    rss: frontEndRss(frontIn.rss, frontIn.cores ?? hw.frontEndCores, issue),
  };
  const lvsIn = input.lvs ?? {};
  if (modes.includes('lvs-dr') && frontEnd.segment !== servers.segment) {
    issue(['topology', 'frontEnd', 'segment'],
      `lvs-dr rewrites only the MAC address, so the director and the real servers must share one L2 segment; director is on "${frontEnd.segment}", servers on "${servers.segment}" (use lvs-tun across segments, or drop lvs-dr from modes)`);
  }
  const backendIn = topo.backend ?? {};
  const replicas = backendIn.replicas ?? 3; // Swift default replicas [V]
  const objectServers = backendIn.objectServers ?? replicas;
  if (objectServers < replicas) issue(['topology', 'backend', 'objectServers'], `${objectServers} object servers cannot hold ${replicas} replicas of an object`);
  if ((lvsIn.lowerThreshold ?? 0) > 0 && (lvsIn.upperThreshold ?? 0) === 0) issue(['lvs', 'lowerThreshold'], 'a lower threshold needs an upper one (lvs.upperThreshold)');
  if ((lvsIn.upperThreshold ?? 0) > 0 && (lvsIn.lowerThreshold ?? 0) >= (lvsIn.upperThreshold ?? 0)) issue(['lvs', 'lowerThreshold'], `must be below the upper threshold (${lvsIn.upperThreshold})`);


  const reg = input.registry ?? {};
  const balancingIn = input.balancing ?? {};
  if (input.tls?.reencrypt === true && input.tls.enabled !== true) issue(['tls', 'reencrypt'], 'needs tls.enabled: true (the proxy re-encrypts what clients sent over TLS)');
  if ((input.proxy?.serverMaxconn ?? 0) > 0 && !(balancingIn.proxy ?? 'haproxy-roundrobin').startsWith('haproxy-')) {
    issue(['proxy', 'serverMaxconn'], `applies to haproxy schedulers only; balancing.proxy is "${balancingIn.proxy}"`);
  }
  const faults = normalizeFaults(input.faults ?? [], {
    durationNs, servers: serverCount, frontEnds: frontEnd.count, objectServers, resolvers: resolvers.map((r) => r.name), groups: groups.map((g) => g.name),
  }, issue);
  const scenario: Scenario = {
    name: input.name,
    description: input.description,
    profile,
    modes,
    run: {
      durationNs,
      warmupNs,
      seed: run.seed ?? 1,
      replications: run.replications ?? 1,
      timelineIntervalNs,
      maxRequests: run.maxRequests ?? null,
      // 0.1 %: a 99.9 % request-success objective, the common "three nines" SLO (docs/results.md).
      errorTolerance: run.errorTolerance ?? 0.001,
    },
    workload: {
      requestHeaderBytes: toBytes(input.workload.headerBytes?.request ?? 300),
      responseHeaderBytes: toBytes(input.workload.headerBytes?.response ?? 300),
      groups,
    },
    topology: {
      servers,
      frontEnd,
      lanDelayNs: toNs(topo.lanDelay ?? '20us'),
      mtuBytes: topo.mtu ?? 1500,
      backend: {
        latencyNs: backendIn.latency === undefined
          ? { kind: 'lognormal', mean: 2e6, cv: 1 } // [A] object-server read/write incl. disk
          : dist(backendIn.latency, toNs, ['topology', 'backend', 'latency']),
        replicas,
        nicBps: toBps(backendIn.nic ?? servers.nicBps),
        // Swift proxy-server.conf-sample defaults (docs/sources.md §7): conn_timeout 0.5 s, error_suppression_limit 10, _interval 60 s.
        objects: {
          count: objectServers,
          connTimeoutNs: toNs(backendIn.connTimeout ?? '0.5s'),
          errorLimit: backendIn.errorSuppressionLimit ?? 10,
          errorIntervalNs: toNs(backendIn.errorSuppressionInterval ?? '60s'),
        },
      },
    },
    balancing: {
      lvs: balancingIn.lvs ?? 'wlc', // ipvsadm's default scheduler
      proxy: balancingIn.proxy ?? 'haproxy-roundrobin', // haproxy < 3.3 default (pinned)
      client: balancingIn.client ?? 'random',
      lvsOptions: balancerOptions(balancingIn.lvs ?? 'wlc', balancingIn.lvsOptions, ['balancing', 'lvsOptions'], issue),
      // haproxy's server maxconn is the proxy scheduler's maxConn: a full server is skipped, or the request queues.
      proxyOptions: { ...balancerOptions(balancingIn.proxy ?? 'haproxy-roundrobin', balancingIn.proxyOptions, ['balancing', 'proxyOptions'], issue), maxConn: input.proxy?.serverMaxconn ?? 0 },
      clientOptions: balancerOptions(balancingIn.client ?? 'random', balancingIn.clientOptions, ['balancing', 'clientOptions'], issue),
    },
    dns: {
      ttlNs: toNs(dnsIn.ttl ?? '60s'),
      authoritativeRttNs: toNs(dnsIn.authoritativeRtt ?? '20ms'),
      authoritativeCores: dnsIn.authoritativeCores ?? 2,
      resolvers,
    },
    registry: {
      cores: reg.cores ?? hw.registryCores,
      nicBps: toBps(reg.nic ?? hw.registryNicBps),
      nicPps: ppsOf(undefined, toBps(reg.nic ?? hw.registryNicBps), hw.registryNicBps, hw.registryNicPps),
      rttNs: toNs(reg.rtt ?? '500us'),
      refreshNs: reg.refresh === undefined ? toNs('10s') : reg.refresh === 'per-request' ? null : toNs(reg.refresh),
    },
    lvs: {
      tunPmtu: lvsIn.tunPmtu ?? 'clamp-mss',
      arpIgnore: lvsIn.arpIgnore ?? true,
      finTimeoutNs: toNs(lvsIn.finTimeout ?? '120s'), // IPVS FIN_WAIT timeout (ip_vs_proto_tcp.c)
      // ipvsadm -x / -y / -p (docs/sources.md §2.3): none unless given.
      upperThreshold: lvsIn.upperThreshold ?? 0,
      lowerThreshold: lvsIn.lowerThreshold ?? 0,
      persistenceNs: toNs(lvsIn.persistence ?? 0),
      healthCheck: normalizeHealthCheck(lvsIn.healthCheck),
    },
    proxy: { ...proxyOf(input.proxy ?? {}), healthCheck: normalizeHealthCheck(input.proxy?.healthCheck) },
    // [A] off by default; with TLS, every new connection a full handshake unless told otherwise.
    tls: { enabled: input.tls?.enabled ?? false, resumedFraction: input.tls?.resumedFraction ?? 0, reencrypt: input.tls?.reencrypt ?? false },
    ha: normalizeHa(input.ha, frontEnd.count, issue),
    faults: [...faults].sort((a, b) => a.atNs - b.atNs),
  };
  return { scenario: deepFreeze(scenario), issues };
}

/** Which schedulers read each option (the others would silently ignore it: refused instead). */
const OPTION_USERS: Readonly<Record<string, readonly string[]>> = {
  draws: ['p2c', 'haproxy-random'],
  fallback: ['sh', 'mh'],
  tableSize: ['mh'],
  hashTableBits: ['sh', 'dh'],
  hashAvalanche: ['haproxy-source', 'haproxy-uri'],
};

function balancerOptions(name: string, options: Record<string, unknown> | undefined, path: (string | number)[], issue: (p: (string | number)[], m: string) => void): BalancerOptions {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options ?? {})) {
    if (value === undefined) continue;
    const users = OPTION_USERS[key] ?? [];
    if (!users.includes(name)) issue([...path, key], `applies to ${users.join(', ')}, not to "${name}"`);
    out[key] = value;
  }
  if (out.tableSize !== undefined) {
    const n = out.tableSize as number;
    let prime = n > 1;
    for (let k = 2; k * k <= n && prime; k++) if (n % k === 0) prime = false;
    if (!prime) issue([...path, 'tableSize'], `the Maglev table size must be prime (the kernel offers 251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071), got ${n}`);
    out.mhTableSize = n;
    delete out.tableSize;
  }
  return out as BalancerOptions;
}

/** haproxy settings (docs/sources.md §3.4): what it does when unset, or the assumption made. */
function proxyOf(p: NonNullable<ScenarioInput['proxy']>): Omit<Scenario['proxy'], 'healthCheck'> {
  const timeoutConnectNs = toNs(p.timeoutConnect ?? '5s');
  const timeoutClientNs = toNs(p.timeoutClient ?? '30s');
  return {
    serverConnections: p.serverConnections ?? 'reuse',
    splice: p.splice ?? false,
    maxconn: p.maxconn ?? 50_000,
    serverMaxconn: p.serverMaxconn ?? 0,
    timeoutQueueNs: p.timeoutQueue === undefined ? timeoutConnectNs : toNs(p.timeoutQueue),
    timeoutConnectNs,
    timeoutServerNs: toNs(p.timeoutServer ?? '30s'),
    timeoutClientNs,
    timeoutHttpKeepAliveNs: p.timeoutHttpKeepAlive === undefined ? timeoutClientNs : toNs(p.timeoutHttpKeepAlive),
  };
}

/** A minimum frame on the wire: 64 B plus preamble and inter-frame gap. */
const MIN_WIRE_FRAME_BYTES = MIN_FRAME_BYTES + ETHERNET_GAP_BYTES;

/** Profile fields replaced by scenario `costs`, checked against the profile's own shape. */
function applyOverrides(base: Profile, overrides: Record<string, Record<string, unknown> | undefined>, issue: (p: (string | number)[], m: string) => void): Profile {
  // `field` names a map's entries by the map (requestNs.GET has requestNs's domain).
  const merge = (target: Record<string, unknown>, patch: Record<string, unknown>, path: (string | number)[], field?: string): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...target };
    for (const [key, value] of Object.entries(patch)) {
      const current = Object.hasOwn(target, key) ? target[key] : undefined;
      if (current === undefined) {
        issue([...path, key], `unknown cost field; allowed: ${Object.keys(target).join(', ')}`);
      } else if (typeof current === 'boolean') {
        if (typeof value !== 'boolean') issue([...path, key], `must be true or false, got ${JSON.stringify(value)}`);
        else out[key] = value;
      } else if (typeof current === 'number') {
        const d = costDomain(field ?? key);
        if (typeof value !== 'number' || !(value >= d.min && value <= d.max) || (d.integer && !Number.isInteger(value))) {
          issue([...path, key], `must be ${d.text}, got ${JSON.stringify(value)}`);
        } else {
          out[key] = value;
        }
      } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        out[key] = merge(current as Record<string, unknown>, value as Record<string, unknown>, [...path, key], key);
      } else {
        issue([...path, key], `expected an object with fields ${Object.keys(current as object).join(', ')}, got ${JSON.stringify(value)}`);
      }
    }
    return out;
  };
  const result: Record<string, unknown> = { ...base };
  for (const [role, patch] of Object.entries(overrides)) {
    if (patch === undefined) continue;
    result[role] = merge(base[role as keyof Profile] as unknown as Record<string, unknown>, patch, ['costs', role]);
  }
  const director = result['director'] as Profile['director'];
  if (director.connTableMemoryBytes < director.connEntryBytes) {
    issue(['costs', 'director', 'connTableMemoryBytes'], `holds no connection entry: ${director.connTableMemoryBytes} bytes < connEntryBytes (${director.connEntryBytes})`);
  }
  return result as unknown as Profile;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
