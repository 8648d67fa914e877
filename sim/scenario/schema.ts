import * as z from 'zod';
import { BALANCER_NAMES } from '../balancing/registry.js';
import { PROFILE_NAMES, PROFILES } from '../calibration/profiles/index.js';
import { MODES } from '../result.js';
import {
  count, real, distributionSchema, duration, durationSchema, integer, positive, positiveDurationSchema, positiveWeight, rate, rateSchema,
  ratio, relativeWeight, size, sizeSchema, withJsonSchema,
} from './quantities.js';
import { costRoleJsonSchema, OVERRIDABLE_ROLES } from './cost-domains.js';
import { faultsSchema } from './faults-schema.js';
import { ecmpSchema } from './ecmp-schema.js';
import { haSchema, healthCheckSchema } from './ha-schema.js';

/**
 * The scenario file format (YAML or JSON), as written by users. Every object is strict: an
 * unknown field is an error, not silently ignored. Defaults not given here come from the
 * calibration profile in normalize.ts.
 *
 * Domain conventions (every new field follows them; helpers in quantities.ts):
 * - Every number has a finite domain that the model can run: `count(max)` for how many of a thing
 *   (1..max), `integer(min, max)` where the real system has integers (IPVS/haproxy weights,
 *   cores, MTU), `positive(max)` / `real(min, max)` for other reals, `ratio` for 0..1,
 *   `relativeWeight` / `positiveWeight` for weights normalised by their sum. Never a bare
 *   `z.number()`: it admits 1e308, and a value that passes must not crash, hang or print NaN.
 * - Quantities carry units: `duration({ minNs, maxNs })` (a bare number is seconds; at most
 *   MAX_DURATION_NS, 10 days, so time stays exact below 2^53 ns), `size({ ... })` (a bare number is
 *   bytes), `rate({ ... })` (a unit is required: `40` is refused, `"40Gbps"` accepted).
 * - Strings that name things are bounded (`label`), and lists have a `.max()`.
 * - Cross-field rules (warm-up < duration, weights sum > 0, the run's estimated cost) live in
 *   normalize.ts and cost-estimate.ts, each reported with the field's path.
 */
const label = z.string().min(1).max(64);

/** IPVS (ip_vs) and haproxy weights are integers; haproxy's range is 0..256, the common domain. */
export const MAX_SERVER_WEIGHT = 256;
/** The RNG takes any integer seed; 32 bits is what other tools print and accept. */
export const MAX_SEED = 2 ** 32 - 1;
export const MAX_REPLICATIONS = 1000;
/** One run simulates at most a day (its cost is checked separately, see cost-estimate.ts). */
export const MAX_RUN_NS = 86_400 * 1e9;
const headerSize = size({ maxBytes: 64 * 1024 }).describe('HTTP header bytes, 0..64KiB');
const methodMix = z
  .strictObject({
    GET: relativeWeight.optional(),
    PUT: relativeWeight.optional(),
    HEAD: relativeWeight.optional(),
    DELETE: relativeWeight.optional(),
  })
  .describe(`relative weights of request methods (0..1e6 each); they need not sum to 1`);

const dnsCacheSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('honour-ttl') }).describe('stub that keeps an answer for its TTL'),
  z.strictObject({ kind: z.literal('floor'), min: positiveDurationSchema }).describe('keeps answers at least `min` (JVM 30s, browsers 60s)'),
  z.strictObject({ kind: z.literal('pin') }).describe('resolves once and keeps the first address for the life of the process'),
]);

const arrivalSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('poisson'), rate: real(1e-3, 1e8).describe('requests per second, for the whole group, 0.001..1e8') }),
  z.strictObject({
    kind: z.literal('closed'),
    think: distributionSchema(durationSchema).describe('think time between a response and the next request of a session'),
    rampUp: durationSchema.optional().describe('sessions start at times spread uniformly over this period (default: the warm-up), avoiding a synchronised first wave'),
  }).describe('each client runs one session: request, wait for the response, think, repeat'),
]);

