import * as z from 'zod';
import { BALANCER_NAMES } from '../balancing/registry.js';
import { PROFILE_NAMES } from '../calibration/profiles/index.js';
import { MODES } from '../result.js';
import {
  count, real, distributionSchema, duration, durationSchema, integer, positive, positiveDurationSchema, positiveWeight, rate, rateSchema,
  relativeWeight, size, sizeSchema,
} from './quantities.js';

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
  timeout: positiveDurationSchema.optional(),
  accessLink: rateSchema.optional().describe('bandwidth of one access link shared by the whole group, each direction (default: none; the clients are many hosts)'),
  rtt: durationSchema.optional().describe('round trip between these clients and the data centre'),
  resolver: label.optional().describe('name of the caching resolver these clients use (rr-dns)'),
  dnsCaches: z
    .array(z.strictObject({ weight: positiveWeight, cache: dnsCacheSchema }))
    .min(1)
    .max(16)
    .optional()
    .describe('mix of client DNS cache behaviours (rr-dns)'),
});

const cores = count(256).describe('CPU cores, 1..256');

function nodeGroupSchema(maxCount: number) {
  return z.strictObject({
    count: count(maxCount).optional().describe(`how many, 1..${maxCount}`),
    cores: cores.optional(),
    nic: rateSchema.optional(),
    segment: label.optional().describe('L2 segment name (lvs-dr needs the front end and the servers on one)'),
    weights: z.array(integer(0, MAX_SERVER_WEIGHT)).max(1024).optional()
      .describe(`scheduler weights per server (servers only): integers 0..${MAX_SERVER_WEIGHT}, as IPVS and haproxy take, at least one above 0`),
  });
}

const resolverSchema = z.strictObject({
  name: label,
  cores: cores.optional(),
  ttlFloor: durationSchema.optional(),
  ttlCeiling: durationSchema.optional(),
  rotate: z.boolean().optional().describe('rotate the cached address list on every answer (cyclic rrset order)'),
  clientRtt: durationSchema.optional(),
});

const costOverrides = z
  .strictObject({
    director: z.record(z.string(), z.unknown()).optional(),
    proxy: z.record(z.string(), z.unknown()).optional(),
    server: z.record(z.string(), z.unknown()).optional(),
    dns: z.record(z.string(), z.unknown()).optional(),
    registry: z.record(z.string(), z.unknown()).optional(),
  })
  .describe('per-role overrides of the calibration profile, field names as in the profile (units in the names)');


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
    })
    .optional(),
  workload: z.strictObject({
    headerBytes: z.strictObject({ request: headerSize.optional(), response: headerSize.optional() }).optional(),
    groups: z.array(clientGroupSchema).min(1).max(64),
  }),
  topology: z
    .strictObject({
      servers: nodeGroupSchema(1024).optional(),
      frontEnd: nodeGroupSchema(64).optional().describe('the LVS director(s) or the haproxy box(es)'),
      lanDelay: durationSchema.optional(),
      mtu: z.number().int().min(576).max(9216).optional(),
      backend: z
        .strictObject({
          latency: distributionSchema(durationSchema).optional(),
          replicas: count(16).optional().describe('copies of each object (Swift replicas), 1..16'),
          nic: rateSchema.optional(),
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
    })
    .optional(),
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
    })
    .optional(),
  proxy: z
    .strictObject({
      serverConnections: z.enum(['reuse', 'per-request']).optional(),
      splice: z.boolean().optional(),
    })
    .optional(),
  costs: costOverrides.optional(),
});

export type ScenarioInput = z.infer<typeof scenarioSchema>;
