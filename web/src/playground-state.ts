import { QUICK_RUN } from '../../drivers/quick-run.js';
import { setAtPath } from '../../drivers/scenario-edit.js';
import { MODES, type Mode } from '../../sim/result.js';
import type { Scenario } from '../../sim/scenario/types.js';

/**
 * What the playground shows, as plain data: which scenario (from the library, or pasted YAML), the
 * slider settings, the mode and the seed. It round-trips through the URL fragment (shareable,
 * works from a file:// URL), and `editedInput` turns it into the raw scenario input the simulator
 * validates: the scenario file with only the fields whose slider was moved set, and the run
 * shortened to the quick run unless `full` is set.
 */
export interface Sliders {
  readonly servers: number;
  /** Total offered rate over the open-loop groups (req/s); null for a closed-loop scenario. */
  readonly rateRps: number | null;
  /** Mean object size in KiB. */
  readonly sizeKiB: number;
  readonly ttlS: number;
  /** Requests per connection (keep-alive). */
  readonly keepAlive: number;
}

export interface PlaygroundState {
  /** A library file name, or 'pasted'. */
  readonly scenario: string;
  /** The pasted text when scenario === 'pasted'. */
  readonly yaml: string;
  readonly mode: Mode;
  readonly seed: number | null;
  readonly full: boolean;
  /** Only the sliders that were moved away from the scenario's own values. */
  readonly moved: Partial<Sliders>;
}

export const DEFAULT_STATE: PlaygroundState = { scenario: 'default.yaml', yaml: '', mode: 'l7-proxy', seed: null, full: false, moved: {} };

const SLIDER_KEYS = ['servers', 'rateRps', 'sizeKiB', 'ttlS', 'keepAlive'] as const;

/** The sliders' starting values: what the validated scenario itself says. */
export function slidersOf(s: Scenario): Sliders {
  const groups = s.workload.groups;
  const open = groups.filter((g) => g.arrival.kind === 'poisson');
  const size = groups[0]?.objectSizeBytes;
  const meanBytes = size === undefined ? 65_536 : size.kind === 'constant' ? size.value : 'mean' in size ? size.mean : 65_536;
  return {
    servers: s.topology.servers.count,
    rateRps: open.length === 0 ? null : open.reduce((sum, g) => sum + (g.arrival.kind === 'poisson' ? g.arrival.ratePerSecond : 0), 0),
    sizeKiB: Math.round(meanBytes / 1024),
    ttlS: Math.round(s.dns.ttlNs / 1e9),
    keepAlive: groups[0]?.requestsPerConnection ?? 10,
  };
}

type Obj = Record<string, unknown>;

/** The raw input with the moved sliders applied (and the quick run unless `full`). */
export function editedInput(raw: unknown, base: Scenario, state: PlaygroundState): unknown {
  let out = raw;
  if (!state.full) {
    out = setAtPath(out, ['run', 'warmup'], QUICK_RUN.warmup);
    out = setAtPath(out, ['run', 'duration'], QUICK_RUN.duration);
    out = setAtPath(out, ['run', 'replications'], 1);
  }
  const m = state.moved;
  const groups = ((out as Obj).workload as Obj | undefined)?.groups as Obj[] | undefined ?? [];
  if (m.servers !== undefined) out = setAtPath(out, ['topology', 'servers', 'count'], m.servers);
  if (m.ttlS !== undefined) out = setAtPath(out, ['dns', 'ttl'], `${m.ttlS}s`);
  const start = slidersOf(base);
  groups.forEach((g, i) => {
    const normalized = base.workload.groups[i]!;
    if (m.keepAlive !== undefined) out = setAtPath(out, ['workload', 'groups', i, 'requestsPerConnection'], m.keepAlive);
    if (m.rateRps !== undefined && m.rateRps !== null && start.rateRps !== null && normalized.arrival.kind === 'poisson') {
      out = setAtPath(out, ['workload', 'groups', i, 'arrival', 'rate'], Math.round((normalized.arrival.ratePerSecond * m.rateRps) / start.rateRps));
    }
    if (m.sizeKiB !== undefined) {
      const d = normalized.objectSizeBytes;
      const mean = m.sizeKiB * 1024;
      const size = d.kind === 'constant' ? { kind: 'constant', value: mean } : d.kind === 'lognormal' ? { kind: 'lognormal', mean, cv: d.cv, ...(d.max !== undefined ? { max: Math.max(d.max, mean) } : {}) } : { kind: 'lognormal', mean, cv: 1 };
      out = setAtPath(out, ['workload', 'groups', i, 'objectSize'], size);
    }
  });
  return out;
}

/** State → URL fragment ("#scenario=default.yaml&mode=lvs-dr&servers=8"). */
export function encodeState(state: PlaygroundState): string {
  const p = new URLSearchParams();
  p.set('scenario', state.scenario);
  if (state.scenario === 'pasted') p.set('yaml', state.yaml);
  p.set('mode', state.mode);
  if (state.seed !== null) p.set('seed', String(state.seed));
  if (state.full) p.set('full', '1');
  for (const k of SLIDER_KEYS) {
    const v = state.moved[k];
    if (v !== undefined && v !== null) p.set(k, String(v));
  }
  return `#${p.toString()}`;
}

export function decodeState(hash: string): PlaygroundState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const mode = p.get('mode');
  const seed = Number(p.get('seed'));
  const moved: Record<string, number> = {};
  for (const k of SLIDER_KEYS) {
    const v = Number(p.get(k));
    if (p.has(k) && Number.isFinite(v) && v > 0) moved[k] = v;
  }
  return {
    scenario: p.get('scenario') ?? DEFAULT_STATE.scenario,
    yaml: p.get('yaml') ?? '',
    mode: mode !== null && (MODES as readonly string[]).includes(mode) ? (mode as Mode) : DEFAULT_STATE.mode,
    seed: p.has('seed') && Number.isInteger(seed) ? seed : null,
    full: p.get('full') === '1',
    moved: moved as Partial<Sliders>,
  };
}
