import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Request } from '../../sim/models/request.js';
import type { RequestCounts } from '../../sim/result.js';
import { Collector } from '../../sim/stats/collector.js';

const MS = 1_000_000;
const S = 1000 * MS;
const TIMEOUT = 2 * S;

let nextId = 0;
function req(issuedNs: number, measured = true): Request {
  return new Request(nextId++, 0, 0, 'GET', 1000, issuedNs, measured);
}

function conserved(r: RequestCounts): void {
  assert.equal(r.issued, r.completed + r.failed + r.timedOut + r.inFlight, JSON.stringify(r));
  assert.ok(r.inFlight <= r.unfinished && r.unfinished <= r.inFlight + r.timedOut, JSON.stringify(r));
}

describe('collector', () => {
  it('closes a request exactly once: a response after timeOut or fail changes nothing', () => {
    const c = new Collector(1, 0, S);
    const a = req(0);
    const b = req(0);
    c.issue(a);
    c.issue(b);
    assert.equal(c.timeOut(a, 2 * S), true);
    assert.equal(c.complete(a, 3 * S, 10 * S), false);
    assert.equal(c.timeOut(a, 3 * S), false);
    assert.equal(c.fail(b, MS), true);
    assert.equal(c.fail(b, 2 * MS), false);
    assert.equal(c.complete(b, 5 * MS, TIMEOUT), false);
    const { requests } = c.finish(4 * S, () => TIMEOUT);
    assert.deepEqual(requests, { issued: 2, completed: 0, failed: 1, timedOut: 1, inFlight: 0, unfinished: 0, retried: 0 });
    assert.equal(c.throughput(4 * S).requestsPerSecond, 0, 'an abandoned response is not goodput');
  });

  it('counts retries as attempts of the same request, not as issued requests', () => {
    const c = new Collector(1, 0, S);
    const a = req(0);
    c.issue(a);
    c.retry(a, 1 * S);
    c.retry(a, 1.5 * S);
    c.complete(a, 1.6 * S, TIMEOUT);
    c.retry(a, 1.7 * S); // closed: ignored
    const { requests, latencyMs } = c.finish(4 * S, () => TIMEOUT);
    assert.equal(requests.issued, 1);
    assert.equal(requests.retried, 2);
    assert.ok(Math.abs(latencyMs.max - 1600) / 1600 < 0.01, 'latency from the first attempt');
    const timeline = c.timeline(4 * S);
    assert.equal(timeline[1]!.retried, 2);
    assert.equal(timeline[1]!.completed, 1);
  });

  it('conserves issued = completed + failed + timedOut + inFlight; unfinished counts every open request', () => {
    const c = new Collector(1, S, S);
    const warm = req(0, false);
    c.issue(warm);
    const reqs = Array.from({ length: 10 }, (_, i) => req(S + i * 100 * MS));
    for (const r of reqs) c.issue(r);
    c.complete(reqs[0]!, 1.2 * S, TIMEOUT);
    c.complete(reqs[1]!, 3.2 * S, TIMEOUT); // answered 2.1 s after issue, past its deadline: timed out
    c.fail(reqs[2]!, 1.3 * S);
    c.timeOut(reqs[3]!, 3.3 * S);
    c.complete(warm, 1.1 * S, TIMEOUT); // issued in warm-up: a departure, not a measured outcome
    // End at 3.45 s: reqs[4] (issued 1.4 s) is 2.05 s old, past its deadline; reqs[5..9] are younger.
    const { requests, latencyMs } = c.finish(3.45 * S, () => TIMEOUT);
    conserved(requests);
    assert.deepEqual(requests, { issued: 10, completed: 1, failed: 1, timedOut: 3, inFlight: 5, unfinished: 6, retried: 0 });
    assert.equal(latencyMs.censoredFraction, 0.9);
    assert.ok(latencyMs.censored.p99);
    assert.equal(c.throughput(3 * S).requestsPerSecond, 2 / 3);
  });

  it('after the window closes, new requests are not measured and departures are not counted', () => {
    const c = new Collector(1, 0, S);
    let drained = 0;
    c.onDrained = () => drained++;
    const a = req(0.5 * S);
    c.issue(a);
    c.closeWindow(S);
    assert.equal(drained, 0);
    const late = req(1.1 * S);
    c.issue(late);
    c.complete(late, 1.2 * S, TIMEOUT);
    c.complete(a, 1.3 * S, TIMEOUT);
    assert.equal(drained, 1);
    const { requests, latencyMs } = c.finish(1.3 * S, () => TIMEOUT);
    assert.deepEqual(requests, { issued: 1, completed: 1, failed: 0, timedOut: 0, inFlight: 0, unfinished: 0, retried: 0 });
    assert.ok(Math.abs(latencyMs.p50 - 800) / 800 < 0.01, 'its latency is exact, not censored at the window end');
    assert.equal(c.throughput(S).requestsPerSecond, 0, 'completed in the drain: not a departure of the window');
  });
});
