import { type FaultResult, LATENCY_STATS, type NodeTraffic, type ResourceResult, type RunResult, type ServerShare, type TimelinePoint } from '../sim/result.js';
import { paramAxes, type ResultRow } from './rows.js';
import { latencyOrNull } from './summary-table.js';

/**
 * The tidy tables behind every CSV and chart: one observation per record, one variable per column.
 *
 * Every table starts with the same identifying columns, so any two can be joined on `run`:
 *   run (index of the row in the input), scenario, mode, seed, replication,
 *   then one column per swept parameter, named `param.<path>` (e.g. `param.topology.servers.count`),
 *   in order of first appearance; empty where a row lacks that parameter.
 * The prefix keeps a parameter from ever colliding with a result column (a sweep over `mode` or
 * `seed` stays unambiguous). Units are in the column names (`…Ms`, `…PerSecond`, `…Bytes…`).
 * `wallSeconds` is left out: it is the one non-deterministic field.
 */
export const TABLE_NAMES = ['results', 'resources', 'servers', 'timeline', 'traffic', 'faults'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export type ColumnType = 'string' | 'number' | 'boolean';
export type Cell = string | number | boolean | null;

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
}

export interface Table {
  readonly name: TableName;
  /** File name relative to the output directory. */
  readonly file: string;
  readonly columns: readonly Column[];
  readonly records: readonly (readonly Cell[])[];
}

export const PARAM_PREFIX = 'param.';

export function paramColumn(path: string): string {
  return PARAM_PREFIX + path;
}

interface ColumnDef<T> {
  readonly name: string;
  readonly type: ColumnType;
  readonly get: (item: T) => Cell;
}

function num<T>(name: string, get: (item: T) => number | null): ColumnDef<T> {
  return { name, type: 'number', get: (item) => finiteOrNull(get(item)) };
}

function str<T>(name: string, get: (item: T) => string): ColumnDef<T> {
  return { name, type: 'string', get };
}

