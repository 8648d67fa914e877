import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MODES, type Mode, type RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { estimateCost } from '../../sim/scenario/cost-estimate.js';
import { ScenarioError } from '../../sim/scenario/errors.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { loadScenarioValue } from '../../sim/scenario/load-file.js';

/**
 * The input contract as a property: any scenario value is either refused before t = 0 (a
 * ScenarioError, or a cost estimate above the budget: both exit 2 in the CLI) or it runs to a
 * result with no exception, no NaN or null metric, conservation of requests, and no more events
 * or memory than the estimate said. Seeded, small: a few hundred cases in seconds.
 */
const SCENARIOS_DIR = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const SHIPPED = readdirSync(SCENARIOS_DIR).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
const RAW = SHIPPED.map((f) => loadScenarioValue(join(SCENARIOS_DIR, f)));
/** Runs estimated above this are "refused" here, as --max-events refuses them in the CLI, to keep the test fast. */
const BUDGET_EVENTS = 60_000;
/** Fields RunResult documents as null by design. */
const NULLABLE = new Set(['wallSeconds', 'offeredRequestsPerSecond']);

type Outcome = 'refused' | 'over-budget' | 'ran';

function badNumbers(value: unknown, path = ''): string[] {
  if (value === null) return [path];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => badNumbers(v, `${path}[${i}]`));
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (NULLABLE.has(k) && v === null ? [] : badNumbers(v, path === '' ? k : `${path}.${k}`)));
  }
  return [];
}

function check(raw: unknown, mode: Mode): Outcome {
  let scenario;
  try {
    scenario = parseScenario(raw, 'fuzz.json');
  } catch (err) {
    if (err instanceof ScenarioError) {
      assert.ok(err.issues.length > 0 && err.issues.every((i) => i.message.length > 0 && !i.message.includes('\n')), `one line per issue: ${err.message}`);
      return 'refused';
    }
    throw err;
  }
  const estimate = estimateCost(scenario);
  if (estimate.unbounded !== null || estimate.events > BUDGET_EVENTS) return 'over-budget';
  const rssBefore = process.memoryUsage().rss;
  const result: RunResult = runScenario(scenario, { mode: scenario.modes.includes(mode) ? mode : scenario.modes[0]! });
  const bad = badNumbers(result);
  assert.deepEqual(bad, [], `NaN, infinite or null metrics at ${bad.slice(0, 5).join(', ')}`);
  const q = result.requests;
  assert.equal(q.issued, q.completed + q.failed + q.timedOut + q.inFlight, 'issued = completed + failed + timedOut + inFlight');
  assert.ok(result.events <= estimate.events, `events ${result.events} within the estimate ${estimate.events}`);
  assert.ok(process.memoryUsage().rss - rssBefore <= estimate.memoryBytes, 'memory within the estimate');
  return 'ran';
}