const clientGroupSchema = z.strictObject({
  name: z.string().max(64).regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes, starting with a letter'),
  clients: count(1_000_000).describe('client hosts in the group, 1..1000000'),
  arrival: arrivalSchema,
  mix: methodMix.optional(),
  objectSize: distributionSchema(sizeSchema).optional(),
  requestsPerConnection: count(1_000_000).optional().describe('keep-alive: requests carried by one TCP connection'),
  timeout: positiveDurationSchema.optional().describe('request timeout per attempt, from its start (connect included) to the last byte of the response (default 30s)'),
  connectTimeout: positiveDurationSchema.optional().describe('per attempt: give up connecting after this long (default: none beyond the kernel, which gives up after tcpSynRetries)'),
  tcpSynRetries: integer(0, 127).optional().describe('Linux net.ipv4.tcp_syn_retries: SYN retransmissions before connect() fails (default 6; RTO 1 s doubling)'),
  retries: integer(0, 100).optional().describe('attempts after the first when one fails or times out (python-swiftclient default 5)'),
  retryBackoff: positiveDurationSchema.optional().describe('wait before the first retry, doubling for each further one (default 1s)'),
  retryBackoffMax: positiveDurationSchema.optional().describe('cap of the doubling backoff (default 64s)'),
  idleTimeout: positiveDurationSchema.optional().describe('the client closes a keep-alive connection idle this long (default: none; the server side closes it)'),
  accessLink: rateSchema.optional().describe('bandwidth of one access link shared by the whole group, each direction (default: none; the clients are many hosts)'),
  rtt: durationSchema.optional().describe('round trip between these clients and the data centre'),
  resolver: label.optional().describe('name of the caching resolver these clients use (rr-dns)'),
  dnsCaches: z
    .array(z.strictObject({ weight: positiveWeight, cache: dnsCacheSchema }))
    .min(1)
    .max(16)
    .optional()
    .describe('mix of client DNS cache behaviours (rr-dns)'),
  dnsFailover: z
    .strictObject({
      nextAddress: z.boolean().optional().describe('on a refused connect, try the next address of the answer (curl, browsers); default false (plain connect())'),
      reResolve: z.boolean().optional().describe('after a failure, drop the cached answer so the next request asks the resolver again; default false'),
    })
    .optional()
    .describe('what rr-dns clients do when a connection fails (docs/failure.md §5)'),
  addressSorting: z.enum(['rfc6724', 'none']).optional().describe('how the stub orders an answer: rfc6724 (glibc getaddrinfo: addresses on the client\'s subnet first, else as given), none (as given); default rfc6724'),
  sameSubnet: z.array(label).max(1024).optional().describe('servers on these clients\' own subnet, e.g. ["server-3"] (default none)'),
});

const cores = count(256).describe('CPU cores, 1..256');

/** Cores set aside for network interrupts (IRQ affinity): the receive queues' softirq work runs there, the rest of the node's work on the other cores. */
const irqCoresSchema = integer(0, 1023).optional()
  .describe('cores reserved for the receive queues\' interrupts and softirq work, 0..cores-1 (default 0: one pool, softirq takes any core); the application runs on the other cores');

/** Receive-side scaling on a front end (absent: its work is spread evenly over one pool of cores). */
const frontEndRssSchema = z
  .strictObject({
    queues: count(1024).optional().describe('receive queues, each served by one core at a time (default: irqCores when set, else one per core; at most the core count)'),
    irqCores: irqCoresSchema,
  })
  .describe('receive-side scaling on the front ends: received packets hash per connection to a queue whose softirq work runs one job at a time; with irqCores, on cores of their own (absent: one pool for all work, no per-queue limit)');

function nodeGroupSchema(maxCount: number) {
  return z.strictObject({
    count: count(maxCount).optional().describe(`how many, 1..${maxCount}`),
    cores: cores.optional(),
    nic: rateSchema.optional(),
    nicPps: integer(1_000, 10_000_000_000).optional().describe('packets per second the NIC handles per direction, besides its bit rate, 1000..1e10 (default: the profile\'s for the profile\'s NIC, e.g. 37 Mpps for the 40 GbE XL710 front end; for another bit rate, line rate in minimum frames)'),
    segment: label.optional().describe('L2 segment name (lvs-dr needs the front end and the servers on one)'),
    weights: z.array(integer(0, MAX_SERVER_WEIGHT)).max(1024).optional()
      .describe(`scheduler weights per server (servers only): integers 0..${MAX_SERVER_WEIGHT}, as IPVS and haproxy take, at least one above 0`),
  });
}

const requestCpuShapeSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('constant') }),
    z.strictObject({ kind: z.literal('exponential') }),
    z.strictObject({ kind: z.literal('lognormal'), cv: positive(10).describe('coefficient of variation, (0, 10]') }),
  ])
  .describe("shape of each request's application CPU around its method's mean (the profile's server.requestNs): constant, exponential, or lognormal with this coefficient of variation");

/** The Swift proxy servers: a node group plus their worker processes and admission limits. */
const serverGroupSchema = nodeGroupSchema(1024).extend({
  workers: count(1024).optional().describe('Swift worker processes per server (default 2 per core)'),
  maxClients: count(65536).optional().describe('Swift max_clients: connections one worker serves at once (default 1024)'),
  backlog: count(65535).optional().describe('Swift listen backlog (default 4096), capped by somaxconn'),
  somaxconn: count(65535).optional().describe('Linux net.core.somaxconn (default 4096 since Linux 5.4)'),
  idleTimeout: positiveDurationSchema.optional().describe('an idle keep-alive connection is closed by the server after this long (Swift client_timeout, default 60s)'),
  requestCpu: requestCpuShapeSchema.optional(),
  rss: z
    .strictObject({
      queues: count(1024).optional().describe('receive queues, each served by its own core (default: one per core; at most the core count)'),
      tunnelInnerHash: z.boolean().optional().describe('the NIC hashes the inner header of IP-in-IP packets (default false: the outer header, so LVS-TUN traffic from one director lands on one queue)'),
      irqCores: irqCoresSchema,
    })
    .optional()
    .describe('receive-side scaling on the servers: how received packets are spread over cores'),
});

