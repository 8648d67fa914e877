import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { erlangC } from '../../../sim/stats/analytic.js';
import { estimateCost } from '../../../sim/scenario/cost-estimate.js';
import { parseScenario } from '../../../sim/scenario/load.js';
import { lbsim, listFiles, removeDir, tempDir, writeScenario } from './helpers.js';

/**
 * `lbsim capacity` against queueing theory. The scenario is built to be an M/M/c queue: one
 * server with c cores, GET only, exponential object sizes, and every cost but the server's
 * per-byte CPU set to 0 (headers 0 B, NICs and links at 1000 Tbps, no propagation delays, a
 * constant 0 back-end latency, DNS at no cost, one connection per client for the whole run). A
 * request's sojourn is then its wait for a core plus an Exp(μ) service; the network adds about
 * 10 ns per hop (transmit times round up to whole ns), 1e-6 of the 10 ms bound, so nothing is
 * subtracted.
 */
const CORES = 4;
const SERVICE_MEAN_MS = 1; // 10,000 B mean × 100 ns/B
const P99_BOUND_MS = 10;

/** P(T > t) for the M/M/c sojourn: wait 0 w.p. 1 − C, else Exp(cμ − λ); plus an Exp(μ) service. */
function sojournTail(lambda: number, mu: number, c: number, t: number): number {
  const C = erlangC(c, lambda / mu);
  const theta = c * mu - lambda;
  const waitPlusService = Math.abs(theta - mu) < 1e-12 ? (1 + mu * t) * Math.exp(-mu * t) : (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t)) / (theta - mu);
  return (1 - C) * Math.exp(-mu * t) + C * waitPlusService;
}

/** The arrival rate (per ms) at which the sojourn's p99 equals `t`, by bisection on λ in (0, cμ). */
function analyticRatePerMs(mu: number, c: number, t: number): number {
  let lo = 1e-9;
  let hi = c * mu * (1 - 1e-12);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (sojournTail(mid, mu, c, t) > 0.01) hi = mid;
    else lo = mid;
  }
  return lo;
}

const FAST = '1000Tbps';
const mmc = {
  name: 'mmc-check',
  description: `M/M/${CORES}: one server with ${CORES} cores, exponential service of mean ${SERVICE_MEAN_MS} ms, every other cost and delay about 0.`,
  modes: ['rr-dns', 'lvs-dr'],
  run: { duration: '42s', warmup: '2s', seed: 1 },
  workload: {
    headerBytes: { request: 0, response: 0 },
    groups: [{
      name: 'apps', clients: 2000, arrival: { kind: 'poisson', rate: 3000 }, mix: { GET: 1 }, objectSize: { kind: 'exponential', mean: '10000B' },
      requestsPerConnection: 1_000_000, timeout: '600s', accessLink: FAST, rtt: 0, resolver: 'site',
    }],
  },
  topology: {
    servers: { count: 1, cores: CORES, nic: FAST },
    frontEnd: { count: 1, cores: 4, nic: FAST },
    lanDelay: 0,
    backend: { latency: { kind: 'constant', value: 0 }, nic: FAST },
  },
  dns: { ttl: '3600s', authoritativeRtt: 0, resolvers: [{ name: 'site', clientRtt: 0 }] },
  costs: {
    server: { requestNs: { GET: 0, PUT: 0, HEAD: 0, DELETE: 0 }, kernelNsPerPacket: 0, decapNsPerPacket: 0, connectionNs: 0, nsPerByte: 100 },
    director: { cpuNsPerPacket: { 'lvs-dr': 0, 'lvs-tun': 0, 'lvs-nat': 0 }, cpuNsPerByte: 0, cpuNsPerConnection: 0 },
    dns: { resolverNsPerQuery: 0, authoritativeNsPerQuery: 0 },
  },
};

