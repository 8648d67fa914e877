import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * The client's request timeout and retries, on one overloaded server (one core; GETs of 1 KiB at
 * 1.5 ms of CPU each: ≈ 650 requests/s) offered 2,000 requests/s: requests are abandoned at their
 * deadline, not queued for ever, and the counts still add up.
 */
function overloaded(client: Record<string, unknown>) {
  return parseScenario({
    name: 'timeouts', description: 'one overloaded server', modes: ['rr-dns'],
    run: { duration: '3s', warmup: '0.5s' },
    workload: { groups: [{ name: 'g', clients: 50, arrival: { kind: 'poisson', rate: 2000 }, mix: { GET: 1 }, objectSize: { kind: 'constant', value: 1024 }, ...client }] },
    topology: { servers: { count: 1, cores: 1 } },
  }, 'timeouts');
}

describe('client timeouts and retries', () => {
  it('without retries, no request completes later than its timeout, and the late ones time out', () => {
    const r = runScenario(overloaded({ timeout: '300ms', retries: 0 }), { mode: 'rr-dns' });
    const q = r.requests;
    assert.equal(q.issued, q.completed + q.failed + q.timedOut + q.inFlight);
    assert.ok(q.timedOut > 0.3 * q.issued, `timed out ${q.timedOut} of ${q.issued}`);
    assert.ok(r.latencyMs.max <= 300, `max latency ${r.latencyMs.max} ms`);
    // At most one timeout's worth of arrivals is still open at the end.
    assert.ok(q.inFlight <= 2000 * 0.3 * 1.2, `in flight ${q.inFlight}`);
  });

  it('with retries, the server is sent more attempts than requests, and latency is bounded by attempts and backoffs', () => {
    const r = runScenario(overloaded({ timeout: '300ms', retries: 2, retryBackoff: '100ms' }), { mode: 'rr-dns' });
    const q = r.requests;
    assert.equal(q.issued, q.completed + q.failed + q.timedOut + q.inFlight);
    assert.ok(q.timedOut > 0);
    // Three attempts of 300 ms with 100 ms and 200 ms between them.
    assert.ok(r.latencyMs.max <= 3 * 300 + 100 + 200, `max latency ${r.latencyMs.max} ms`);
    // Retries add load: the server is sent each attempt (its queue, unbounded here, keeps every one).
    assert.ok(r.servers[0]!.requests > 1.3 * q.issued, `sent ${r.servers[0]!.requests} for ${q.issued} requests`);
  });
});
