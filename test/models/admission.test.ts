import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mode, ResourceResult, RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * Each admission limit in turn, on one small server pushed below and past its capacity. The
 * server: one core, HEAD requests (0.6 ms of application work plus ≈ 30 µs of packets and
 * accept, so ≈ 1,600 requests/s), one request per connection, no retries. Below capacity
 * nothing is refused; at twice capacity the limit refuses, the queue it guards stays within its
 * bound (memory stays bounded however long the overload lasts), and every issued request is
 * accounted for: issued = completed + failed + timedOut + inFlight.
 */
const CAPACITY_PER_S = 1_600;

interface Limits {
  readonly servers?: Record<string, unknown>;
  readonly proxy?: Record<string, unknown>;
  readonly lvs?: Record<string, unknown>;
}

function run(mode: Mode, rate: number, limits: Limits, servers = 1): RunResult {
  const scenario = parseScenario({
    name: 'admission', description: 'one limit at a time', modes: [mode],
    run: { duration: '3s', warmup: '0.5s' },
    workload: { groups: [{
      name: 'g', clients: 400, arrival: { kind: 'poisson', rate }, mix: { HEAD: 1 },
      requestsPerConnection: 1, timeout: '1s', retries: 0,
    }] },
    ...(limits.proxy ? { proxy: limits.proxy } : {}),
    ...(limits.lvs ? { lvs: limits.lvs } : {}),
    topology: { servers: { count: servers, cores: 1, ...limits.servers }, frontEnd: { cores: 8 } },
  }, 'admission');
  return runScenario(scenario, { mode });
}

function resource(r: RunResult, id: string): ResourceResult {
  const found = r.resources.find((x) => x.id === id);
  assert.ok(found, `resource ${id} in ${r.resources.map((x) => x.id).join(', ')}`);
  return found;
}

function conserved(r: RunResult): void {
  const q = r.requests;
  assert.equal(q.issued, q.completed + q.failed + q.timedOut + q.inFlight);
}

describe('admission limits refuse past capacity and keep queues bounded', () => {
  it('Swift max_clients and listen backlog: SYNs dropped, connections queued at most `backlog`', () => {
    const limits = { servers: { workers: 2, maxClients: 4, backlog: 16 } };
    const below = run('rr-dns', 0.6 * CAPACITY_PER_S, limits);
    const past = run('rr-dns', 2 * CAPACITY_PER_S, limits);
    for (const r of [below, past]) conserved(r);
    assert.equal(resource(below, 'server-0.accept-queue').dropped, 0);
    assert.equal(below.requests.timedOut + below.requests.failed, 0);
    const queue = resource(past, 'server-0.accept-queue');
    assert.ok(queue.dropped > 0.2 * 2 * CAPACITY_PER_S, `SYNs dropped: ${queue.dropped}`);
    assert.ok(queue.maxQueue <= 16);
    assert.ok(resource(past, 'server-0.worker-slots').maxQueue <= 8);
    // The CPU holds at most one application job per worker plus packet work: no unbounded queue.
    assert.ok(resource(past, 'server-0.cpu').maxQueue <= 64, `cpu queue ${resource(past, 'server-0.cpu').maxQueue}`);
    assert.ok(past.requests.timedOut > 0, 'dropped SYNs end in connect failures or request timeouts');
  });

  it('haproxy server maxconn and its queue: queued requests wait at most timeout queue, then 503', () => {
    const limits = { proxy: { serverMaxconn: 4, timeoutQueue: '50ms', maxconn: 1000 } };
    const below = run('l7-proxy', 0.6 * CAPACITY_PER_S, limits);
    const past = run('l7-proxy', 2 * CAPACITY_PER_S, limits);
    for (const r of [below, past]) conserved(r);
    assert.equal(resource(below, 'proxy-0.queue').dropped, 0);
    assert.equal(below.requests.failed, 0);
    const queue = resource(past, 'proxy-0.queue');
    assert.ok(queue.dropped > 0.3 * CAPACITY_PER_S, `503s from the queue: ${queue.dropped}`);
    assert.ok(queue.maxQueue <= 1000);
    assert.ok(past.requests.failed > 0);
    // The server never sees more than its maxconn requests at once.
    assert.ok(resource(past, 'server-0.cpu').maxQueue <= 4 + 16, `server cpu queue ${resource(past, 'server-0.cpu').maxQueue}`);
  });

  it('haproxy global maxconn: client connections beyond it wait in the backlog, then SYNs are dropped', () => {
    const limits = { proxy: { maxconn: 8 } };
    const past = run('l7-proxy', 2 * CAPACITY_PER_S, limits);
    conserved(past);
    assert.ok(resource(past, 'proxy-0.conn-slots').maxQueue <= 8);
    assert.ok(resource(past, 'proxy-0.accept-queue').maxQueue <= 8);
    assert.ok(resource(past, 'proxy-0.accept-queue').dropped > 0);
  });

  it('IPVS upper threshold: servers at -x entries are skipped; with all of them over it, connections are refused', () => {
    // Two servers, entries live ≈ 1 s (FIN timeout) after a short connection: at r connections/s
    // each server holds ≈ r/2 entries, so a threshold of 400 is reached near 800/s.
    const limits = { lvs: { upperThreshold: 400, finTimeout: '1s' } };
    const below = run('lvs-dr', 500, limits, 2);
    const past = run('lvs-dr', 2 * 2 * CAPACITY_PER_S, limits, 2);
    for (const r of [below, past]) conserved(r);
    assert.equal(below.requests.failed, 0);
    assert.ok(past.requests.failed > 0.2 * past.requests.issued, `refused ${past.requests.failed} of ${past.requests.issued}`);
    assert.ok(resource(past, 'director-0.conn-table').maxQueue <= 2 * 400, 'entries stay within the thresholds');
  });
});
