import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MODES, type RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

// Clients here do not retry (retries: 0): each refused or lost request ends as an error, which is
// what these tests count; with the default policy (5 retries) most of them would be hidden.

/**
 * Nothing lost: under every mode and every kind of fault, each request issued ends in exactly one
 * of completed / failed / timed out, or is still in flight; a fault costs what it should.
 */
const SERVERS = 4;

function scenario(faults: unknown[], extra: Record<string, unknown> = {}) {
  return parseScenario({
    name: 'faulty',
    description: 'small run with faults',
    run: { duration: '1.5s', warmup: '0.2s' },
    workload: { groups: [{ name: 'web', clients: 60, retries: 0, arrival: { kind: 'poisson', rate: 3000 }, timeout: '0.4s', dnsFailover: { nextAddress: true } }] },
    topology: { servers: { count: SERVERS }, frontEnd: { count: 2 } },
    dns: { ttl: '0.3s', resolvers: [{ name: 'site', rotate: true }] },
    registry: { refresh: '0.3s' },
    ...extra,
    faults,
  }, 'faulty.yaml');
}

function assertConserved(r: RunResult, label: string): void {
  const q = r.requests;
  assert.equal(q.issued, q.completed + q.failed + q.timedOut + q.inFlight, `${label}: ${JSON.stringify(q)}`);
  assert.ok(q.issued > 0, label);
  assert.ok(!/NaN|Infinity/.test(JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))), `${label}: a non-finite number`);
}

const KINDS: unknown[][] = [
  [{ kind: 'crash', target: 'server-1', at: '0.5s', recoverAt: '1s' }],
  [{ kind: 'black-hole', target: 'server-2', at: '0.5s' }],
  [{ kind: 'refuse', target: 'server-0', at: '0.5s', recoverAt: '0.9s' }],
  [{ kind: 'slow', target: 'server-3', at: '0.4s', cpuFactor: 20, extraLatency: '20ms' }],
  [{ kind: 'link', target: 'server-1', at: '0.4s', cut: true, recoverAt: '0.6s' }, { kind: 'link', target: 'clients-web', at: '0.7s', extraDelay: '50ms' }],
  [{ kind: 'drain', target: 'server-1', at: '0.5s', recoverAt: '1.2s' }],
  [{ kind: 'crash', target: 'front-end-0', at: '0.5s', recoverAt: '0.8s' }, { kind: 'stop', target: 'front-end-1', at: '1s' }],
  [{ kind: 'crash', target: 'resolver-site', at: '0.5s', recoverAt: '0.7s' }, { kind: 'refuse', target: 'registry', at: '0.5s' }, { kind: 'black-hole', target: 'dns-authoritative', at: '0.6s' }],
  [{ kind: 'dns-records', remove: ['server-0', 'server-1'], at: '0.5s', recoverAt: '1s' }, { kind: 'registry-membership', remove: ['server-2'], at: '0.5s' }],
];