const balancerOptionsSchema = z
  .strictObject({
    draws: count(64).optional().describe('p2c, haproxy-random: servers drawn per pick, the least loaded wins (default 2)'),
    fallback: z.boolean().optional().describe('sh, mh: when the hashed server is unavailable, try the next (sh-fallback / mh-fallback; default false)'),
    tableSize: integer(251, 131071).optional().describe('mh: prime lookup-table size (kernel default 4093)'),
    hashTableBits: integer(4, 20).optional().describe('sh, dh: table of 2^bits slots (kernel default 8)'),
    hashAvalanche: z.boolean().optional().describe('haproxy-source, haproxy-uri: hash-type map-based avalanche (default false)'),
  })
  .describe('options of one scheduler; each applies only to the schedulers named beside it');

const resolverSchema = z.strictObject({
  name: label,
  cores: cores.optional(),
  ttlFloor: durationSchema.optional(),
  ttlCeiling: durationSchema.optional(),
  rotate: z.boolean().optional().describe('rotate the cached address list on every answer (cyclic rrset order); the same as order: cyclic'),
  order: z.enum(['fixed', 'cyclic', 'random']).optional().describe('order of the addresses in each answer from the cache: fixed (as cached), cyclic (one further along each time), random (BIND 9.18/9.20 default rrset-order); default fixed, or cyclic with rotate'),
  clientRtt: durationSchema.optional(),
});

const COST_DESCRIPTION = 'per-role overrides of the calibration profile, field names as in the profile (units in the names)';
/**
 * Checked field by field in normalize.ts against the chosen profile (cost-domains.ts gives each
 * number its domain); the JSON Schema lists every field of the default profile with that domain.
 */
const costOverrides = withJsonSchema(
  z.strictObject(Object.fromEntries(OVERRIDABLE_ROLES.map((role) => [role, z.record(z.string(), z.unknown()).optional()]))).describe(COST_DESCRIPTION),
  {
    type: 'object',
    additionalProperties: false,
    description: COST_DESCRIPTION,
    properties: Object.fromEntries(OVERRIDABLE_ROLES.map((role) => [role, costRoleJsonSchema(PROFILES.modern[role] as unknown as Record<string, unknown>, `overrides of the profile's ${role} fields`)])),
  },
);

