import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectionBoundsNs } from '../../sim/failure/health-check.js';
import type { Mode } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

// Clients here do not retry (retries: 0): each refused or lost request ends as an error, which is
// what these tests count; with the default policy (5 retries) most of them would be hidden.

/**
 * Health checks on the front ends, inside whole runs: the time to detect a failed server falls
 * inside the bounds its check parameters give, and the requests sent to it meanwhile match
 * rate × detection time ÷ servers (round robin, a new connection per request) within a 3σ
 * Poisson interval.
 */
const RATE = 4000;
const SERVERS = 4;
const FAULT_AT_S = 2;

const CHECKS = {
  keepalived: { style: 'keepalived', delayLoop: '1s', connectTimeout: '0.5s', retry: 1, delayBeforeRetry: '0.2s' },
  haproxy: { style: 'haproxy', inter: '1s', fastInter: '0.2s', fall: 2, rise: 2, timeout: '0.3s' },
} as const;

function scenario(mode: Mode, style: keyof typeof CHECKS, kind: 'refuse' | 'black-hole') {
  return parseScenario({
    name: 'checked',
    description: 'a server fails behind a checking front end',
    modes: [mode],
    run: { duration: '5s', warmup: '0.5s' },
    workload: { groups: [{ name: 'web', clients: 400, retries: 0, arrival: { kind: 'poisson', rate: RATE }, requestsPerConnection: 1, timeout: '0.3s' }] },
    topology: { servers: { count: SERVERS } },
    balancing: { lvs: 'rr', proxy: 'haproxy-roundrobin' },
    lvs: { healthCheck: CHECKS[style] },
    proxy: { healthCheck: CHECKS[style], serverConnections: 'per-request' },
    faults: [{ id: 'swift-2', kind, target: 'server-2', at: `${FAULT_AT_S}s` }],
  }, 'checked.yaml');
}

describe('front ends with health checks', () => {
  for (const mode of ['lvs-dr', 'l7-proxy'] as const) {
    for (const style of ['keepalived', 'haproxy'] as const) {
      for (const kind of ['refuse', 'black-hole'] as const) {
        it(`${mode}, ${style} checks, ${kind}d server: detected within the bounds; misrouted ≈ rate × detection ÷ servers`, () => {
          const s = scenario(mode, style, kind);
          const spec = mode === 'lvs-dr' ? s.lvs.healthCheck! : s.proxy.healthCheck!;
          const r = runScenario(s, { mode });
          const f = r.faults![0]!;
          assert.ok(f.detectedAfterSeconds !== null, 'detected');
          const okNs = 2e6; // a check's round trip on the LAN with its CPU: well under this
          const failNs = kind === 'refuse' ? 2e6 : spec.style === 'haproxy' ? spec.timeoutNs : spec.connectTimeoutNs;
          const b = detectionBoundsNs(spec, okNs, failNs);
          const detectedNs = f.detectedAfterSeconds * 1e9;
          assert.ok(detectedNs >= b.minNs - 2e6 && detectedNs <= b.maxNs, `detected after ${f.detectedAfterSeconds} s; bounds ${b.minNs / 1e9}–${b.maxNs / 1e9} s`);
          const lost = kind === 'refuse' ? f.failed : f.timedOut;
          const expected = (RATE * f.detectedAfterSeconds) / SERVERS;
          assert.ok(Math.abs(lost - expected) <= 3 * Math.sqrt(expected) + 5, `${lost} requests lost vs ${expected.toFixed(0)} expected`);
          assert.equal(kind === 'refuse' ? f.timedOut : f.failed, 0);
          const q = r.requests;
          assert.equal(q.issued, q.completed + q.failed + q.timedOut + q.inFlight);
          // Check traffic is load: the checked server's neighbours received check packets besides requests.
          assert.ok(r.traffic.find((t) => t.node === 'server-0')!.packetsIn > 0);
        });
      }
    }
  }

  it('without checks the failed server keeps its share to the end', () => {
    const raw = scenario('lvs-dr', 'keepalived', 'refuse');
    const s = parseScenario({
      name: 'unchecked', description: 'no checks', modes: ['lvs-dr'], run: { duration: '3s', warmup: '0.5s' },
      workload: { groups: [{ name: 'web', clients: 400, retries: 0, arrival: { kind: 'poisson', rate: RATE }, requestsPerConnection: 1 }] },
      topology: { servers: { count: SERVERS } }, balancing: { lvs: 'rr' },
      faults: [{ kind: 'refuse', target: 'server-2', at: '1s' }],
    }, 'u.yaml');
    assert.ok(raw.lvs.healthCheck !== null && s.lvs.healthCheck === null);
    const f = runScenario(s, { mode: 'lvs-dr' }).faults![0]!;
    assert.equal(f.detectedAfterSeconds, null);
    const expected = (RATE * 2) / SERVERS;
    assert.ok(Math.abs(f.failed - expected) <= 3 * Math.sqrt(expected) + 5, `${f.failed} vs ${expected}`);
  });
});
