import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mode, ResourceResult, RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * Each admission limit in turn, on one small server pushed below and past its capacity. The
 * server: one core, HEAD requests, one request per connection, no retries. The capacity each
 * limit should let through is predicted before the overload runs, and the overload must deliver
 * it:
 *   - CPU-bound limits (listen backlog, max_clients, haproxy maxconn): the utilisation law at a
 *     light load, C = λ / U of the server's CPU (a HEAD's service demand does not depend on load),
 *     so past C the goodput stays at C and everything beyond it is refused or timed out.
 *   - IPVS -x with its default -y (three quarters of -x): a server's entries swing between the two,
 *     so on average ≈ (x + 3x/4) / 2 entries live ≈ 1 s each (the FIN timeout), and the director
 *     accepts ≈ servers × that ÷ 1 s connections a second whatever is offered.
 * Below the limit nothing is refused; past it the queue a limit guards stays within its bound and
 * no backlog grows (memory stays bounded however long the overload lasts), and every issued request
 * is accounted for: issued = completed + failed + timedOut + inFlight.
 */
const LIGHT_PER_S = 200;

interface Limits {
  readonly servers?: Record<string, unknown>;
  readonly proxy?: Record<string, unknown>;
  readonly lvs?: Record<string, unknown>;
}

function run(mode: Mode, rate: number, limits: Limits, servers = 1, duration = '3s'): RunResult {
  const scenario = parseScenario({
    name: 'admission', description: 'one limit at a time', modes: [mode],
    run: { duration, warmup: '0.5s' },
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

/** The server's capacity in requests/s by the utilisation law at a light load. */
function cpuCapacityPerS(mode: Mode, limits: Limits): number {
  const light = run(mode, LIGHT_PER_S, limits);
  return light.throughput.requestsPerSecond / resource(light, 'server-0.cpu').utilization;
}

function within(actual: number, predicted: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual / predicted - 1) <= tolerance, `${what}: ${actual.toFixed(0)}/s, predicted ${predicted.toFixed(0)}/s (±${tolerance * 100} %)`);
}

/** Past the limit the refused and timed-out requests make up the difference, and no backlog grows. */
function boundedOverload(r: RunResult): void {
  conserved(r);
  assert.equal(r.health.state, 'overloaded');
  assert.equal(r.health.backlogGrowthPerSecond, 0, `a backlog grows: ${r.health.reasons.join('; ')}`);
}

describe('admission limits refuse past capacity and keep queues bounded', () => {
  it('Swift max_clients and listen backlog: goodput stays at the CPU capacity, SYNs beyond the backlog are dropped', () => {
    const limits = { servers: { workers: 2, maxClients: 4, backlog: 16 } };
    const capacity = cpuCapacityPerS('rr-dns', limits);
    const below = run('rr-dns', 0.8 * capacity, limits);
    const past = run('rr-dns', 2 * capacity, limits);
    conserved(below);
    assert.equal(resource(below, 'server-0.accept-queue').dropped, 0);
    assert.equal(below.requests.timedOut + below.requests.failed, 0);
    boundedOverload(past);
    within(past.throughput.requestsPerSecond, capacity, 0.05, 'goodput past the backlog');
    const queue = resource(past, 'server-0.accept-queue');
    assert.ok(queue.dropped > 0.2 * 2 * capacity, `SYNs dropped: ${queue.dropped}`);
    assert.ok(queue.maxQueue <= 16);
    assert.ok(resource(past, 'server-0.worker-slots').maxQueue <= 8);
    // The CPU holds at most one application job per worker plus packet work: no unbounded queue.
    assert.ok(resource(past, 'server-0.cpu').maxQueue <= 64, `cpu queue ${resource(past, 'server-0.cpu').maxQueue}`);
    assert.ok(past.requests.timedOut > 0, 'dropped SYNs end in connect failures or request timeouts');
  });

  it('haproxy server maxconn and its queue: goodput grows with maxconn up to the CPU capacity, the rest is 503 after timeout queue', () => {
    const proxy = (serverMaxconn: number) => ({ proxy: { serverMaxconn, timeoutQueue: '50ms', maxconn: 1000 } });
    const capacity = cpuCapacityPerS('l7-proxy', proxy(64));
    const goodput = [2, 4, 64].map((n) => {
      const past = run('l7-proxy', 2 * capacity, proxy(n));
      boundedOverload(past);
      const queue = resource(past, 'proxy-0.queue');
      assert.ok(queue.maxQueue <= 1000);
      // Every request not served was refused from the queue (503), none lost or left hanging.
      assert.equal(past.requests.failed, past.requests.issued - past.requests.completed - past.requests.inFlight);
      assert.equal(past.requests.timedOut, 0);
      // The server never sees more than its maxconn requests at once.
      assert.ok(resource(past, 'server-0.cpu').maxQueue <= n + 16, `server cpu queue ${resource(past, 'server-0.cpu').maxQueue}`);
      return past.throughput.requestsPerSecond;
    });
    // Little's law: with n requests at a time, goodput = n ÷ the server's response time, which
    // grows as its CPU gets busier; so more than proportional is impossible, at most the CPU capacity.
    assert.ok(goodput[0]! < goodput[1]! && goodput[1]! <= 2 * goodput[0]!, `maxconn 2 → 4: ${goodput.join(', ')}`);
    assert.ok(goodput[1]! < 0.9 * capacity, `maxconn 4 holds goodput below the CPU capacity ${capacity.toFixed(0)}/s: ${goodput[1]}`);
    within(goodput[2]!, capacity, 0.05, 'goodput with maxconn 64');
    const below = run('l7-proxy', 0.6 * goodput[1]!, proxy(4));
    conserved(below);
    assert.equal(resource(below, 'proxy-0.queue').dropped, 0);
    assert.equal(below.requests.failed, 0);
  });

  it('haproxy global maxconn: goodput stays at the CPU capacity, connections beyond it wait in the backlog, then SYNs are dropped', () => {
    const limits = { proxy: { maxconn: 8 } };
    const capacity = cpuCapacityPerS('l7-proxy', limits);
    const past = run('l7-proxy', 2 * capacity, limits);
    boundedOverload(past);
    within(past.throughput.requestsPerSecond, capacity, 0.05, 'goodput past haproxy maxconn');
    assert.ok(resource(past, 'proxy-0.conn-slots').maxQueue <= 8);
    assert.ok(resource(past, 'proxy-0.accept-queue').maxQueue <= 8);
    assert.ok(resource(past, 'proxy-0.accept-queue').dropped > 0);
  });

  it('IPVS upper threshold: the director accepts what the entries between -y and -x allow, and refuses the rest', () => {
    // Two servers, entries live ≈ 1 s (the FIN timeout) after a connection of a few ms.
    const upper = 400;
    const predicted = 2 * ((upper + 0.75 * upper) / 2) / 1;
    const limits = { lvs: { upperThreshold: upper, finTimeout: '1s' } };
    const below = run('lvs-dr', 0.8 * predicted, limits, 2);
    // 6 s: the first second fills the table with nothing yet expiring, a transient the average must outgrow.
    const past = run('lvs-dr', 8 * predicted, limits, 2, '6s');
    conserved(below);
    assert.equal(below.requests.failed, 0);
    boundedOverload(past);
    within(past.throughput.requestsPerSecond, predicted, 0.05, 'connections accepted past -x');
    assert.equal(past.requests.failed + past.requests.completed + past.requests.inFlight, past.requests.issued);
    assert.ok(resource(past, 'director-0.conn-table').maxQueue <= 2 * upper, 'entries stay within the thresholds');
  });
});
