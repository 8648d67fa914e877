import { scenarioSchema } from '../../sim/scenario/schema.js';
import { UsageError } from '../cli/errors.js';
import { formatSegments, type PathSegment } from '../../drivers/scenario-edit.js';
import { checkSchemaPath, parsePath } from './schema-path.js';

/**
 * `--vary path=v1,v2,…`: one axis of a sweep grid. Values are numbers when numeric, booleans for
 * true/false, else strings (so "2ms" and "10Gbps" stay unit strings for the schema to read).
 */
export type AxisValue = string | number | boolean;

export interface Axis {
  /** As written in the row params and CSV columns: "workload.groups[0].arrival.rate". */
  readonly path: string;
  readonly segments: readonly PathSegment[];
  readonly values: readonly AxisValue[];
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseAxisValue(text: string): AxisValue {
  if (NUMBER.test(text)) return Number(text);
  if (text === 'true') return true;
  if (text === 'false') return false;
  return text;
}

/** Parses and checks one `--vary` against the scenario schema; throws UsageError naming the path. */
export function parseVary(spec: string): Axis {
  const eq = spec.indexOf('=');
  if (eq < 0) throw new UsageError(`--vary ${spec}: expected path=v1,v2,… (e.g. topology.servers.count=1,2,4)`);
  const text = spec.slice(0, eq).trim();
  const segments = parsePath(text);
  if (segments === null || segments.length === 0) throw new UsageError(`--vary ${spec}: "${text}" is not a field path (e.g. workload.groups[0].arrival.rate)`);
  const path = formatSegments(segments);
  const problem = checkSchemaPath(scenarioSchema, segments);
  if (problem !== null) throw new UsageError(`--vary ${path}: unknown scenario field: ${problem}`);
  const list = spec.slice(eq + 1).trim();
  if (list === '') throw new UsageError(`--vary ${path}: no values given, so the grid is empty`);
  const texts = list.split(',').map((v) => v.trim());
  if (texts.some((t) => t === '')) throw new UsageError(`--vary ${path}=${list}: empty value in the list`);
  const values = texts.map(parseAxisValue);
  const seen = new Set<string>();
  for (const v of values) {
    const k = JSON.stringify(v);
    if (seen.has(k)) throw new UsageError(`--vary ${path}: value ${String(v)} is listed twice`);
    seen.add(k);
  }
  return { path, segments, values };
}

export function parseVaries(specs: readonly string[]): Axis[] {
  if (specs.length === 0) throw new UsageError('sweep: give at least one --vary path=v1,v2,…');
  const axes = specs.map(parseVary);
  for (let i = 0; i < axes.length; i++) {
    for (let j = 0; j < i; j++) {
      if (axes[i]!.path === axes[j]!.path) throw new UsageError(`--vary ${axes[i]!.path}: the same path is varied twice`);
    }
  }
  return axes;
}
