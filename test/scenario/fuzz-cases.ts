import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { MODES, type Mode, type RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { estimateCost } from '../../sim/scenario/cost-estimate.js';
import { ScenarioError } from '../../sim/scenario/errors.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { loadScenarioValue } from '../../sim/scenario/load-file.js';

/**
 * The input contract as a property, shared by the suite's quick fuzz (test/scenario/fuzz.test.ts)
 * and the long one (`npm run bench -- fuzz --cases N`): any scenario value is either refused
 * before t = 0 (a ScenarioError, or a cost estimate above the budget: both exit 2 in the CLI) or
 * runs to a result with no exception, no NaN or null metric, conservation of requests, and no
 * more events or memory than the estimate said.
 *
 * Two sources of cases: mutations of the shipped scenarios (shortened to 50 ms so most mutants run)
 * and scenarios drawn from the schema's own domains, including the failure, HA, admission and
 * retry fields. Every run is bounded by its estimate (BUDGET_EVENTS), so a case costs milliseconds.
 */
const SCENARIOS_DIR = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const SHIPPED = readdirSync(SCENARIOS_DIR).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
const RAW = SHIPPED.map((f) => loadScenarioValue(join(SCENARIOS_DIR, f)));
/** Runs estimated above this are "refused" here, as --max-events refuses them in the CLI. */
export const BUDGET_EVENTS = 40_000;
/** Fields RunResult documents as null by design. */
const NULLABLE = new Set(['wallSeconds', 'offeredRequestsPerSecond', 'headroom', 'recoverAtSeconds', 'detectedAfterSeconds', 'recoveredAfterSeconds']);

export type Outcome = 'refused' | 'over-budget' | 'ran';
export type Tally = Record<Outcome, number>;

export function tally(): Tally {
  return { refused: 0, 'over-budget': 0, ran: 0 };
}

function badNumbers(value: unknown, path = ''): string[] {
  if (value === null) return [path];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => badNumbers(v, `${path}[${i}]`));
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (NULLABLE.has(k) && v === null ? [] : badNumbers(v, path === '' ? k : `${path}.${k}`)));
  }
  return [];
}

/** One case: refused with one-line reasons, over the budget, or run and checked. */
export function check(raw: unknown, mode: Mode): Outcome {
  let scenario;
  try {
    scenario = parseScenario(raw, 'fuzz.json');
  } catch (err) {
    if (err instanceof ScenarioError) {
      assert.ok(err.issues.length > 0 && err.issues.every((i) => i.message.length > 0 && !i.message.includes('\n')), `one line per issue: ${err.message}`);
      assert.ok(err.message.includes('fuzz.json'), `the message names the file: ${err.message}`);
      return 'refused';
    }
    throw err;
  }
  const estimate = estimateCost(scenario);
  if (estimate.unbounded !== null || estimate.events > BUDGET_EVENTS) return 'over-budget';
  const heapBefore = process.memoryUsage().heapUsed;
  const result: RunResult = runScenario(scenario, { mode: scenario.modes.includes(mode) ? mode : scenario.modes[0]! });
  const bad = badNumbers(result);
  assert.deepEqual(bad, [], `NaN, infinite or null metrics at ${bad.slice(0, 5).join(', ')}`);
  const q = result.requests;
  assert.equal(q.issued, q.completed + q.failed + q.timedOut + q.inFlight, 'issued = completed + failed + timedOut + inFlight');
  assert.ok(result.events <= estimate.events, `events ${result.events} within the estimate ${estimate.events} (${JSON.stringify(raw)})`);
  assert.ok(process.memoryUsage().heapUsed - heapBefore <= estimate.memoryBytes, 'memory within the estimate');
  return 'ran';
}

// ── mutations of the shipped scenarios ──────────────────────────────────────────────────────────
const EDGE_VALUES: unknown[] = [
  0, -1, 1, 0.5, 0.57, 2.5, 254, 255, 256, 257, 576, 1e6, 1e9, 2 ** 32, 2 ** 53, 1e15, 1e300, 1e308, -1e308, 1e-300,
  '', 'abc', '40', '0s', '1ns', '1us', '5µs', '5μs', '1ms', '3000h', '1e300s', '1bps', '40Gbps', '1Tbps', '64KiB', '1TiB', '-1ms',
  null, true, {}, [], [0.5, 0.5], [1, 0.57], { GET: 1e308, PUT: 1e308 }, { kind: 'constant', value: '1ms' },
  { kind: 'lognormal', mean: '1ms', cv: 1e308 }, { kind: 'closed', think: { kind: 'constant', value: 0 } },
  { kind: 'crash', target: 'server-0', at: '10ms' }, { style: 'haproxy', inter: '1ms' }, { kind: 'lognormal', cv: 11 },
];
const valueArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_VALUES) },
  { weight: 1, arbitrary: fc.double({ noNaN: true }) },
  { weight: 1, arbitrary: fc.integer({ min: -10, max: 1000 }) },
);

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

