import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Request } from '../sim/models/request.js';
import type { Mode } from '../sim/result.js';
import { runScenario } from '../sim/run.js';
import { parseScenario } from '../sim/scenario/load.js';

/** Same scenario and seed: the same bytes. Modes and topology changes leave the workload's draws alone. */
function scenario(extra: Record<string, unknown> = {}, groups?: unknown[]) {
  return parseScenario({
    name: 'det',
    description: 'determinism checks',
    run: { duration: '0.6s', warmup: '0.1s' },
    workload: { groups: groups ?? [{ name: 'a', clients: 50, arrival: { kind: 'poisson', rate: 4000 }, requestsPerConnection: 4 }] },
    topology: { servers: { count: 4 } },
    ...extra,
  }, 'det');
}

function issued(mode: Mode, s = scenario(), count = 2000): string[] {
  const seen: string[] = [];
  runScenario(s, { mode, onIssue: (r: Request) => { if (seen.length < count && r.groupIndex === 0) seen.push(`${r.id}@${r.issuedNs}:${r.clientIndex}:${r.method}:${r.objectBytes}`); } });
  return seen;
}

describe('determinism', () => {
  it('the same scenario and seed give byte-identical results, in every mode', () => {
    for (const mode of ['rr-dns', 'client-side', 'l7-proxy', 'lvs-nat', 'lvs-tun', 'lvs-dr'] as const) {
      const a = JSON.stringify(runScenario(scenario(), { mode }));
      const b = JSON.stringify(runScenario(scenario(), { mode }));
      assert.equal(a, b, mode);
    }
  });
  it('a different seed or replication gives different numbers', () => {
    const a = runScenario(scenario(), { mode: 'lvs-dr', seed: 1 });
    const b = runScenario(scenario(), { mode: 'lvs-dr', seed: 2 });
    const c = runScenario(scenario(), { mode: 'lvs-dr', seed: 1, replication: 1 });
    assert.notEqual(a.latencyMs.mean, b.latencyMs.mean);
    assert.notEqual(a.requests.issued, b.requests.issued);
    assert.notEqual(a.latencyMs.mean, c.latencyMs.mean);
  });
  it('common random numbers: switching the mode leaves arrivals, clients, methods and sizes unchanged', () => {
    const reference = issued('lvs-dr');
    assert.equal(reference.length, 2000);
    for (const mode of ['rr-dns', 'client-side', 'l7-proxy', 'lvs-nat', 'lvs-tun'] as const) assert.deepEqual(issued(mode), reference, mode);
  });
  it('adding servers, a front end or a second client group leaves the first group\'s draws unchanged', () => {
    const reference = issued('lvs-nat');
    assert.deepEqual(issued('lvs-nat', scenario({ topology: { servers: { count: 9 }, frontEnd: { count: 2 } } })), reference);
    const two = scenario({}, [
      { name: 'a', clients: 50, arrival: { kind: 'poisson', rate: 4000 }, requestsPerConnection: 4 },
      { name: 'b', clients: 10, arrival: { kind: 'poisson', rate: 1000 } },
    ]);
    const first = issued('lvs-nat', two).map((line) => line.replace(/^\d+@/, '@'));
    assert.deepEqual(first, reference.map((line) => line.replace(/^\d+@/, '@')));
  });
  it('conservation holds in every mode: issued = completed + failed + timedOut + inFlight', () => {
    for (const mode of ['rr-dns', 'client-side', 'l7-proxy', 'lvs-nat', 'lvs-tun', 'lvs-dr'] as const) {
      const r = runScenario(scenario(), { mode }).requests;
      assert.equal(r.issued, r.completed + r.failed + r.timedOut + r.inFlight, mode);
      assert.ok(r.completed > 0.9 * r.issued, mode);
    }
  });
});
