import * as z from 'zod';
import { duration, durationSchema, real } from './quantities.js';

/**
 * The `faults:` list of a scenario (docs/failure.md §5). A failure is data: at `at`, something
 * happens to a named node (or to the DNS records / registry membership), and optionally it is
 * undone at `recoverAt`. Targets name nodes as the results do: `server-3`, `front-end-0`,
 * `object-3` (a Swift object server), `resolver-<name>`, `registry`, `dns-authoritative`, `clients-<group>`.
 * Every number is bounded; references are checked in normalize.ts with the field's path.
 */
export const MAX_FAULTS = 64;
/** Added latency or delay of a slow or degraded node: up to a minute (beyond it, model a crash). */
export const MAX_EXTRA_DELAY_NS = 60e9;
/** A fault's times are bounded by the run's (normalize checks at < duration). */
const when = durationSchema.describe('simulated time from the start of the run (warm-up included)');
const id = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes');
const target = z.string().min(1).max(80).describe('node name: server-N, front-end-N, object-N, resolver-NAME, registry, dns-authoritative, clients-GROUP');
const serverList = z.array(z.string().max(80)).min(1).max(1024).describe('server names, e.g. ["server-3"]');

const common = { id: id.optional(), at: when, recoverAt: when.optional().describe('undo the fault at this time (absent: it lasts to the end)') };

export const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('crash'), target, ...common }).describe('the node stops: packets to it vanish, its work in progress is lost'),
  z.strictObject({ kind: z.literal('black-hole'), target, ...common }).describe('packets to and from the node vanish (a partition); it keeps running'),
  z.strictObject({ kind: z.literal('refuse'), target, ...common }).describe('the host is up but its service is not: every packet is answered with a reset'),
  z.strictObject({
    kind: z.literal('slow'), target, ...common,
    cpuFactor: real(1, 1000).optional().describe('CPU work takes this many times longer, 1..1000'),
    extraLatency: duration({ maxNs: MAX_EXTRA_DELAY_NS }).optional().describe('added to every packet train the node receives, up to 60s'),
  }).describe('the node works, slowly'),
  z.strictObject({
    kind: z.literal('link'), target, ...common,
    cut: z.boolean().optional().describe('the node\'s link carries nothing (default false)'),
    extraDelay: duration({ maxNs: MAX_EXTRA_DELAY_NS }).optional().describe('one-way delay added on the node\'s link, up to 60s'),
  }).describe('the node\'s network link is cut or degraded'),
  z.strictObject({ kind: z.literal('drain'), target, ...common }).describe('a real server\'s weight goes to 0: no new connections or requests; those under way finish'),
  z.strictObject({ kind: z.literal('stop'), target, ...common }).describe('a front end shuts down cleanly (keepalived sends VRRP priority 0 first)'),
  z.strictObject({ kind: z.literal('dns-records'), remove: serverList.optional(), add: serverList.optional().describe('absent from the start, answered from `at` (until recoverAt)'), ...common })
    .describe('the authoritative server stops answering with the `remove` addresses and starts answering with the `add` ones (until recoverAt)'),
  z.strictObject({ kind: z.literal('registry-membership'), remove: serverList.optional(), add: serverList.optional().describe('unlisted from the start, listed from `at` (until recoverAt)'), ...common })
    .describe('the registry stops listing the `remove` servers and starts listing the `add` ones (until recoverAt)'),
]);

export const faultsSchema = z.array(faultSchema).max(MAX_FAULTS).describe(`failures scheduled in the run, at most ${MAX_FAULTS}`);

export type FaultInput = z.infer<typeof faultSchema>;