// ── values a mutation may put anywhere ──────────────────────────────────────────────────────────
const EDGE_VALUES: unknown[] = [
  0, -1, 1, 0.5, 0.57, 2.5, 255, 256, 257, 576, 1e6, 1e9, 2 ** 32, 2 ** 53, 1e15, 1e300, 1e308, -1e308, 1e-300,
  '', 'abc', '40', '0s', '1ns', '1us', '5µs', '5μs', '1ms', '3000h', '1e300s', '1bps', '40Gbps', '1Tbps', '64KiB', '1TiB', '-1ms',
  null, true, {}, [], [0.5, 0.5], [1, 0.57], { GET: 1e308, PUT: 1e308 }, { kind: 'constant', value: '1ms' },
  { kind: 'lognormal', mean: '1ms', cv: 1e308 }, { kind: 'closed', think: { kind: 'constant', value: 0 } },
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

/** Shipped scenarios are made short so most mutants run rather than exceed the budget. */
function shortened(raw: unknown): unknown {
  const copy = structuredClone(raw) as Record<string, any>;
  copy.run = { ...(copy.run ?? {}), duration: '0.05s', warmup: '0.01s', timelineInterval: '0.01s' };
  return copy;
}

const mutationArb = fc.record({ kind: fc.constantFrom<'set' | 'delete'>('set', 'set', 'set', 'delete'), pick: fc.nat(), value: valueArb });
const modeArb = fc.constantFrom(...MODES);

// ── scenarios built from the schema's own domains ───────────────────────────────────────────────
const durationArb = fc.oneof(fc.constantFrom('0s', '1us', '100us', '1ms', '5ms', '30ms', '1s'), fc.double({ min: 0, max: 0.05, noNaN: true }));
const sizeDist = fc.oneof(
  fc.constantFrom('0B', '1B', '1500B', '64KiB', '1MiB').map((value) => ({ kind: 'constant', value })),
  fc.record({ kind: fc.constant('lognormal'), mean: fc.constantFrom('1KiB', '64KiB'), cv: fc.double({ min: 0.01, max: 100, noNaN: true }) }),
  fc.record({ kind: fc.constant('bounded-pareto'), alpha: fc.double({ min: 0.1, max: 3, noNaN: true }), min: fc.constant('1KiB'), max: fc.constant('1MiB') }),
);
const groupArb = fc.record({
  name: fc.constantFrom('a', 'b-1'),
  clients: fc.integer({ min: 1, max: 300 }),
  arrival: fc.oneof(
    fc.record({ kind: fc.constant('poisson'), rate: fc.double({ min: 0.001, max: 4000, noNaN: true }) }),
    fc.record({ kind: fc.constant('closed'), think: fc.record({ kind: fc.constant('exponential'), mean: durationArb }) }),
  ),
  mix: fc.record({ GET: fc.double({ min: 0, max: 1e6, noNaN: true }), PUT: fc.double({ min: 0, max: 1e6, noNaN: true }) }),
  objectSize: sizeDist,
  requestsPerConnection: fc.integer({ min: 1, max: 20 }),
  timeout: fc.constantFrom('1ms', '10ms', '1s'),
  rtt: durationArb,
});
const schemaArb = fc.integer({ min: 1, max: 6 }).chain((servers) => fc.record({
  name: fc.constant('fuzz'),
  description: fc.constant('built from the schema domains'),
  run: fc.record({ duration: fc.constantFrom('20ms', '50ms'), warmup: fc.constantFrom('0s', '5ms'), seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }), maxRequests: fc.option(fc.integer({ min: 1, max: 2000 }), { nil: undefined }) }),
  workload: fc.record({ groups: fc.array(groupArb, { minLength: 1, maxLength: 1 }) }),
  topology: fc.record({
    servers: fc.record({ count: fc.constant(servers), cores: fc.integer({ min: 1, max: 8 }), nic: fc.constantFrom('1kbps', '1Mbps', '10Gbps'), weights: fc.array(fc.integer({ min: 0, max: 256 }), { minLength: servers, maxLength: servers }) }),
    frontEnd: fc.record({ count: fc.integer({ min: 1, max: 3 }), nic: fc.constantFrom('1Mbps', '40Gbps') }),
    lanDelay: durationArb,
  }),
  dns: fc.record({ ttl: fc.constantFrom(0, '1ms', '60s') }),
  costs: fc.record({ server: fc.record({ nsPerByte: fc.double({ min: 0, max: 1e4, noNaN: true }) }), director: fc.record({ connTableMemoryBytes: fc.integer({ min: 1, max: 10_000 }) }) }),
}));

describe('input fuzzer: refused with a reason, or runs to a sound result', () => {
  it('mutations of the shipped scenarios', () => {
    const seen: Record<Outcome, number> = { refused: 0, 'over-budget': 0, ran: 0 };
    fc.assert(
      fc.property(fc.nat({ max: RAW.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), modeArb, (i, mutations, mode) => {
        seen[check(mutate(shortened(RAW[i]), mutations), mode)]++;
      }),
      { seed: 20261129, numRuns: 200 },
    );
    assert.ok(seen.refused > 0 && seen.ran > 0, `both outcomes exercised: ${JSON.stringify(seen)}`);
  });

  it('scenarios drawn from the schema domains', () => {
    const seen: Record<Outcome, number> = { refused: 0, 'over-budget': 0, ran: 0 };
    fc.assert(
      fc.property(schemaArb, modeArb, (raw, mode) => {
        seen[check(raw, mode)]++;
      }),
      { seed: 7, numRuns: 120 },
    );
    assert.ok(seen.ran > seen.refused, `mostly valid: ${JSON.stringify(seen)}`);
  });
});