function bool<T>(name: string, get: (item: T) => boolean): ColumnDef<T> {
  return { name, type: 'boolean', get };
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

const BITS_PER_BYTE = 8;

const RESULT_COLUMNS: readonly ColumnDef<RunResult>[] = [
  num('simulatedSeconds', (r) => r.simulatedSeconds),
  num('warmupSeconds', (r) => r.warmupSeconds),
  num('events', (r) => r.events),
  num('offeredRequestsPerSecond', (r) => r.offeredRequestsPerSecond),
  num('requestsPerSecond', (r) => r.throughput.requestsPerSecond),
  num('goodputBytesPerSecond', (r) => r.throughput.goodputBytesPerSecond),
  num('goodputGbps', (r) => (r.throughput.goodputBytesPerSecond * BITS_PER_BYTE) / 1e9),
  // Empty cells when the window saw no completion (there is no latency to report).
  num('latencyMeanMs', (r) => latencyOrNull(r, 'mean')),
  num('latencyP50Ms', (r) => latencyOrNull(r, 'p50')),
  num('latencyP90Ms', (r) => latencyOrNull(r, 'p90')),
  num('latencyP99Ms', (r) => latencyOrNull(r, 'p99')),
  num('latencyP999Ms', (r) => latencyOrNull(r, 'p999')),
  num('latencyMaxMs', (r) => latencyOrNull(r, 'max')),
  num('latencyCensoredFraction', (r) => r.latencyMs.censoredFraction),
  ...LATENCY_STATS.map((stat) => bool<RunResult>(`latency${capitalise(stat)}Censored`, (r) => r.latencyMs.censored[stat])),
  num('issued', (r) => r.requests.issued),
  num('completed', (r) => r.requests.completed),
  num('failed', (r) => r.requests.failed),
  num('timedOut', (r) => r.requests.timedOut),
  num('inFlight', (r) => r.requests.inFlight),
  num('unfinished', (r) => r.requests.unfinished),
  num('retried', (r) => r.requests.retried),
  str('healthState', (r) => r.health.state),
  num('healthUnfinishedFraction', (r) => r.health.unfinishedFraction),
  num('healthBacklogGrowthPerSecond', (r) => r.health.backlogGrowthPerSecond),
  str('healthReasons', (r) => r.health.reasons.join('; ')),
  str('bottleneckResource', (r) => r.bottleneck.resource),
  str('bottleneckNode', (r) => r.bottleneck.node),
  str('bottleneckKind', (r) => r.bottleneck.kind),
  num('bottleneckUtilization', (r) => r.bottleneck.utilization),
  bool('bottleneckSaturated', (r) => r.bottleneck.saturated),
  str('bottleneckEvidence', (r) => r.bottleneck.evidence),
  num('headroom', (r) => r.headroom),
  num('imbalanceMaxOverMean', (r) => r.imbalance.maxOverMean),
  num('imbalanceCv', (r) => r.imbalance.cv),
];

interface Of<T> {
  readonly result: RunResult;
  readonly item: T;
}

const RESOURCE_COLUMNS: readonly ColumnDef<Of<ResourceResult>>[] = [
  str('resource', (x) => x.item.id),
  str('node', (x) => x.item.node),
  str('kind', (x) => x.item.kind),
  num('utilization', (x) => x.item.utilization),
  num('meanQueue', (x) => x.item.meanQueue),
  num('maxQueue', (x) => x.item.maxQueue),
  num('dropped', (x) => x.item.dropped),
  {
    name: 'bottleneck',
    type: 'boolean',
    get: (x) => x.item.id === x.result.bottleneck.resource && x.item.node === x.result.bottleneck.node,
  },
  // A real server's own resource, as opposed to the mode's machinery (director, proxy, DNS, registry).
  { name: 'serverNode', type: 'boolean', get: (x) => x.result.servers.some((s) => s.id === x.item.node) },
];

const SERVER_COLUMNS: readonly ColumnDef<Of<ServerShare>>[] = [
  str('server', (x) => x.item.id),
  num('requests', (x) => x.item.requests),
  num('bytes', (x) => x.item.bytes),
  num('share', (x) => x.item.share),
];

const TIMELINE_COLUMNS: readonly ColumnDef<Of<TimelinePoint>>[] = [
  num('startS', (x) => x.item.startS),
  num('endS', (x) => x.item.endS),
  num('completed', (x) => x.item.completed),
  num('failed', (x) => x.item.failed),
  num('timedOut', (x) => x.item.timedOut),
  num('retried', (x) => x.item.retried),
  num('requestsPerSecond', (x) => x.item.requestsPerSecond),
  num('p99Ms', (x) => x.item.p99Ms),
];

const TRAFFIC_COLUMNS: readonly ColumnDef<Of<NodeTraffic>>[] = [
  str('node', (x) => x.item.node),
  num('packetsIn', (x) => x.item.packetsIn),
  num('packetsOut', (x) => x.item.packetsOut),
  num('bytesIn', (x) => x.item.bytesIn),
  num('bytesOut', (x) => x.item.bytesOut),
  num('cpuNs', (x) => x.item.cpuNs),
];

/** One row per scheduled fault per run; `atS` and `detectedS` are on the timeline's clock (from the end of warm-up). */
const FAULT_COLUMNS: readonly ColumnDef<Of<FaultResult>>[] = [
  str('fault', (x) => x.item.id),
  str('kind', (x) => x.item.kind),
  str('target', (x) => x.item.target),
  num('atS', (x) => x.item.atSeconds - x.result.warmupSeconds),
  num('detectedS', (x) => (x.item.detectedAfterSeconds === null ? null : x.item.atSeconds + x.item.detectedAfterSeconds - x.result.warmupSeconds)),
  num('detectedAfterSeconds', (x) => x.item.detectedAfterSeconds),
  num('recoveredAfterSeconds', (x) => x.item.recoveredAfterSeconds),
  num('failed', (x) => x.item.failed),
  num('timedOut', (x) => x.item.timedOut),
  num('retried', (x) => x.item.retried),
  num('succeededAfterRetry', (x) => x.item.succeededAfterRetry),
];

const ID_COLUMNS: readonly Column[] = [
  { name: 'run', type: 'number' },
  { name: 'scenario', type: 'string' },
  { name: 'mode', type: 'string' },
  { name: 'seed', type: 'number' },
  { name: 'replication', type: 'number' },
];

function buildTable<T>(
  name: TableName,
  rows: readonly ResultRow[],
  items: (result: RunResult) => readonly T[],
  defs: readonly ColumnDef<T>[],
): Table {
  const axes = paramAxes(rows);
  const paramColumns: Column[] = axes.map((axis) => ({
    name: paramColumn(axis.path),
    type: axis.numeric ? 'number' : 'string',
  }));
  const records: Cell[][] = [];
  rows.forEach((row, run) => {
    const r = row.result;
    const id: Cell[] = [run, r.scenario, r.mode, r.seed, r.replication];
    const params: Cell[] = axes.map((axis) => row.params[axis.path] ?? null);
    for (const item of items(r)) records.push([...id, ...params, ...defs.map((def) => def.get(item))]);
  });
  return {
    name,
    file: `${name}.csv`,
    columns: [...ID_COLUMNS, ...paramColumns, ...defs.map(({ name: n, type }) => ({ name: n, type }))],
    records,
  };
}

function each<T>(pick: (r: RunResult) => readonly T[]): (r: RunResult) => Of<T>[] {
  return (result) => pick(result).map((item) => ({ result, item }));
}

export function buildTables(rows: readonly ResultRow[]): Record<TableName, Table> {
  return {
    results: buildTable('results', rows, (r) => [r], RESULT_COLUMNS),
    resources: buildTable('resources', rows, each((r) => r.resources), RESOURCE_COLUMNS),
    servers: buildTable('servers', rows, each((r) => r.servers), SERVER_COLUMNS),
    timeline: buildTable('timeline', rows, each((r) => r.timeline), TIMELINE_COLUMNS),
    traffic: buildTable('traffic', rows, each((r) => r.traffic), TRAFFIC_COLUMNS),
    faults: buildTable('faults', rows, each((r) => r.faults ?? []), FAULT_COLUMNS),
  };
}
