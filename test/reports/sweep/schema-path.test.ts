import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scenarioSchema } from '../../../sim/scenario/schema.js';
import { formatSegments } from '../../../drivers/scenario-edit.js';
import { checkSchemaPath, parsePath } from '../../../reports/sweep/schema-path.js';

describe('parsePath / formatSegments', () => {
  it('reads dots and brackets, and numeric dot segments as indexes', () => {
    assert.deepEqual(parsePath('workload.groups[0].arrival.rate'), ['workload', 'groups', 0, 'arrival', 'rate']);
    assert.deepEqual(parsePath('workload.groups.1.clients'), ['workload', 'groups', 1, 'clients']);
    assert.equal(formatSegments(parsePath('workload.groups.1.clients')!), 'workload.groups[1].clients');
  });
  it('rejects what is not a path', () => {
    for (const bad of ['', '.a', 'a..b', 'a[x]', 'a b', '[0]', 'a.']) assert.equal(parsePath(bad), null, bad);
  });
});

describe('checkSchemaPath against the scenario schema', () => {
  const check = (path: string): string | null => checkSchemaPath(scenarioSchema, parsePath(path)!);
  it('accepts fields through optional sections, lists, unions, lazies and records', () => {
    for (const ok of ['topology.servers.count', 'workload.groups[0].arrival.rate', 'workload.groups[0].arrival.think.mean', 'dns.ttl', 'balancing.lvs',
      'workload.groups[0].objectSize.parts[1].dist.mean', 'costs.server.nsPerByte', 'costs.server.requestNs.GET', 'registry.refresh', 'run.seed']) {
      assert.equal(check(ok), null, ok);
    }
  });
  it('names the first missing field and the nearest valid keys', () => {
    assert.equal(check('topology.server.count'), 'no field "server" in topology; did you mean "servers"? fields: backend, frontEnd, lanDelay, mtu, servers');
    assert.match(check('workload.groups[0].arival.rate')!, /^no field "arival" in workload\.groups\[0\]; did you mean "arrival"\?/);
    assert.match(check('nonsense')!, /^no field "nonsense" in the scenario; fields: \$schema, balancing, costs, /);
  });
  it('tells lists, objects and values apart', () => {
    assert.equal(check('workload.groups.clients'), 'workload.groups is a list: index it, e.g. workload.groups[0]');
    assert.match(check('topology[0]')!, /^topology is an object, not a list/);
    assert.equal(check('dns.ttl.seconds'), 'dns.ttl is a value, it has no field "seconds"');
  });
});
