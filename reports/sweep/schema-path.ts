import type * as z from 'zod';
import { formatSegments, type PathSegment } from '../../drivers/scenario-edit.js';

/**
 * Paths into the raw scenario input ("topology.servers.count", "workload.groups[0].arrival.rate")
 * and the check that a path names a field the scenario schema has, done by walking the zod schema
 * itself so the accepted paths can never drift from the file format.
 */
/** "a.b[0].c" or "a.b.0.c" → ["a", "b", 0, "c"]; null when the text is not a path. */
export function parsePath(text: string): PathSegment[] | null {
  if (!/^[A-Za-z_$][\w$-]*(\.[\w$-]+|\[\d+\])*$/.test(text)) return null;
  const segments: PathSegment[] = [];
  for (const m of text.matchAll(/([A-Za-z_$][\w$-]*|\d+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) segments.push(Number(m[2]));
    else if (/^\d+$/.test(m[1]!)) segments.push(Number(m[1]));
    else segments.push(m[1]!);
  }
  return segments;
}

/** The parts of a zod 4 schema definition this walker reads. */
interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly getter?: () => z.ZodType;
  readonly valueType?: z.ZodType;
  readonly items?: readonly z.ZodType[];
  readonly in?: z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Wrappers that do not change which fields exist. */
const TRANSPARENT = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

/** The concrete alternatives a value at this schema may take (wrappers, lazies and unions opened up). */
function alternatives(schema: z.ZodType, depth = 0): z.ZodType[] {
  if (depth > 50) return [];
  const def = defOf(schema);
  if (TRANSPARENT.has(def.type) && def.innerType) return alternatives(def.innerType, depth + 1);
  if (def.type === 'lazy' && def.getter) return alternatives(def.getter(), depth + 1);
  if (def.type === 'pipe' && def.in) return alternatives(def.in, depth + 1);
  if (def.type === 'union' && def.options) return def.options.flatMap((o) => alternatives(o, depth + 1));
  return [schema];
}

/** What one step of a path reaches from `schema`: the child schemas, and the names it could have taken. */
function step(schema: z.ZodType, segment: PathSegment): { children: z.ZodType[]; keys: string[]; indexable: boolean } {
  const children: z.ZodType[] = [];
  const keys = new Set<string>();
  let indexable = false;
  for (const alt of alternatives(schema)) {
    const def = defOf(alt);
    if (def.type === 'object' && def.shape) {
      for (const k of Object.keys(def.shape)) keys.add(k);
      if (typeof segment === 'string' && Object.hasOwn(def.shape, segment)) children.push(def.shape[segment]!);
    } else if (def.type === 'record' && def.valueType) {
      if (typeof segment === 'string') children.push(def.valueType);
    } else if (def.type === 'array' && def.element) {
      indexable = true;
      if (typeof segment === 'number') children.push(def.element);
    } else if (def.type === 'tuple' && def.items) {
      indexable = true;
      if (typeof segment === 'number' && segment < def.items.length) children.push(def.items[segment]!);
    } else if (def.type === 'unknown' || def.type === 'any') {
      children.push(alt);
    }
  }
  return { children, keys: [...keys].sort(), indexable };
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diag + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}

/**
 * Null when `segments` addresses a field of `schema` (through any alternative of a union), else a
 * one-line reason naming the first segment that does not exist and the nearest valid keys.
 */
export function checkSchemaPath(schema: z.ZodType, segments: readonly PathSegment[]): string | null {
  let current: z.ZodType[] = [schema];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const steps = current.map((s) => step(s, segment));
    const next = steps.flatMap((s) => s.children);
    if (next.length > 0) {
      current = next;
      continue;
    }
    const where = i === 0 ? 'the scenario' : formatSegments(segments.slice(0, i));
    const keys = [...new Set(steps.flatMap((s) => s.keys))].sort();
    if (typeof segment === 'number') {
      return keys.length > 0 ? `${where} is an object, not a list (fields: ${keys.join(', ')})` : `${where} is not a list`;
    }
    if (keys.length === 0) return steps.some((s) => s.indexable) ? `${where} is a list: index it, e.g. ${where}[0]` : `${where} is a value, it has no field "${segment}"`;
    const nearest = [...keys].sort((a, b) => distance(segment, a) - distance(segment, b) || a.localeCompare(b));
    const close = nearest.filter((k) => distance(segment, k) <= Math.max(2, Math.floor(k.length / 3)));
    const hint = close.length > 0 ? `did you mean "${close[0]}"? ` : '';
    return `no field "${segment}" in ${where}; ${hint}fields: ${keys.join(', ')}`;
  }
  return null;
}
