import * as z from 'zod';
import { BALANCER_NAMES } from '../balancing/registry.js';
import { PROFILE_NAMES } from '../calibration/profiles/index.js';
import { MODES } from '../result.js';
import { distributionSchema, durationSchema, positiveDurationSchema, rateSchema, sizeSchema } from './quantities.js';

/**
 * The scenario file format (YAML or JSON), as written by users. Every object is strict: an
 * unknown field is an error, not silently ignored. Units are strings ("2ms", "10Gbps", "64KiB");
 * bare numbers are seconds for durations and bytes for sizes. Defaults not given here come from
 * the calibration profile in normalize.ts.
 */
const methodMix = z
  .strictObject({
    GET: z.number().min(0).optional(),
    PUT: z.number().min(0).optional(),
    HEAD: z.number().min(0).optional(),
    DELETE: z.number().min(0).optional(),
  })
  .describe('relative weights of request methods; they need not sum to 1');

const dnsCacheSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('honour-ttl') }).describe('stub that keeps an answer for its TTL'),
  z.strictObject({ kind: z.literal('floor'), min: positiveDurationSchema }).describe('keeps answers at least `min` (JVM 30s, browsers 60s)'),
  z.strictObject({ kind: z.literal('pin') }).describe('resolves once and keeps the first address for the life of the process'),
]);

const arrivalSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('poisson'), rate: z.number().positive().describe('requests per second, for the whole group') }),
  z.strictObject({
    kind: z.literal('closed'),
    think: distributionSchema(durationSchema).describe('think time between a response and the next request of a session'),
    rampUp: durationSchema.optional().describe('sessions start at times spread uniformly over this period (default: the warm-up), avoiding a synchronised first wave'),
  }).describe('each client runs one session: request, wait for the response, think, repeat'),
]);

const clientGroupSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes, starting with a letter'),
  clients: z.number().int().positive(),
  arrival: arrivalSchema,
  mix: methodMix.optional(),
  objectSize: distributionSchema(sizeSchema).optional(),
  requestsPerConnection: z.number().int().positive().optional().describe('keep-alive: requests carried by one TCP connection'),
  timeout: positiveDurationSchema.optional(),
  accessLink: rateSchema.optional().describe('bandwidth of one access link shared by the whole group, each direction (default: none; the clients are many hosts)'),
  rtt: durationSchema.optional().describe('round trip between these clients and the data centre'),
  resolver: z.string().optional().describe('name of the caching resolver these clients use (rr-dns)'),
  dnsCaches: z
    .array(z.strictObject({ weight: z.number().positive(), cache: dnsCacheSchema }))
    .min(1)
    .optional()
    .describe('mix of client DNS cache behaviours (rr-dns)'),
});

const nodeGroupSchema = z.strictObject({
  count: z.number().int().positive().optional(),
  cores: z.number().int().positive().optional(),
  nic: rateSchema.optional(),
  segment: z.string().optional().describe('L2 segment name (lvs-dr needs the front end and the servers on one)'),
  weights: z.array(z.number().min(0)).optional().describe('scheduler weights per server (servers only)'),
});

const resolverSchema = z.strictObject({
  name: z.string(),
  cores: z.number().int().positive().optional(),
  ttlFloor: durationSchema.optional(),
  ttlCeiling: durationSchema.optional(),
  rotate: z.boolean().optional().describe('rotate the cached address list on every answer (cyclic rrset order)'),
  clientRtt: durationSchema.optional(),
});

const costOverrides = z
  .strictObject({
    tcp: z.record(z.string(), z.unknown()).optional(),
    director: z.record(z.string(), z.unknown()).optional(),
    proxy: z.record(z.string(), z.unknown()).optional(),
    server: z.record(z.string(), z.unknown()).optional(),
    dns: z.record(z.string(), z.unknown()).optional(),
    registry: z.record(z.string(), z.unknown()).optional(),
  })
  .describe('per-role overrides of the calibration profile, field names as in the profile (units in the names)');


export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  description: z.string().min(1),
  profile: z.enum(PROFILE_NAMES).optional(),
  modes: z.array(z.enum(MODES)).min(1).optional(),
  run: z
    .strictObject({
      duration: positiveDurationSchema.optional(),
      warmup: durationSchema.optional(),
      seed: z.number().int().min(0).optional(),
      replications: z.number().int().positive().optional(),
      timelineInterval: positiveDurationSchema.optional(),
      maxRequests: z.number().int().positive().optional().describe('stop issuing after this many requests'),
    })
    .optional(),
  workload: z.strictObject({
    headerBytes: z.strictObject({ request: sizeSchema.optional(), response: sizeSchema.optional() }).optional(),
    groups: z.array(clientGroupSchema).min(1),
  }),
  topology: z
    .strictObject({
      servers: nodeGroupSchema.optional(),
      frontEnd: nodeGroupSchema.optional().describe('the LVS director(s) or the haproxy box(es)'),
      lanDelay: durationSchema.optional(),
      mtu: z.number().int().min(576).max(9216).optional(),
      backend: z
        .strictObject({
          latency: distributionSchema(durationSchema).optional(),
          replicas: z.number().int().positive().optional(),
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
      authoritativeCores: z.number().int().positive().optional(),
      resolvers: z.array(resolverSchema).min(1).optional(),
    })
    .optional(),
  registry: z
    .strictObject({
      cores: z.number().int().positive().optional(),
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