type Mutation = { kind: 'set' | 'delete'; pick: number; value: unknown };

function mutate(raw: unknown, mutations: readonly Mutation[]): unknown {
  const copy = structuredClone(raw) as Record<string, unknown>;
  for (const m of mutations) {
    const all = paths(copy).filter((p) => p.length > 0);
    const path = all[m.pick % all.length]!;
    let node = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (m.kind === 'delete' && !Array.isArray(node)) delete node[last];
    else node[last] = structuredClone(m.value);
  }
  return copy;
}

/**
 * Shipped scenarios made small so most mutants run rather than exceed the budget: 50 ms, at most
 * 200 req/s and 20 clients per group, at most 8 servers, faults moved inside the run.
 */
function shortened(raw: unknown): unknown {
  const copy = structuredClone(raw) as Record<string, any>;
  copy.run = { ...(copy.run ?? {}), duration: '0.05s', warmup: '0.01s', timelineInterval: '0.01s' };
  for (const g of copy.workload?.groups ?? []) {
    g.clients = Math.min(g.clients, 20);
    if (g.arrival?.kind === 'poisson') g.arrival.rate = Math.min(g.arrival.rate, 200);
  }
  const servers = copy.topology?.servers;
  if (servers?.count !== undefined && servers.count > 8) {
    servers.count = 8;
    if (Array.isArray(servers.weights)) servers.weights = servers.weights.slice(0, 8);
  }
  if (Array.isArray(copy.faults)) {
    copy.faults = copy.faults.map((f: Record<string, unknown>) => ({ ...f, at: '0.02s', ...(f.recoverAt !== undefined ? { recoverAt: '0.04s' } : {}) }));
  }
  return copy;
}

const mutationArb = fc.record({ kind: fc.constantFrom<'set' | 'delete'>('set', 'set', 'set', 'delete'), pick: fc.nat(), value: valueArb });
const modeArb = fc.constantFrom(...MODES);

