import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MODES, type Mode, type RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

// Clients here do not retry (retries: 0): a 503 from a Swift proxy ends its request as an error.

/**
 * Faults on the Swift object servers behind the proxies (docs/failure.md §5): every mode reaches
 * the same proxies and the proxies reach the same object servers, so every mode sees them alike.
 * One node of six down: reads go to another replica (after conn_timeout when it does not answer,
 * a round trip when it refuses) and writes to a handoff, nothing fails, and each proxy stops
 * trying it once it has counted more than error_suppression_limit errors. Every replica down:
 * every request gets a 503.
 */
const FAULT_S = 1;
const CONN_TIMEOUT_S = 0.5;

function run(mode: Mode, faults: unknown[], objectServers: number, mix?: Record<string, number>, errorSuppressionInterval = '60s'): RunResult {
  const s = parseScenario({
    name: 'object-faults',
    description: 'Swift object servers fail behind the proxies',
    run: { duration: '3s', warmup: '0.5s' },
    workload: { groups: [{ name: 'web', clients: 200, retries: 0, arrival: { kind: 'poisson', rate: 2000 }, timeout: '2s', ...(mix ? { mix } : {}) }] },
    topology: { servers: { count: 4 }, backend: { objectServers, errorSuppressionInterval } },
    faults,
  }, 'objects.yaml');
  const r = runScenario(s, { mode });
  const q = r.requests;
  assert.equal(q.issued, q.completed + q.failed + q.timedOut + q.inFlight, mode);
  return r;
}

/** Largest p99 over the timeline buckets after the fault, in seconds. */
function worstP99S(r: RunResult): number {
  return Math.max(...r.timeline.filter((p) => p.startS + r.warmupSeconds >= FAULT_S).map((p) => p.p99Ms)) / 1000;
}

describe('object-server faults, every mode alike', () => {
  it('one of six black-holed: reads wait conn_timeout then use another replica, nothing fails, each proxy error-limits it', () => {
    for (const mode of MODES) {
      const r = run(mode, [{ id: 'obj', kind: 'black-hole', target: 'object-2', at: `${FAULT_S}s` }], 6);
      assert.equal(r.requests.failed + r.requests.timedOut, 0, `${mode}: ${JSON.stringify(r.requests)}`);
      const p99 = worstP99S(r);
      assert.ok(p99 >= CONN_TIMEOUT_S && p99 < CONN_TIMEOUT_S + 0.1, `${mode}: worst p99 ${p99} s`);
      // Detected when a proxy has counted 11 errors: a request tries object-2 with probability 1/2 (first or second of three
      // shuffled primaries, reads; a handoff retry for writes), so at ~500 requests/s per proxy it takes a few tens of ms.
      const f = r.faults![0]!;
      assert.ok(f.detectedAfterSeconds !== null && f.detectedAfterSeconds > 0 && f.detectedAfterSeconds < 0.5, `${mode}: detected after ${f.detectedAfterSeconds}`);
      // After every proxy skips it, latency is back to normal.
      const late = r.timeline.filter((p) => p.startS + r.warmupSeconds >= FAULT_S + 1.5);
      assert.ok(Math.max(...late.map((p) => p.p99Ms)) < 100, `${mode}: late p99 ${Math.max(...late.map((p) => p.p99Ms))} ms`);
    }
  });

  it('one of six refusing: the next replica at once, no latency spike', () => {
    const r = run('lvs-dr', [{ id: 'obj', kind: 'refuse', target: 'object-4', at: `${FAULT_S}s` }], 6);
    assert.equal(r.requests.failed, 0);
    assert.ok(worstP99S(r) < 0.1, `worst p99 ${worstP99S(r)} s`);
  });

  it('PUTs write to a handoff when a primary is down: no failures', () => {
    const r = run('l7-proxy', [{ id: 'obj', kind: 'crash', target: 'object-0', at: `${FAULT_S}s` }], 6, { GET: 0, PUT: 1, HEAD: 0, DELETE: 0 });
    assert.equal(r.requests.failed, 0);
    assert.ok(r.faults![0]!.detectedAfterSeconds !== null);
  });

  it('every replica down: every request is a 503 until the nodes are back and the proxies stop skipping them, in every mode', () => {
    // Back at 2 s; a proxy skips a node until error_suppression_interval (here 0.3 s) after its last error there.
    const faults = [0, 1, 2].map((k) => ({ id: `obj-${k}`, kind: 'refuse', target: `object-${k}`, at: `${FAULT_S}s`, recoverAt: '2s' }));
    for (const mode of MODES) {
      const r = run(mode, faults, 3, undefined, '0.3s');
      const charged = r.faults!.reduce((s, f) => s + f.failed, 0);
      const inside = (from: number, to: number) => r.timeline.filter((p) => p.startS + r.warmupSeconds >= from - 1e-9 && p.endS + r.warmupSeconds <= to + 1e-9);
      const failed = (ps: typeof r.timeline) => ps.reduce((s, p) => s + p.failed, 0);
      const done = (ps: typeof r.timeline) => ps.reduce((s, p) => s + p.completed, 0);
      const down = inside(FAULT_S + 0.1, 2);
      assert.equal(done(down), 0, `${mode}: completions while every replica is down`);
      assert.ok(failed(down) > 1500, `${mode}: ${failed(down)} failed while down`);
      assert.equal(charged, r.requests.failed, `${mode}: ${charged} charged of ${r.requests.failed}`);
      assert.equal(failed(inside(2.4, 3)), 0, `${mode}: failures after the suppression interval`);
    }
  });
});
