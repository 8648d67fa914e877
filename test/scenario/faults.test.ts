import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScenarioError } from '../../sim/scenario/errors.js';
import { parseScenario } from '../../sim/scenario/load.js';

/** The `faults:` list: real domains, references checked, every error with its file and path. */
function withFaults(faults: unknown[]): Record<string, unknown> {
  return {
    name: 'f',
    description: 'faults',
    run: { duration: '10s' },
    workload: { groups: [{ name: 'web', clients: 10, arrival: { kind: 'poisson', rate: 100 } }] },
    topology: { servers: { count: 4 } },
    dns: { resolvers: [{ name: 'site' }] },
    faults,
  };
}

function issues(faults: unknown[]): { path: string; message: string }[] {
  try {
    parseScenario(withFaults(faults), 'f.yaml');
  } catch (err) {
    assert.ok(err instanceof ScenarioError);
    assert.match(err.message, /^f\.yaml: faults/m);
    return [...err.issues];
  }
  assert.fail('accepted');
}

function expectIssue(faults: unknown[], path: string, message: RegExp): void {
  const found = issues(faults);
  const hit = found.find((i) => i.path === path);
  assert.ok(hit, `an issue at ${path}; got ${JSON.stringify(found)}`);
  assert.match(hit.message, message);
}

describe('faults in a scenario', () => {
  it('are normalized: times in ns, targets resolved, sorted by time, 100 ms timeline buckets', () => {
    const s = parseScenario(withFaults([
      { id: 'late', kind: 'refuse', target: 'server-3', at: '5s', recoverAt: '7s' },
      { kind: 'crash', target: 'front-end-0', at: 2 },
      { kind: 'crash', target: 'resolver-site', at: '1s' },
      { kind: 'slow', target: 'server-0', at: '3s', cpuFactor: 4 },
      { kind: 'link', target: 'clients-web', at: '3s', extraDelay: '5ms' },
      { kind: 'dns-records', remove: ['server-1', 'server-2'], at: '4s' },
    ]), 'ok.yaml');
    assert.deepEqual(s.faults.map((f) => f.atNs), [1e9, 2e9, 3e9, 3e9, 4e9, 5e9]);
    const late = s.faults.find((f) => f.id === 'late')!;
    assert.deepEqual(late.target, { role: 'server', index: 3, name: 'server-3' });
    assert.equal(late.recoverAtNs, 7e9);
    assert.equal(s.faults.find((f) => f.kind === 'slow')!.cpuFactor, 4);
    assert.equal(s.faults.find((f) => f.kind === 'link')!.extraDelayNs, 5e6);
    assert.deepEqual(s.faults.find((f) => f.kind === 'dns-records')!.servers, [1, 2]);
    assert.equal(s.faults.find((f) => f.kind === 'crash' && f.target?.role === 'front-end')!.id, 'fault-1');
    assert.equal(s.run.timelineIntervalNs, 100e6);
    assert.equal(parseScenario(withFaults([]), 'ok.yaml').run.timelineIntervalNs, 1e9);
  });
  it('refuse unknown and out-of-range targets, naming the nodes there are', () => {
    expectIssue([{ kind: 'crash', target: 'server-4', at: 1 }], 'faults[0].target', /no node "server-4".*server-0\.\.server-3/);
    expectIssue([{ kind: 'crash', target: 'resolver-public', at: 1 }], 'faults[0].target', /resolver-site/);
    expectIssue([{ kind: 'link', target: 'clients-mobile', at: 1, cut: true }], 'faults[0].target', /clients-web/);
    expectIssue([{ kind: 'dns-records', remove: ['server-1', 'front-end-0'], at: 1 }], 'faults[0].remove[1]', /not a server/);
  });
  it('refuse a kind on a node it does not apply to', () => {
    expectIssue([{ kind: 'drain', target: 'front-end-0', at: 1 }], 'faults[0].target', /drain fault cannot target front-end/);
    expectIssue([{ kind: 'stop', target: 'server-0', at: 1 }], 'faults[0].target', /applies to: front-end/);
    expectIssue([{ kind: 'slow', target: 'registry', at: 1, cpuFactor: 2 }], 'faults[0].cpuFactor', /extraLatency/);
  });
  it('refuse times outside the run or in the wrong order, and duplicate ids', () => {
    expectIssue([{ kind: 'crash', target: 'server-0', at: '10s' }], 'faults[0].at', /inside the run/);
    expectIssue([{ kind: 'crash', target: 'server-0', at: '5s', recoverAt: '5s' }], 'faults[0].recoverAt', /after at/);
    expectIssue([{ id: 'a', kind: 'crash', target: 'server-0', at: 1 }, { id: 'a', kind: 'crash', target: 'server-1', at: 2 }], 'faults[1].id', /duplicate/);
    expectIssue([{ kind: 'crash', target: 'server-0', at: '-1s' }], 'faults[0].at', /within 0s/);
  });
  it('bound every number and need a real effect', () => {
    expectIssue([{ kind: 'slow', target: 'server-0', at: 1, cpuFactor: 1e6 }], 'faults[0].cpuFactor', /1000/);
    expectIssue([{ kind: 'slow', target: 'server-0', at: 1, cpuFactor: 0.5 }], 'faults[0].cpuFactor', /1/);
    expectIssue([{ kind: 'slow', target: 'server-0', at: 1 }], 'faults[0]', /cpuFactor > 1 or extraLatency/);
    expectIssue([{ kind: 'link', target: 'server-0', at: 1, extraDelay: '2min' }], 'faults[0].extraDelay', /within 0s..60s/);
    expectIssue([{ kind: 'link', target: 'server-0', at: 1 }], 'faults[0]', /cut: true or extraDelay/);
    expectIssue([{ kind: 'explode', target: 'server-0', at: 1 }], 'faults[0].kind', /./);
    expectIssue([{ kind: 'crash', target: 'server-0', at: 1, power: 3 }], 'faults[0].power', /unknown field/);
    expectIssue(new Array(65).fill({ kind: 'crash', target: 'server-0', at: 1 }), 'faults', /64/);
  });
});
