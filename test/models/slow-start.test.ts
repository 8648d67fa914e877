import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * IW10 slow start: a 64 KiB response (300 + 65 536 B = 46 segments of 1448 B) on a new connection
 * goes out in flights of 10, 20 and 40 segments, two round trips more than on a warm connection;
 * after an idle RTO (tcp_slow_start_after_idle) the window starts again from 10.
 */
const RTT_MS = 100;

function responseTimesMs(thinkMs: number): number[] {
  const scenario = parseScenario({
    name: 'slow-start', description: 'two GETs on one connection', modes: ['lvs-dr'],
    run: { duration: '60s', warmup: '0s', maxRequests: 2 },
    workload: { groups: [{ name: 'c', clients: 1, rtt: `${RTT_MS}ms`, arrival: { kind: 'closed', think: { kind: 'constant', value: `${thinkMs}ms` } }, mix: { GET: 1 }, objectSize: { kind: 'constant', value: '64KiB' }, requestsPerConnection: 2 }] },
    topology: { servers: { count: 1 }, frontEnd: { count: 1 } },
  });
  const times: number[] = [];
  runScenario(scenario, { mode: 'lvs-dr', setup: (_world, flow) => (flow.onComplete = (req, nowNs) => times.push((nowNs - req.issuedNs) / 1e6)) });
  assert.equal(times.length, 2);
  return times;
}

describe('slow start from IW10', () => {
  it('a new connection pays two extra round trips for 46 segments; a warm one does not', () => {
    const [fresh, warm] = responseTimesMs(1);
    // fresh: SYN/SYN-ACK (1 RTT) + request/response (1 RTT) + 2 slow-start rounds; warm: 1 RTT.
    const extra = fresh! - warm! - RTT_MS;
    assert.ok(Math.abs(extra - 2 * RTT_MS) < 10, `fresh ${fresh} ms, warm ${warm} ms`);
  });

  it('after an idle RTO the window restarts at 10 segments', () => {
    const [fresh, afterIdle] = responseTimesMs(1_000);
    assert.ok(Math.abs(afterIdle! - (fresh! - RTT_MS)) < 10, `fresh ${fresh} ms, after 1 s idle ${afterIdle} ms`);
  });
});
