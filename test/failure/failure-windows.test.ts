import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

// Clients here do not retry (retries: 0): each refused or lost request ends as an error, which is
// what these tests count; with the default policy (5 retries) most of them would be hidden.

/**
 * The case against round-robin DNS, as one scenario and one chart's data (the timeline): a Swift
 * proxy dies (its port refuses) and the operator removes its A record at once. Under rr-dns the
 * errors go on as long as the caches hold the old answer (the resolver's TTL, a client floor, or
 * for good when pinned), and clients that try the next address hide most of them; under lvs-dr
 * with health checks they stop once the director's checker has noticed.
 */
const CRASH_S = 2;
const TTL_S = 3;
const WARMUP_S = 1;

type Cache = { kind: 'honour-ttl' } | { kind: 'floor'; min: string } | { kind: 'pin' };

function run(mode: 'rr-dns' | 'lvs-dr', caches: Cache[], nextAddress = false, durationS = 9, reResolve = false): RunResult {
  const s = parseScenario({
    name: 'dns-window',
    description: 'a server dies and its record is removed',
    modes: [mode],
    run: { duration: `${durationS}s`, warmup: `${WARMUP_S}s` },
    workload: {
      groups: [{
        name: 'web', clients: 400, retries: 0, arrival: { kind: 'poisson', rate: 4000 }, requestsPerConnection: 1, timeout: '1s',
        dnsCaches: caches.map((cache) => ({ weight: 1, cache })), dnsFailover: { nextAddress, reResolve },
      }],
    },
    topology: { servers: { count: 8 } },
    balancing: { lvs: 'rr' },
    dns: { ttl: `${TTL_S}s`, resolvers: [{ name: 'site', rotate: true }] },
    lvs: { healthCheck: { style: 'keepalived', delayLoop: '1s', connectTimeout: '0.5s', retry: 1, delayBeforeRetry: '0.2s' } },
    faults: [
      { id: 'swift-3', kind: 'refuse', target: 'server-3', at: `${CRASH_S}s` },
      { id: 'record-3', kind: 'dns-records', remove: ['server-3'], at: `${CRASH_S}s` },
    ],
  }, 'dns-window.yaml');
  const r = runScenario(s, { mode });
  const q = r.requests;
  assert.equal(q.issued, q.completed + q.failed + q.timedOut + q.inFlight);
  return r;
}

/** Seconds from the crash to the end of the last timeline bucket with an error; 0 when none. */
function errorWindowS(r: RunResult): number {
  let last = -1;
  r.timeline.forEach((p, i) => {
    if (p.failed + p.timedOut > 0) last = i;
  });
  return last < 0 ? 0 : r.timeline[last]!.endS + WARMUP_S - CRASH_S;
}

describe('failure windows: rr-dns caches versus a checking director', () => {
  it('rr-dns, TTL-respecting caches: errors stop within one TTL of the record\'s removal', () => {
    const r = run('rr-dns', [{ kind: 'honour-ttl' }]);
    const w = errorWindowS(r);
    assert.ok(w > 0 && w <= TTL_S + 0.15, `errors for ${w} s after the crash (TTL ${TTL_S} s)`);
    assert.ok(r.faults![0]!.failed > 100);
  });

  it('rr-dns, a 6 s client floor: errors go on past the TTL, up to the floor', () => {
    // The floor clients all fetched at the start, so their copies expire together near 6 s.
    const w = errorWindowS(run('rr-dns', [{ kind: 'honour-ttl' }, { kind: 'floor', min: '6s' }]));
    assert.ok(w > TTL_S + 0.5 && w <= 6 + 0.15, `errors for ${w} s after the crash`);
  });

  it('rr-dns with pinned clients: errors to the end of the run, from the pinned share only', () => {
    const r = run('rr-dns', [{ kind: 'honour-ttl' }, { kind: 'pin' }]);
    const w = errorWindowS(r);
    assert.ok(w >= 9 - CRASH_S - 0.15, `errors for ${w} s`);
    // Late in the run only pinned clients whose first address is server-3 fail: about ¼ × ½ of their requests... at most a small share.
    const late = r.timeline.filter((p) => p.startS + WARMUP_S >= CRASH_S + TTL_S + 0.5);
    const failed = late.reduce((s, p) => s + p.failed, 0);
    const done = late.reduce((s, p) => s + p.completed, 0);
    assert.ok(failed > 0 && failed / (failed + done) < 0.25, `late error share ${failed / (failed + done)}`);
  });

  it('rr-dns clients that try the next address hide most of the errors', () => {
    const plain = run('rr-dns', [{ kind: 'honour-ttl' }, { kind: 'floor', min: '6s' }]).faults![0]!;
    const next = run('rr-dns', [{ kind: 'honour-ttl' }, { kind: 'floor', min: '6s' }], true).faults![0]!;
    assert.ok(next.failed < 0.05 * plain.failed, `${next.failed} vs ${plain.failed} failed`);
    assert.ok(next.retried > 0.9 * plain.failed && next.succeededAfterRetry >= 0.95 * next.retried, JSON.stringify(next));
  });

  it('rr-dns clients that re-resolve after a failure: a 30 s floor no longer matters, errors stop with the resolver\'s TTL', () => {
    const floor: Cache[] = [{ kind: 'floor', min: '30s' }];
    const plain = errorWindowS(run('rr-dns', floor));
    const reResolving = errorWindowS(run('rr-dns', floor, false, 9, true));
    assert.ok(plain >= 9 - CRASH_S - 0.15, `without re-resolving: errors for ${plain} s`);
    assert.ok(reResolving > 0 && reResolving <= TTL_S + 0.15, `re-resolving: errors for ${reResolving} s (TTL ${TTL_S} s)`);
  });

  it('lvs-dr with health checks: errors stop once the checker has removed the server', () => {
    const r = run('lvs-dr', [{ kind: 'honour-ttl' }]);
    const f = r.faults![0]!;
    assert.ok(f.detectedAfterSeconds !== null && f.detectedAfterSeconds < 2);
    const w = errorWindowS(r);
    assert.ok(w > 0 && w <= f.detectedAfterSeconds + 0.15, `errors for ${w} s, detected after ${f.detectedAfterSeconds} s`);
    assert.ok(w < TTL_S, 'shorter than the rr-dns window');
  });
});