export const scenarioSchema = z.strictObject({
  $schema: z.string().max(1000).optional().describe('URL or path of this JSON Schema, for editors; ignored by lbsim'),
  name: z.string().max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  description: z.string().min(1).max(4000),
  profile: z.enum(PROFILE_NAMES).optional(),
  modes: z.array(z.enum(MODES)).min(1).max(MODES.length).optional(),
  run: z
    .strictObject({
      duration: duration({ minNs: 1000, maxNs: MAX_RUN_NS }).optional().describe('simulated time, 1us..24h'),
      warmup: duration({ maxNs: MAX_RUN_NS }).optional(),
      seed: integer(0, MAX_SEED).optional().describe('base seed, an integer 0..2^32-1'),
      replications: count(MAX_REPLICATIONS).optional().describe(`independent replications per mode, 1..${MAX_REPLICATIONS}`),
      timelineInterval: duration({ minNs: 1000, maxNs: MAX_RUN_NS }).optional(),
      maxRequests: count(1e9).optional().describe('stop issuing after this many requests, 1..1e9'),
      errorTolerance: ratio.optional().describe('largest acceptable (failed + timed out) / issued before the run is judged overloaded, 0..1; default 0.001'),
    })
    .optional(),
  workload: z.strictObject({
    headerBytes: z.strictObject({ request: headerSize.optional(), response: headerSize.optional() }).optional(),
    groups: z.array(clientGroupSchema).min(1).max(64),
  }),
  topology: z
    .strictObject({
      servers: serverGroupSchema.optional(),
      frontEnd: nodeGroupSchema(64).extend({ ecmp: ecmpSchema.optional(), rss: frontEndRssSchema.optional() }).optional().describe('the LVS director(s) or the haproxy box(es)'),
      lanDelay: durationSchema.optional(),
      mtu: integer(576, 9216).optional(),
      backend: z
        .strictObject({
          latency: distributionSchema(durationSchema).optional(),
          replicas: count(16).optional().describe('copies of each object (Swift replicas), 1..16'),
          nic: rateSchema.optional(),
          objectServers: count(10_000).optional().describe('Swift object servers holding the replicas, 1..10000, at least replicas (default: replicas); faults name them object-0..'),
          connTimeout: positiveDurationSchema.optional().describe('Swift proxy conn_timeout: an object server that does not answer a connect is given up after this (default 0.5s)'),
          errorSuppressionLimit: integer(0, 10_000).optional().describe('Swift proxy error_suppression_limit: a node with more errors is skipped (default 10)'),
          errorSuppressionInterval: positiveDurationSchema.optional().describe('Swift proxy error_suppression_interval: how long errors count and a node stays skipped (default 60s)'),
        })
        .optional()
        .describe('Swift object servers behind the proxies'),
    })
    .optional(),
  balancing: z
    .strictObject({
      lvs: z.enum(BALANCER_NAMES).optional(),
      proxy: z.enum(BALANCER_NAMES).optional(),
      client: z.enum(BALANCER_NAMES).optional(),
      lvsOptions: balancerOptionsSchema.optional(),
      proxyOptions: balancerOptionsSchema.optional(),
      clientOptions: balancerOptionsSchema.optional(),
    })
    .optional()
    .describe('scheduler names (lbsim schema lists them) and their options; persistence is lvs.persistence, per-server weights topology.servers.weights, haproxy server maxconn proxy.serverMaxconn'),
  dns: z
    .strictObject({
      ttl: durationSchema.optional(),
      authoritativeRtt: durationSchema.optional().describe('resolver ↔ authoritative server round trip'),
      authoritativeCores: cores.optional(),
      resolvers: z.array(resolverSchema).min(1).max(64).optional(),
    })
    .optional(),
  registry: z
    .strictObject({
      cores: cores.optional(),
      nic: rateSchema.optional(),
      rtt: durationSchema.optional(),
      refresh: z.union([z.literal('per-request'), positiveDurationSchema]).optional(),
    })
    .optional(),
  lvs: z
    .strictObject({
      tunPmtu: z.enum(['clamp-mss', 'fragment']).optional(),
      arpIgnore: z.boolean().optional().describe('lvs-dr: real servers do not answer ARP for the VIP (arp_ignore=1, arp_announce=2)'),
      finTimeout: durationSchema.optional(),
      upperThreshold: integer(0, 16_777_216).optional().describe('ipvsadm -x: a real server with this many entries (active + inactive) is not scheduled (default 0: none)'),
      lowerThreshold: integer(0, 16_777_216).optional().describe('ipvsadm -y: scheduled again below this many (default 0: three quarters of -x)'),
      persistence: durationSchema.optional().describe('ipvsadm -p: a client\'s new connections go to its last server while it used it this recently (default 0: off)'),
      healthCheck: healthCheckSchema.optional(),
    })
    .optional(),
  proxy: z
    .strictObject({
      serverConnections: z.enum(['reuse', 'per-request']).optional(),
      splice: z.boolean().optional(),
      maxconn: count(1_000_000).optional().describe('haproxy global maxconn: client connections served at once; more wait in the listen backlog (default 50000)'),
      serverMaxconn: integer(0, 1_000_000).optional().describe('haproxy server maxconn: requests sent to one server at once, the rest wait in the queue (default 0: unlimited)'),
      timeoutQueue: positiveDurationSchema.optional().describe('haproxy timeout queue: a request queued longer gets a 503 (default: timeout connect)'),
      timeoutConnect: positiveDurationSchema.optional().describe('haproxy timeout connect (default 5s)'),
      timeoutServer: positiveDurationSchema.optional().describe('haproxy timeout server: no response within it gives a 504 (default 30s)'),
      timeoutClient: positiveDurationSchema.optional().describe('haproxy timeout client (default 30s)'),
      timeoutHttpKeepAlive: positiveDurationSchema.optional().describe('haproxy timeout http-keep-alive: an idle client connection is closed (default: timeout client)'),
      healthCheck: healthCheckSchema.optional(),
    })
    .optional(),
  tls: z
    .strictObject({
      enabled: z.boolean().optional().describe('clients speak TLS 1.3 to the service (default false)'),
      resumedFraction: ratio.optional().describe('share of new client connections that resume an earlier TLS session instead of a full handshake (default 0)'),
      reencrypt: z.boolean().optional().describe('l7-proxy: haproxy also speaks TLS to the servers (default false: clear text behind it)'),
    })
    .optional()
    .describe('TLS termination: at haproxy (client side) in l7-proxy, at the Swift proxy servers in every other mode; costs under costs.tls'),
  costs: costOverrides.optional(),
  ha: haSchema.optional(),
  faults: faultsSchema.optional(),
});

export type ScenarioInput = z.infer<typeof scenarioSchema>;
