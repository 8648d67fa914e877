import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertUsageError, lbsim, removeDir, smallScenario, tempDir, writeScenario } from './helpers.js';

/** Bad input costs one line on stderr and exit code 2, before any work and before --out exists. */
describe('bad input to sweep, merge and capacity', () => {
  let dir: string;
  let scenario: string;
  let closedLoop: string;
  before(async () => {
    dir = await tempDir('bad');
    scenario = await writeScenario(dir, smallScenario());
    const closed = smallScenario() as { workload: { groups: Record<string, unknown>[] } };
    closed.workload.groups[0]!.arrival = { kind: 'closed', think: { kind: 'constant', value: '1ms' } };
    closedLoop = await writeScenario(dir, closed, 'closed.json');
    await writeFile(join(dir, 'a-file'), 'not a folder\n');
  });
  after(() => removeDir(dir));

  const cases: { name: string; args: (s: string) => string[]; error: RegExp }[] = [
    { name: 'unknown --vary path', args: (s) => ['sweep', s, '--vary', 'topology.server.count=1,2'], error: /^lbsim: --vary topology\.server\.count: unknown scenario field: no field "server" in topology; did you mean "servers"\?/ },
    { name: 'path into a value', args: (s) => ['sweep', s, '--vary', 'dns.ttl.seconds=1,2'], error: /--vary dns\.ttl\.seconds: .*dns\.ttl is a value/ },
    { name: 'empty grid', args: (s) => ['sweep', s, '--vary', 'topology.servers.count='], error: /--vary topology\.servers\.count: no values given, so the grid is empty/ },
    { name: 'no --vary', args: (s) => ['sweep', s], error: /give at least one --vary/ },
    { name: 'invalid value at a grid point', args: (s) => ['sweep', s, '--vary', 'topology.servers.count=2,0'], error: /^lbsim: sweep point topology\.servers\.count=0: .*topology\.servers\.count/ },
    { name: 'list index beyond the scenario', args: (s) => ['sweep', s, '--vary', 'workload.groups[3].clients=1,2'], error: /workload\.groups\[3\] does not exist/ },
    { name: 'bad shard', args: (s) => ['sweep', s, '--vary', 'topology.servers.count=1,2', '--shard', '2/2'], error: /--shard 2\/2: need 0 ≤ i < N/ },
    { name: 'bad worker count', args: (s) => ['sweep', s, '--vary', 'topology.servers.count=1,2', '--workers', '0'], error: /--workers 0/ },
    { name: 'slo with a word for a time', args: (s) => ['capacity', s, '--slo', 'p99=fast'], error: /--slo p99=fast: .*not a duration/ },
    { name: 'slo with an unknown key', args: (s) => ['capacity', s, '--slo', 'p95=5ms'], error: /unknown key "p95"; allowed: p50, p90, p99, p999, errors/ },
    { name: 'slo without a unit', args: (s) => ['capacity', s, '--slo', 'p99=50'], error: /"50" has no unit/ },
    { name: 'slo error ratio without %', args: (s) => ['capacity', s, '--slo', 'p99=50ms,errors=0.001'], error: /errors=0\.001 is not a percentage/ },
    { name: 'target rate without --vary-servers', args: (s) => ['capacity', s, '--slo', 'p99=50ms', '--target-rate', '100'], error: /--target-rate and --vary-servers go together/ },
    { name: 'merge of a folder that is no sweep', args: () => ['merge', dir], error: /no sweep\.json here/ },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const out = join(dir, `out-${c.name.replace(/\W+/g, '-')}`);
      const run = lbsim([...c.args(scenario), '--out', out]);
      assert.equal(assertUsageError(run, c.error), null);
      assert.equal(run.stdout, '');
      assert.ok(!existsSync(out), `${out} was created`);
    });
  }

  it('capacity on a scenario without an open-loop group', () => {
    const out = join(dir, 'out-closed');
    assert.equal(assertUsageError(lbsim(['capacity', closedLoop, '--slo', 'p99=5ms', '--out', out]), /no Poisson \(open-loop\) client group/), null);
    assert.ok(!existsSync(out));
  });

  for (const command of ['sweep', 'capacity'] as const) {
    it(`${command} with --out under a regular file`, () => {
      const args = command === 'sweep' ? ['--vary', 'topology.servers.count=1,2'] : ['--slo', 'p99=50ms'];
      const run = lbsim([command, scenario, ...args, '--out', join(dir, 'a-file', 'out')]);
      assert.equal(assertUsageError(run, /--out .*a-file\/out: cannot write there/), null);
    });
  }
});
