import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ScenarioError } from '../../sim/scenario/errors.js';
import { loadScenarioFile } from '../../sim/scenario/load-file.js';
import { parseScenario } from '../../sim/scenario/load.js';

/** Each class of mistake is refused before anything runs, naming the file and the field's path. */
function base(): Record<string, any> {
  return {
    name: 'bad',
    description: 'a scenario with one mistake',
    workload: { groups: [{ name: 'g', clients: 10, arrival: { kind: 'poisson', rate: 100 } }] },
  };
}

function issuesOf(value: unknown): { path: string; message: string }[] {
  try {
    parseScenario(value, 'bad.yaml');
  } catch (err) {
    assert.ok(err instanceof ScenarioError, `a ScenarioError, got ${String(err)}`);
    assert.match(err.message, /^bad\.yaml: /m, 'the message names the file');
    return [...err.issues];
  }
  assert.fail('the scenario was accepted');
}

function expectIssue(value: unknown, path: string, message: RegExp): void {
  const issues = issuesOf(value);
  const hit = issues.find((i) => i.path === path);
  assert.ok(hit, `an issue at ${path}; got ${JSON.stringify(issues)}`);
  assert.match(hit.message, message);
}

describe('scenario errors name the field path', () => {
  it('the base scenario is valid', () => {
    assert.equal(parseScenario(base(), 'ok.yaml').name, 'bad');
  });
  it('unknown field', () => {
    const s = base();
    s.workload.groups[0].clientz = 5;
    expectIssue(s, 'workload.groups[0].clientz', /unknown field "clientz"/);
  });
  it('wrong type', () => {
    const s = base();
    s.workload.groups[0].clients = 'many';
    expectIssue(s, 'workload.groups[0].clients', /must be an integer in 1\.\.1000000 \(got "many"\)/);
  });
  it('negative rate', () => {
    const s = base();
    s.workload.groups[0].arrival.rate = -5;
    expectIssue(s, 'workload.groups[0].arrival.rate', /must be a number in 0\.001\.\.1e8 \(got -5\)/);
  });
  it('unknown unit, with the allowed ones listed', () => {
    const s = base();
    s.workload.groups[0].rtt = '5 parsecs';
    expectIssue(s, 'workload.groups[0].rtt', /unknown duration unit "parsecs".*allowed: ns, us/);
  });
  it('a size with a rate unit', () => {
    const s = base();
    s.topology = { servers: { nic: '10GB' } };
    expectIssue(s, 'topology.servers.nic', /unknown rate unit "GB"/);
  });
  it('missing reference', () => {
    const s = base();
    s.workload.groups[0].resolver = 'nope';
    expectIssue(s, 'workload.groups[0].resolver', /unknown resolver "nope"; defined: resolver/);
  });
  it('unknown mode and unknown scheduler', () => {
    const s = base();
    s.modes = ['lvs-fast'];
    s.balancing = { lvs: 'fastest' };
    const issues = issuesOf(s);
    assert.ok(issues.some((i) => i.path === 'modes[0]'));
    assert.ok(issues.some((i) => i.path === 'balancing.lvs'));
  });
  it('cross-field: lvs-dr needs the director and servers on one L2 segment', () => {
    const s = base();
    s.modes = ['lvs-dr', 'lvs-tun'];
    s.topology = { frontEnd: { segment: 'edge' }, servers: { segment: 'rack' } };
    expectIssue(s, 'topology.frontEnd.segment', /share one L2 segment.*lvs-tun/);
    s.modes = ['lvs-tun'];
    assert.doesNotThrow(() => parseScenario(s, 'ok.yaml'), 'lvs-tun crosses segments');
  });
  it('cross-field: warm-up longer than the run, weights per server', () => {
    const s = base();
    s.run = { duration: '1s', warmup: '2s' };
    s.topology = { servers: { count: 3, weights: [1, 2] } };
    const issues = issuesOf(s);
    assert.ok(issues.some((i) => i.path === 'run.warmup'));
    assert.ok(issues.some((i) => i.path === 'topology.servers.weights' && /2 weights for 3 servers/.test(i.message)));
  });
  it('cost overrides are checked against the profile', () => {
    const s = base();
    s.costs = { director: { cpuNsPerPackt: 5, cpuNsPerPacket: { 'lvs-dr': -1 } } };
    const issues = issuesOf(s);
    assert.ok(issues.some((i) => i.path === 'costs.director.cpuNsPerPackt' && /unknown cost field; allowed: cpuNsPerPacket/.test(i.message)));
    assert.ok(issues.some((i) => i.path === 'costs.director.cpuNsPerPacket.lvs-dr' && /must be a number of ns, 0\.\.1e9/.test(i.message)));
  });
  it('every problem is reported at once', () => {
    const s = base();
    s.workload.groups[0].clients = 0;
    s.workload.groups[0].rtt = '1 fortnight';
    assert.ok(issuesOf(s).length >= 2);
  });
  it('files: unreadable, not YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbsim-'));
    assert.throws(() => loadScenarioFile(join(dir, 'missing.yaml')), (e: Error) => e instanceof ScenarioError && /missing\.yaml: \(top level\): cannot read the file: ENOENT/.test(e.message));
    writeFileSync(join(dir, 'broken.yaml'), 'name: [unclosed\n');
    assert.throws(() => loadScenarioFile(join(dir, 'broken.yaml')), (e: Error) => /broken\.yaml: \(top level\): not valid YAML/.test(e.message));
  });
});