describe('requests are conserved under faults', () => {
  for (const faults of KINDS) {
    const s = scenario(faults);
    const label = faults.map((f) => (f as { kind: string }).kind).join('+');
    it(`${label}, every mode`, () => {
      for (const mode of MODES) {
        const r = runScenario(s, { mode });
        assertConserved(r, `${label} ${mode}`);
        assert.equal(r.faults?.length, faults.length);
        for (const f of r.faults!) assert.ok(f.failed >= 0 && f.timedOut >= 0 && f.failed + f.timedOut <= r.requests.issued);
      }
    });
  }

  it('a refusing server behind a director without health checks fails requests; a black-holed one times them out', () => {
    const refused = runScenario(scenario([{ kind: 'refuse', target: 'server-0', at: '0.5s' }]), { mode: 'lvs-dr' });
    assert.ok(refused.faults![0]!.failed > 0);
    assert.equal(refused.faults![0]!.timedOut, 0);
    const lost = runScenario(scenario([{ kind: 'black-hole', target: 'server-0', at: '0.5s' }]), { mode: 'lvs-dr' });
    assert.ok(lost.faults![0]!.timedOut > 0);
    assert.equal(lost.faults![0]!.failed, 0);
  });

  it('rr-dns: a client that tries the next address hides refusals that plain clients see', () => {
    const faults = [{ kind: 'refuse', target: 'server-1', at: '0.4s' }];
    const plain = parseScenario({ ...JSON.parse(JSON.stringify(rawOf(faults))), workload: { groups: [{ name: 'web', clients: 60, retries: 0, arrival: { kind: 'poisson', rate: 3000 }, timeout: '0.4s' }] } }, 'p.yaml');
    const a = runScenario(plain, { mode: 'rr-dns' }).faults![0]!;
    const b = runScenario(scenario(faults), { mode: 'rr-dns' }).faults![0]!;
    assert.ok(a.failed > 50, `plain clients: ${a.failed} failed`);
    assert.ok(b.retried > 0 && b.succeededAfterRetry > 0.9 * b.retried, JSON.stringify(b));
    assert.ok(b.failed < 0.1 * a.failed, `next-address clients: ${b.failed} failed vs ${a.failed}`);
  });

  it('property: random fault schedules never throw, never lose a request, never yield NaN, and keep work and live requests bounded', () => {
    const target = fc.constantFrom('server-0', 'server-3', 'front-end-0', 'front-end-1', 'object-1', 'resolver-site', 'registry', 'dns-authoritative', 'clients-web');
    const fault = fc.record({
      kind: fc.constantFrom('crash', 'black-hole', 'refuse', 'slow', 'link', 'drain', 'stop', 'dns-records', 'registry-membership'),
      target,
      atMs: fc.integer({ min: 0, max: 1400 }),
      lengthMs: fc.option(fc.integer({ min: 1, max: 1000 })),
      /** dns-records / registry-membership: the server is added at `at` instead of removed. */
      adds: fc.boolean(),
    });
    const applicable = (f: { kind: string; target: string }) => {
      const role = f.target.replace(/-\d+$/, '').replace(/-(site|web)$/, '');
      const table: Record<string, string[]> = {
        crash: ['server', 'front-end', 'object', 'resolver', 'registry', 'dns-authoritative'],
        'black-hole': ['server', 'front-end', 'object', 'resolver', 'registry', 'dns-authoritative', 'clients'],
        refuse: ['server', 'front-end', 'object', 'resolver', 'registry', 'dns-authoritative'],
        slow: ['server', 'front-end', 'object'], link: ['server', 'front-end', 'object', 'registry', 'clients'], drain: ['server'], stop: ['front-end'],
        'dns-records': ['server'], 'registry-membership': ['server'],
      };
      return table[f.kind]!.includes(role);
    };
    // The front ends as a VRRP pair, an ECMP tier, or two single boxes; the resolver's answer order.
    const frontEnd = fc.constantFrom<Record<string, unknown>>(
      { topology: { servers: { count: SERVERS }, frontEnd: { count: 2 }, backend: { objectServers: 4 } } },
      { topology: { servers: { count: SERVERS }, frontEnd: { count: 2, ecmp: { hashing: 'resilient', sync: true, detection: '100ms' } }, backend: { objectServers: 4 } } },
      { topology: { servers: { count: SERVERS }, frontEnd: { count: 2 }, backend: { objectServers: 4 } }, ha: { vrrp: { priorities: [150, 100] }, sync: true } },
    );
    const order = fc.constantFrom('fixed', 'cyclic', 'random');
    fc.assert(fc.property(fc.array(fault, { maxLength: 5 }), fc.constantFrom(...MODES), fc.integer({ min: 1, max: 1000 }), frontEnd, order, (raw, mode, seed, fe, dnsOrder) => {
      const faults = raw.filter(applicable).map((f) => {
        const spec: Record<string, unknown> = { kind: f.kind, at: `${f.atMs}ms` };
        if (f.kind === 'dns-records' || f.kind === 'registry-membership') spec[f.adds ? 'add' : 'remove'] = [f.target];
        else spec.target = f.target;
        if (f.kind === 'slow') spec.cpuFactor = 8;
        if (f.kind === 'link') spec.cut = true;
        if (f.lengthMs !== null) spec.recoverAt = `${f.atMs + f.lengthMs}ms`;
        return spec;
      });
      let live = 0;
      let maxLive = 0;
      const r = runScenario(scenario(faults, { run: { duration: '1.5s', warmup: '0.2s', seed }, dns: { ttl: '0.3s', resolvers: [{ name: 'site', order: dnsOrder }] }, ...fe }), {
        mode,
        maxRequests: 2500,
        setup: (_w, flow) => {
          live = 0;
          flow.onIssue = () => {
            live = flow.inProgress;
            if (live > maxLive) maxLive = live;
          };
        },
      });
      assertConserved(r, `${mode} ${JSON.stringify(faults)} ${JSON.stringify(fe)}`);
      // Bounded work and state: events per request stay within a constant; requests alive at once stay within what
      // arrives over one client timeout (3000/s × 0.4 s = 1200, retries: 0) plus the ACKs still on their way.
      assert.ok(r.events < 200 * Math.max(1, r.requests.issued) + 10_000, `${r.events} events for ${r.requests.issued} requests`);
      assert.ok(maxLive <= 2 * 1200 + 500, `${maxLive} requests alive at once`);
      assert.ok(r.timeline.length <= 200, `${r.timeline.length} timeline points`);
    }), { seed: 20261129, numRuns: 50 });
  });
});

function rawOf(faults: unknown[]): Record<string, unknown> {
  return {
    name: 'faulty', description: 'small run with faults',
    run: { duration: '1.5s', warmup: '0.2s' },
    topology: { servers: { count: SERVERS }, frontEnd: { count: 2 } },
    dns: { ttl: '0.3s', resolvers: [{ name: 'site', rotate: true }] },
    faults,
  };
}
