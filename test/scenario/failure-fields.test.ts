import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScenarioError } from '../../sim/scenario/errors.js';
import { parseScenario } from '../../sim/scenario/load.js';

/** The scenario fields of the ECMP tier, the object servers, answer order and data-changing faults: real domains, paths in errors. */
function base(patch: (s: Record<string, any>) => void): Record<string, unknown> {
  const s: Record<string, any> = {
    name: 'f',
    description: 'fields',
    run: { duration: '10s' },
    workload: { groups: [{ name: 'web', clients: 10, arrival: { kind: 'poisson', rate: 100 } }] },
    topology: { servers: { count: 4 }, frontEnd: { count: 4 } },
    dns: { resolvers: [{ name: 'site' }] },
  };
  patch(s);
  return s;
}

function expectIssue(patch: (s: Record<string, any>) => void, path: string, message: RegExp): void {
  try {
    parseScenario(base(patch), 'f.yaml');
  } catch (err) {
    assert.ok(err instanceof ScenarioError);
    const hit = err.issues.find((i) => i.path === path);
    assert.ok(hit, `an issue at ${path}; got ${JSON.stringify(err.issues)}`);
    assert.match(hit.message, message);
    return;
  }
  assert.fail('accepted');
}

describe('failure fields of a scenario', () => {
  it('ECMP: defaults, and refused combinations', () => {
    const s = parseScenario(base((x) => (x.topology.frontEnd.ecmp = { hashing: 'resilient' })), 'f.yaml');
    assert.deepEqual(s.topology.frontEnd.ecmp, { hashing: 'resilient', buckets: 1024, detectionNs: 900e6, sloppyTcp: false, sync: null });
    assert.equal(parseScenario(base(() => {}), 'f.yaml').topology.frontEnd.ecmp, null);
    expectIssue((x) => (x.topology.frontEnd = { count: 1, ecmp: { hashing: 'mod-n' } }), 'topology.frontEnd.ecmp', /at least 2/);
    expectIssue((x) => {
      x.topology.frontEnd.ecmp = { hashing: 'mod-n' };
      x.ha = { vrrp: { priorities: [150, 100] } };
    }, 'topology.frontEnd.ecmp', /use one/);
    expectIssue((x) => (x.topology.frontEnd.ecmp = { hashing: 'mod-n', buckets: 64 }), 'topology.frontEnd.ecmp.buckets', /resilient/);
    expectIssue((x) => (x.topology.frontEnd.ecmp = { hashing: 'resilient', buckets: 1.5 }), 'topology.frontEnd.ecmp.buckets', /./);
    expectIssue((x) => (x.topology.frontEnd.ecmp = { hashing: 'resilient', detection: '20min' }), 'topology.frontEnd.ecmp.detection', /600s/);
    expectIssue((x) => (x.topology.frontEnd.ecmp = { hashing: 'mod-n', sync: { threshold: 60 } }), 'topology.frontEnd.ecmp.sync.threshold', /below period/);
    expectIssue((x) => (x.topology.frontEnd.ecmp = { hashing: 'maglev' }), 'topology.frontEnd.ecmp.hashing', /./);
  });

  it('object servers: enough for the replicas, Swift\'s defaults, and faults naming them', () => {
    const s = parseScenario(base((x) => (x.faults = [{ kind: 'crash', target: 'object-5', at: 1 }]) && (x.topology.backend = { objectServers: 6 })), 'f.yaml');
    assert.deepEqual(s.topology.backend.objects, { count: 6, connTimeoutNs: 0.5e9, errorLimit: 10, errorIntervalNs: 60e9 });
    assert.equal(s.faults[0]!.target?.role, 'object');
    expectIssue((x) => (x.topology.backend = { objectServers: 2 }), 'topology.backend.objectServers', /cannot hold 3 replicas/);
    expectIssue((x) => (x.faults = [{ kind: 'crash', target: 'object-3', at: 1 }]), 'faults[0].target', /object-0\.\.object-2/);
    expectIssue((x) => (x.faults = [{ kind: 'drain', target: 'object-0', at: 1 }]), 'faults[0].target', /drain fault cannot target object/);
  });

  it('answer order and address sorting', () => {
    const s = parseScenario(base((x) => {
      x.dns.resolvers = [{ name: 'site', order: 'random' }];
      x.workload.groups[0].sameSubnet = ['server-2'];
    }), 'f.yaml');
    assert.equal(s.dns.resolvers[0]!.order, 'random');
    assert.deepEqual(s.workload.groups[0]!.sameSubnet, [2]);
    assert.equal(parseScenario(base((x) => (x.dns.resolvers = [{ name: 'site', rotate: true }])), 'f.yaml').dns.resolvers[0]!.order, 'cyclic');
    expectIssue((x) => (x.dns.resolvers = [{ name: 'site', rotate: true, order: 'random' }]), 'dns.resolvers[0].rotate', /contradicts/);
    expectIssue((x) => (x.workload.groups[0].sameSubnet = ['server-9']), 'workload.groups[0].sameSubnet[0]', /not a server/);
    expectIssue((x) => {
      x.workload.groups[0].sameSubnet = ['server-1'];
      x.workload.groups[0].addressSorting = 'none';
    }, 'workload.groups[0].sameSubnet', /rfc6724/);
  });

  it('data-changing faults: something to remove or add, never both for one server', () => {
    const s = parseScenario(base((x) => (x.faults = [{ kind: 'dns-records', add: ['server-3'], remove: ['server-0'], at: 1 }])), 'f.yaml');
    assert.deepEqual([s.faults[0]!.servers, s.faults[0]!.added], [[0], [3]]);
    expectIssue((x) => (x.faults = [{ kind: 'registry-membership', at: 1 }]), 'faults[0]', /remove or add/);
    expectIssue((x) => (x.faults = [{ kind: 'dns-records', add: ['server-1'], remove: ['server-1'], at: 1 }]), 'faults[0].add', /both removed and added/);
  });
});
