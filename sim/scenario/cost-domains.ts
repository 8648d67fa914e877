import type { Profile } from '../calibration/profile.js';

/**
 * The domain of every number a scenario's `costs:` may override, by the profile field it replaces.
 * Fields are named with their unit, and most domains follow from it: CPU time per item (`…Ns`,
 * `…NsPerPacket`) is 0..1 s of a core, per byte 0..10 µs (100 kB/s), sizes (`…Bytes`) whole
 * bytes. The TCP fields are Linux's own knobs and take Linux's ranges. A field listed in
 * EXPLICIT wins over the rule for its unit.
 */
export interface CostDomain {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  /** What is allowed, as the error message and the schema describe it. */
  readonly text: string;
}

const NS_PER_ITEM: CostDomain = { min: 0, max: 1e9, integer: false, text: 'a number of ns, 0..1e9 (one second of a core)' };
const NS_PER_BYTE: CostDomain = { min: 0, max: 1e4, integer: false, text: 'a number of ns per byte, 0..10000' };
const bytes = (min: number, max: number, shown: string): CostDomain => ({ min, max, integer: true, text: `a whole number of bytes, ${shown}` });

const EXPLICIT: Readonly<Record<string, CostDomain>> = {
  // Linux TCP_MAX_QUICKACKS is 16: the kernel never sends more quick ACKs at a connection's start.
  quickAcks: { min: 0, max: 16, integer: true, text: 'a whole number of quick ACKs, 0..16 (Linux TCP_MAX_QUICKACKS)' },
  // RFC 1122 §4.2.3.2: an ACK may be delayed, but by less than 0.5 s.
  delayedAckNs: { min: 0, max: 500e6, integer: false, text: 'a number of ns, 0..5e8 (RFC 1122: a delayed ACK waits under 0.5 s)' },
  // Linux route option initcwnd; RFC 6928 measured up to IW10, CDNs run a few tens.
  initialCwndSegments: { min: 1, max: 1000, integer: true, text: 'a whole number of segments, 1..1000' },
  // Linux rto_min: at least one 1 ms tick, at most TCP_RTO_MAX (120 s).
  minRtoNs: { min: 1e6, max: 120e9, integer: false, text: 'a number of ns, 1e6..1.2e11 (1 ms to Linux TCP_RTO_MAX, 120 s)' },
  // Divided by: a table needs room for an entry; an entry holds at least its addresses.
  connEntryBytes: bytes(1, 2 ** 20, '1..1MiB'),
  connTableMemoryBytes: bytes(1, 2 ** 40, '1..2^40'),
  // haproxy tune.bufsize: each read or write moves at most this much.
  bufferBytes: bytes(1024, 2 ** 30, '1024..2^30'),
  replyBaseBytes: bytes(0, 2 ** 30, '0..2^30'),
  // RFC 8446 §5.1, §5.2: a TLS record holds at most 2^14 bytes of plaintext and adds at most 256.
  recordBytes: bytes(1, 16_384, '1..16384 (RFC 8446: at most 2^14 per record)'),
  recordOverheadBytes: bytes(0, 256, '0..256 (RFC 8446: at most 256 per record)'),
  replyBytesPerMember: bytes(0, 2 ** 20, '0..1MiB'),
};

/** The domain of a numeric profile field (a leaf, or an entry of a map such as requestNs.GET, named by its map). */
export function costDomain(field: string): CostDomain {
  const explicit = EXPLICIT[field];
  if (explicit !== undefined) return explicit;
  if (/PerByte$/i.test(field)) return NS_PER_BYTE;
  if (/Bytes/.test(field)) return bytes(0, 2 ** 40, '0..2^40');
  return NS_PER_ITEM;
}

/** The roles a scenario may override (hardware defaults are set through topology instead). */
export const OVERRIDABLE_ROLES = ['tcp', 'director', 'proxy', 'server', 'tls', 'dns', 'registry'] as const satisfies readonly (keyof Profile)[];

/**
 * The JSON Schema of one role's overrides, from a profile's shape: each number with its domain,
 * each flag a boolean, each map (per mode, per method) an object of its entries.
 */
export function costRoleJsonSchema(role: Readonly<Record<string, unknown>>, description: string): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const fieldSchema = (field: string, value: unknown): Record<string, unknown> => {
    if (typeof value === 'boolean') return { type: 'boolean' };
    if (typeof value === 'number') {
      const d = costDomain(field);
      return { type: d.integer ? 'integer' : 'number', minimum: d.min, maximum: d.max, description: d.text };
    }
    const entries = Object.entries(value as Record<string, unknown>);
    return { type: 'object', additionalProperties: false, properties: Object.fromEntries(entries.map(([k, v]) => [k, fieldSchema(field, v)])) };
  };
  for (const [field, value] of Object.entries(role)) properties[field] = fieldSchema(field, value);
  return { type: 'object', additionalProperties: false, description, properties };
}