/** A shipped scenario with one to three values replaced or deleted anywhere, and a mode to run it under. */
export const mutantArb = fc.tuple(fc.nat({ max: RAW.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), modeArb)
  .map(([i, mutations, mode]) => ({ raw: mutate(shortened(RAW[i]), mutations), mode }));

// ── scenarios built from the schema's own domains ───────────────────────────────────────────────
const durationArb = fc.oneof(fc.constantFrom('0s', '1us', '100us', '1ms', '5ms', '30ms', '1s'), fc.double({ min: 0, max: 0.05, noNaN: true }));
const sizeDist = fc.oneof(
  fc.constantFrom('0B', '1B', '1500B', '64KiB', '1MiB').map((value) => ({ kind: 'constant', value })),
  fc.record({ kind: fc.constant('lognormal'), mean: fc.constantFrom('1KiB', '64KiB'), cv: fc.double({ min: 0.01, max: 100, noNaN: true }) }),
  fc.record({ kind: fc.constant('bounded-pareto'), alpha: fc.double({ min: 0.1, max: 3, noNaN: true }), min: fc.constant('1KiB'), max: fc.constant('1MiB') }),
);
/** Absent half the time (fc.option would give a value four times in five). */
const optional = <T>(arb: fc.Arbitrary<T>) => fc.oneof(fc.constant(undefined), arb);
const groupArb = fc.record({
  name: fc.constantFrom('a', 'b-1'),
  clients: fc.integer({ min: 1, max: 300 }),
  arrival: fc.oneof(
    fc.record({ kind: fc.constant('poisson'), rate: fc.double({ min: 0.001, max: 1000, noNaN: true }) }),
    fc.record({ kind: fc.constant('closed'), think: fc.record({ kind: fc.constant('exponential'), mean: durationArb }) }),
  ),
  mix: fc.record({ GET: fc.double({ min: 0, max: 1e6, noNaN: true }), PUT: fc.double({ min: 0, max: 1e6, noNaN: true }) }),
  objectSize: sizeDist,
  requestsPerConnection: fc.integer({ min: 1, max: 20 }),
  timeout: fc.constantFrom('1ms', '10ms', '1s'),
  connectTimeout: optional(fc.constantFrom('1ms', '20ms')),
  tcpSynRetries: optional(fc.integer({ min: 0, max: 127 })),
  retries: optional(fc.integer({ min: 0, max: 100 })),
  retryBackoff: optional(fc.constantFrom('1us', '1ms', '10ms')),
  idleTimeout: optional(fc.constantFrom('1ms', '1s')),
  rtt: durationArb,
  dnsFailover: optional(fc.record({ nextAddress: fc.boolean(), reResolve: fc.boolean() })),
});
const healthCheckArb = fc.oneof(
  fc.record({ style: fc.constant('haproxy'), inter: fc.constantFrom('10ms', '2s'), fall: fc.integer({ min: 1, max: 100 }), rise: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ style: fc.constant('keepalived'), delayLoop: fc.constantFrom('10ms', '1s'), retry: fc.integer({ min: 0, max: 100 }), delayBeforeRetry: fc.constantFrom('10ms', '1s') }),
);
const faultArb = (servers: number) => fc.record({
  kind: fc.constantFrom('crash', 'black-hole', 'refuse', 'drain'),
  target: fc.integer({ min: 0, max: servers - 1 }).map((i) => `server-${i}`),
  at: fc.constantFrom('6ms', '12ms'),
  recoverAt: optional(fc.constant('18ms')),
});
const haArb = fc.record({
  vrrp: fc.oneof(
    fc.record({ version: fc.constant(2), advertInterval: fc.constant('1s') }),
    fc.record({ version: fc.constant(3), advertInterval: fc.constantFrom('10ms', '1s') }),
  ).chain((v) => fc.record({ version: fc.constant(v.version), advertInterval: fc.constant(v.advertInterval), priorities: fc.constantFrom([150, 100], [255, 100], [254, 1]), preempt: fc.boolean() })),
  sync: fc.boolean(),
});
export const schemaArb = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.constantFrom(1, 2)).chain(([servers, frontEnds]) => fc.record({
  name: fc.constant('fuzz'),
  description: fc.constant('built from the schema domains'),
  run: fc.record({ duration: fc.constantFrom('20ms', '50ms'), warmup: fc.constantFrom('0s', '5ms'), seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }), maxRequests: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2000 }) }) }),
  workload: fc.record({ groups: fc.array(groupArb, { minLength: 1, maxLength: 1 }) }),
  topology: fc.record({
    servers: fc.record({
      count: fc.constant(servers),
      cores: fc.integer({ min: 1, max: 8 }),
      nic: fc.constantFrom('1kbps', '1Mbps', '10Gbps'),
      weights: fc.array(fc.integer({ min: 0, max: 256 }), { minLength: servers, maxLength: servers }),
      workers: optional(fc.integer({ min: 1, max: 1024 })),
      maxClients: optional(fc.integer({ min: 1, max: 65536 })),
      backlog: optional(fc.integer({ min: 1, max: 65535 })),
      requestCpu: optional(fc.oneof(fc.constant({ kind: 'exponential' }), fc.record({ kind: fc.constant('lognormal'), cv: fc.double({ min: 0.01, max: 10, noNaN: true }) }))),
    }),
    frontEnd: fc.record({ count: fc.constant(frontEnds), nic: fc.constantFrom('1Mbps', '40Gbps') }),
    lanDelay: durationArb,
  }),
  balancing: optional(fc.oneof(
    fc.record({ lvs: fc.constant('mh'), lvsOptions: fc.record({ tableSize: fc.constantFrom(251, 509, 4093, 4095) }) }),
    fc.record({ proxy: fc.constant('haproxy-random'), proxyOptions: fc.record({ draws: fc.integer({ min: 1, max: 64 }) }) }),
  )),
  dns: fc.record({ ttl: fc.constantFrom(0, '1ms', '60s') }),
  lvs: optional(fc.record({ healthCheck: healthCheckArb })),
  proxy: optional(fc.record({ maxconn: fc.integer({ min: 1, max: 1000 }), serverMaxconn: fc.integer({ min: 0, max: 100 }), healthCheck: optional(healthCheckArb) })),
  ha: frontEnds === 2 ? optional(haArb) : fc.constant(undefined),
  faults: optional(fc.array(faultArb(servers), { maxLength: 2 })),
  costs: fc.record({
    server: fc.record({ nsPerByte: fc.double({ min: 0, max: 1e4, noNaN: true }) }),
    director: fc.record({ connTableMemoryBytes: fc.integer({ min: 128, max: 10_000 }) }),
    tcp: optional(fc.record({ initialCwndSegments: fc.integer({ min: 1, max: 1000 }), quickAcks: fc.integer({ min: 0, max: 16 }), minRtoNs: fc.constantFrom(1e6, 2e8) })),
  }),
})).map((raw) => JSON.parse(JSON.stringify(raw)) as unknown);

export const schemaCaseArb = fc.tuple(schemaArb, modeArb).map(([raw, mode]) => ({ raw, mode }));