describe('lbsim capacity on an M/M/c queue', () => {
  let dir: string;
  let stdout: string;
  before(async () => {
    dir = await tempDir('capacity');
    const run = lbsim(['capacity', await writeScenario(dir, mmc), '--slo', `p99=${P99_BOUND_MS}ms,errors=0.1%`, '--tolerance', '0.5%', '--workers', '2', '--out', join(dir, 'out')]);
    assert.equal(run.status, 0, run.stderr);
    stdout = run.stdout;
  });
  after(() => removeDir(dir));

  it('finds the analytic rate for the p99 bound within 2 % in each mode', async () => {
    const expected = analyticRatePerMs(1 / SERVICE_MEAN_MS, CORES, P99_BOUND_MS) * 1000;
    assert.ok(Math.abs(expected - 3500.9) < 1, `oracle ${expected}`);
    const doc = JSON.parse(await readFile(join(dir, 'out', 'capacity.json'), 'utf8')) as { answer: { search: string; results: { mode: string; maxOfferedRequestsPerSecond: number; atMax: { latencyMs: { p99: number }; meets: boolean } }[] } };
    assert.equal(doc.answer.search, 'max-rate');
    assert.deepEqual(doc.answer.results.map((r) => r.mode), ['rr-dns', 'lvs-dr']);
    for (const r of doc.answer.results) {
      const error = r.maxOfferedRequestsPerSecond / expected - 1;
      assert.ok(Math.abs(error) < 0.02, `${r.mode}: found ${r.maxOfferedRequestsPerSecond.toFixed(0)} req/s, analytic ${expected.toFixed(0)} (${(error * 100).toFixed(2)} %)`);
      assert.ok(r.atMax.meets && r.atMax.latencyMs.p99 <= P99_BOUND_MS);
    }
  });

  it('prints a table and the answer in words, and writes a report with the answer and every probe charted', async () => {
    assert.match(stdout, /^SLO p99=10ms,errors=0\.1%/m);
    assert.match(stdout, /^rr-dns\s+3,[45]\d\d\s/m);
    assert.match(stdout, /^Highest offered rate meeting p99=10ms,errors=0\.1%: rr-dns 3,[45]\d\d req\/s \(then .+\); lvs-dr 3,[45]\d\d req\/s/m);
    const charts = ['capacity-search', 'capacity'].flatMap((c) => [`charts/${c}.png`, `charts/${c}.svg`, `charts/${c}.vl.json`]);
    assert.deepEqual(await listFiles(join(dir, 'out')), ['capacity-probes.csv', 'capacity.csv', 'capacity.html', 'capacity.json', ...charts]);
    const html = await readFile(join(dir, 'out', 'capacity.html'), 'utf8');
    assert.match(html, /<p class="verdict" id="verdict">Highest offered rate meeting/);
    assert.equal(html.match(/<svg\b/g)?.length, 2);
    const doc = JSON.parse(await readFile(join(dir, 'out', 'capacity.json'), 'utf8')) as { answer: { results: { probes: unknown[] }[] } };
    const probes = (await readFile(join(dir, 'out', 'capacity-probes.csv'), 'utf8')).trimEnd().split('\n');
    assert.equal(probes.length - 1, doc.answer.results.reduce((n, r) => n + r.probes.length, 0), 'one line per probe');
    const search = await readFile(join(dir, 'out', 'charts', 'capacity-search.svg'), 'utf8');
    assert.match(search, /aria-label="Y-axis titled 'p99 \(ms, log\)' for a log scale/);
    assert.ok(search.includes('#1a9850') && search.includes('#d73027'), 'probes that met and missed the SLO');
    const csv = (await readFile(join(dir, 'out', 'capacity.csv'), 'utf8')).trimEnd().split('\n');
    assert.equal(csv.length, 3);
    assert.match(csv[0]!, /^mode,search,slo,maxOfferedRequestsPerSecond,targetRequestsPerSecond,servers,frontEnds,/);
  });
});

describe('lbsim capacity --target-rate --vary-servers', () => {
  let dir: string;
  after(() => removeDir(dir));

  it('finds the fewest servers and front ends: 5,000 req/s needs two M/M/4 servers, one director', async () => {
    dir = await tempDir('capacity-nodes');
    const scenario = { ...mmc, modes: ['lvs-dr'], run: { ...mmc.run, duration: '12s' } };
    const out = join(dir, 'out');
    const run = lbsim(['capacity', await writeScenario(dir, scenario), '--slo', `p99=${P99_BOUND_MS}ms`, '--target-rate', '5000', '--vary-servers', '--max-front-ends', '4', '--quiet', '--out', out]);
    assert.equal(run.status, 0, run.stderr);
    const doc = JSON.parse(await readFile(join(out, 'capacity.json'), 'utf8')) as { answer: { search: string; results: { servers: number; frontEnds: number; probes: { servers: number; frontEnds: number; meets: boolean }[] }[] } };
    assert.equal(doc.answer.search, 'fewest-nodes');
    const [r] = doc.answer.results;
    assert.equal(r!.servers, 2);
    assert.equal(r!.frontEnds, 1);
    assert.deepEqual(r!.probes.map((p) => [p.servers, p.frontEnds, p.meets]), [[1, 4, false], [2, 4, true], [2, 1, true]]);
  });
});

describe('lbsim capacity under --max-events', () => {
  let dir: string;
  after(() => removeDir(dir));
  const scenario = { ...mmc, modes: ['lvs-dr'], run: { ...mmc.run, duration: '4s', warmup: '1s' } };
  /** The estimate of the fewest-nodes search's probe with `servers` servers and 4 front ends at 5,000 req/s. */
  const estimate = (servers: number) => estimateCost(parseScenario({
    ...scenario,
    workload: { ...scenario.workload, groups: [{ ...scenario.workload.groups[0]!, arrival: { kind: 'poisson', rate: 5000 } }] },
    topology: { ...scenario.topology, servers: { ...scenario.topology.servers, count: servers }, frontEnd: { ...scenario.topology.frontEnd, count: 4 } },
  })).events;

  it('stops a search before the probe that would pass its share, and says so', async () => {
    dir = await tempDir('capacity-budget');
    const file = await writeScenario(dir, scenario);
    const budget = Math.floor(estimate(1) + estimate(2) / 2);
    const out = join(dir, 'out');
    const run = lbsim(['capacity', file, '--slo', `p99=${P99_BOUND_MS}ms`, '--target-rate', '5000', '--vary-servers', '--max-front-ends', '4', '--max-events', String(budget), '--out', out]);
    assert.equal(run.status, 0, run.stderr);
    const doc = JSON.parse(await readFile(join(out, 'capacity.json'), 'utf8')) as { answer: { results: { servers: number | null; probes: unknown[]; budgetStop: { value: number; estimatedEvents: number } | null }[] } };
    const [r] = doc.answer.results;
    assert.equal(r!.probes.length, 1, 'one server only: two would pass the budget');
    assert.equal(r!.servers, null);
    assert.deepEqual(r!.budgetStop, { value: 2, estimatedEvents: estimate(2) });
    assert.match(run.stdout, /lvs-dr: no server count tried meets it \(the search stopped by --max-events before probing 2\)/);
    assert.match(run.stdout, /^\* the search stopped early/m);
  });

  it('refuses before anything runs when not even the first probe fits', async () => {
    const out = join(dir, 'refused');
    const run = lbsim(['capacity', await writeScenario(dir, scenario), '--slo', `p99=${P99_BOUND_MS}ms`, '--target-rate', '5000', '--vary-servers', '--max-front-ends', '4', '--max-events', String(estimate(1) - 1), '--out', out]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /first probe of the search is estimated at up to .* events, more than a search may spend \(--max-events/);
    assert.deepEqual(await listFiles(dir).then((f) => f.filter((n) => n.startsWith('refused'))), []);
  });
});
