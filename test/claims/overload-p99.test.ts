import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * The same overload, run longer, can only look worse. One small server offered about 1.3 times
 * what it can serve (GETs of 1 MiB through a 1 Gbit/s NIC: ~119 req/s; 155 req/s offered), a
 * client timeout of 10 s, as in the default scenario. Counting only completed requests, p99 used to
 * fall as the run grew (requests that waited longest time out and drop out of the quantile);
 * counting every request at its age, it cannot.
 */
function overload(durationS: number) {
  return runScenario(parseScenario({
    name: 'overload-grows',
    description: 'one server offered 1.3× its capacity',
    modes: ['lvs-dr'],
    run: { duration: `${durationS}s`, warmup: '1s', seed: 3 },
    workload: {
      groups: [{
        name: 'g', clients: 50, arrival: { kind: 'poisson', rate: 155 }, mix: { GET: 1 },
        objectSize: { kind: 'constant', value: '1MiB' }, timeout: '10s', resolver: 'r',
      }],
    },
    topology: { servers: { count: 1, cores: 4, nic: '1Gbps' } },
    dns: { resolvers: [{ name: 'r' }] },
  }, 'overload-grows'), { mode: 'lvs-dr' });
}

it('p99 never decreases as the same overload runs longer (12 s, 24 s, 48 s)', () => {
  const runs = [12, 24, 48].map(overload);
  const p99 = runs.map((r) => r.latencyMs.p99);
  for (const r of runs) {
    assert.equal(r.health.state, 'overloaded', r.health.reasons.join('; '));
    assert.ok(r.latencyMs.censored.p99, 'p99 is a lower bound');
    assert.equal(r.requests.issued, r.requests.completed + r.requests.failed + r.requests.timedOut + r.requests.inFlight);
  }
  assert.ok(p99[0]! <= p99[1]! && p99[1]! <= p99[2]!, `p99 ${p99.join(' → ')} ms`);
  // Once requests time out, the censored tail sits at the 10 s deadline.
  assert.ok(p99[2]! >= 9_900, `p99 at 48 s ${p99[2]} ms`);
});
