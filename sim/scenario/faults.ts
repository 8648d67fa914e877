import type { FaultInput } from './faults-schema.js';
import { toNs } from './quantities.js';

/**
 * Faults after normalize: times in ns, targets resolved to (role, index). Models read only this.
 * Which kinds apply to which roles is one table, so a forgotten case does not compile.
 */
export type FaultKind = FaultInput['kind'];
export type FaultRole = 'server' | 'front-end' | 'object' | 'resolver' | 'registry' | 'dns-authoritative' | 'clients';

export interface FaultTarget {
  readonly role: FaultRole;
  readonly index: number;
  readonly name: string;
}

export interface Fault {
  readonly id: string;
  readonly kind: FaultKind;
  /** null for changes of DNS records or registry membership. */
  readonly target: FaultTarget | null;
  readonly atNs: number;
  /** null: lasts to the end of the run. */
  readonly recoverAtNs: number | null;
  /** slow: CPU work × this (1: unchanged). */
  readonly cpuFactor: number;
  /** slow / link: added to every train the node receives. */
  readonly extraDelayNs: number;
  /** link: nothing crosses. */
  readonly cut: boolean;
  /** dns-records / registry-membership: server indices removed. */
  readonly servers: readonly number[];
  /** dns-records / registry-membership: server indices absent until `at`, present from then on. */
  readonly added: readonly number[];
}

export const FAULT_ROLES: Readonly<Record<FaultKind, readonly FaultRole[]>> = {
  crash: ['server', 'front-end', 'object', 'resolver', 'registry', 'dns-authoritative'],
  'black-hole': ['server', 'front-end', 'object', 'resolver', 'registry', 'dns-authoritative', 'clients'],
  refuse: ['server', 'front-end', 'object', 'resolver', 'registry', 'dns-authoritative'],
  slow: ['server', 'front-end', 'object', 'registry'],
  link: ['server', 'front-end', 'object', 'registry', 'clients'],
  drain: ['server'],
  stop: ['front-end'],
  'dns-records': [],
  'registry-membership': [],
};

export interface FaultContext {
  readonly durationNs: number;
  readonly servers: number;
  readonly frontEnds: number;
  readonly objectServers: number;
  readonly resolvers: readonly string[];
  readonly groups: readonly string[];
}

type Issue = (path: (string | number)[], message: string) => void;

export function normalizeFaults(input: readonly FaultInput[], ctx: FaultContext, issue: Issue): Fault[] {
  const ids = new Set<string>();
  return input.map((f, i) => {
    const path = ['faults', i];
    const id = f.id ?? `fault-${i}`;
    if (ids.has(id)) issue([...path, 'id'], `duplicate fault id "${id}"`);
    ids.add(id);
    const atNs = toNs(f.at);
    if (atNs >= ctx.durationNs) issue([...path, 'at'], `at (${atNs / 1e9}s) must fall inside the run (duration ${ctx.durationNs / 1e9}s)`);
    const recoverAtNs = f.recoverAt === undefined ? null : toNs(f.recoverAt);
    if (recoverAtNs !== null && recoverAtNs <= atNs) issue([...path, 'recoverAt'], `recoverAt (${recoverAtNs / 1e9}s) must come after at (${atNs / 1e9}s)`);
    let target: FaultTarget | null = null;
    let servers: number[] = [];
    let added: number[] = [];
    if (f.kind === 'dns-records' || f.kind === 'registry-membership') {
      const indices = (names: readonly string[], field: 'remove' | 'add') => names.map((name, k) => {
        const t = resolveTarget(name, ctx);
        if (t === null || t.role !== 'server') {
          issue([...path, field, k], `"${name}" is not a server; servers are server-0..server-${ctx.servers - 1}`);
          return 0;
        }
        return t.index;
      });
      servers = indices(f.remove ?? [], 'remove');
      added = indices(f.add ?? [], 'add');
      if (servers.length + added.length === 0) issue(path, `a ${f.kind} fault needs servers to remove or add`);
      const both = servers.filter((j) => added.includes(j));
      if (both.length > 0) issue([...path, 'add'], `server-${both[0]} is both removed and added`);
    } else {
      target = resolveTarget(f.target, ctx);
      if (target === null) issue([...path, 'target'], `no node "${f.target}"; ${describeNodes(ctx)}`);
      else if (!FAULT_ROLES[f.kind].includes(target.role)) {
        issue([...path, 'target'], `a ${f.kind} fault cannot target ${target.role} "${f.target}"; it applies to: ${FAULT_ROLES[f.kind].join(', ')}`);
      }
    }
    let cpuFactor = 1, extraDelayNs = 0, cut = false;
    if (f.kind === 'slow') {
      cpuFactor = f.cpuFactor ?? 1;
      extraDelayNs = f.extraLatency === undefined ? 0 : toNs(f.extraLatency);
      if (cpuFactor === 1 && extraDelayNs === 0) issue(path, 'a slow fault needs cpuFactor > 1 or extraLatency > 0');
      if (target?.role === 'registry' && cpuFactor !== 1) issue([...path, 'cpuFactor'], 'the registry can only be slowed by extraLatency');
    } else if (f.kind === 'link') {
      cut = f.cut ?? false;
      extraDelayNs = f.extraDelay === undefined ? 0 : toNs(f.extraDelay);
      if (!cut && extraDelayNs === 0) issue(path, 'a link fault needs cut: true or extraDelay > 0');
    }
    return { id, kind: f.kind, target, atNs, recoverAtNs, cpuFactor, extraDelayNs, cut, servers, added };
  });
}

function resolveTarget(name: string, ctx: FaultContext): FaultTarget | null {
  const indexed = /^(server|front-end|object)-(\d{1,6})$/.exec(name);
  if (indexed) {
    const role = indexed[1] as 'server' | 'front-end' | 'object';
    const index = Number(indexed[2]);
    return index < (role === 'server' ? ctx.servers : role === 'object' ? ctx.objectServers : ctx.frontEnds) ? { role, index, name } : null;
  }
  if (name === 'registry' || name === 'dns-authoritative') return { role: name, index: 0, name };
  if (name.startsWith('resolver-')) {
    const index = ctx.resolvers.indexOf(name.slice('resolver-'.length));
    return index >= 0 ? { role: 'resolver', index, name } : null;
  }
  if (name.startsWith('clients-')) {
    const index = ctx.groups.indexOf(name.slice('clients-'.length));
    return index >= 0 ? { role: 'clients', index, name } : null;
  }
  return null;
}

function describeNodes(ctx: FaultContext): string {
  return `nodes are server-0..server-${ctx.servers - 1}, front-end-0..front-end-${ctx.frontEnds - 1}, object-0..object-${ctx.objectServers - 1}, ${ctx.resolvers.map((r) => `resolver-${r}`).join(', ')}, registry, dns-authoritative, ${ctx.groups.map((g) => `clients-${g}`).join(', ')}`;
}
