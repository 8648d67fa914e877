import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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

/** Each class of bad input to run/compare/trace/explain/validate: one line naming the flag or field and what is allowed, exit 2, no --out. */
describe('bad input: flags, files, numbers, output folders', () => {
  let dir: string;
  let scenario: string;
  let unitless: string;
  let big: string;
  let fifo: string;
  before(async () => {
    dir = await tempDir('bad-classes');
    scenario = await writeScenario(dir, smallScenario());
    const u = smallScenario() as { topology: Record<string, Record<string, unknown>> };
    u.topology.frontEnd!.nic = 40;
    unitless = await writeScenario(dir, u, 'unitless.json');
    const b = smallScenario() as { run: Record<string, unknown> };
    b.run.duration = '24h';
    b.run.timelineInterval = '60s';
    big = await writeScenario(dir, b, 'big.json');
    await writeFile(join(dir, 'huge.yaml'), `name: huge\ndescription: ${'x'.repeat(1024 * 1024)}\n`);
    fifo = join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
  });
  after(() => removeDir(dir));

  const cases: { name: string; args: (s: string) => string[]; error: RegExp; noOut?: true }[] = [
    { name: 'seed not a number', args: (s) => ['run', s, '--seed', 'abc'], error: /^lbsim: --seed abc: give a whole number in 0\.\.2\^32-1$/ },
    { name: 'seed Infinity', args: (s) => ['run', s, '--seed', 'Infinity'], error: /--seed Infinity: give a whole number in 0\.\.2\^32-1/ },
    { name: 'seed negative', args: (s) => ['run', s, '--seed', '-1'], error: /--seed -1: give a whole number/ },
    { name: 'seed fractional', args: (s) => ['run', s, '--seed', '1.5'], error: /--seed 1\.5: give a whole number/ },
    { name: 'seed empty', args: (s) => ['run', s, '--seed', ''], error: /--seed "": give a whole number/ },
    { name: 'seed 2^32', args: (s) => ['run', s, '--seed', '4294967296'], error: /--seed 4294967296: give a whole number in 0\.\.2\^32-1/ },
    { name: 'seed 2^64', args: (s) => ['run', s, '--seed', '18446744073709551616'], error: /--seed 18446744073709551616/ },
    { name: 'seed twice', args: (s) => ['run', s, '--seed', '1', '--seed', '2'], error: /--seed given 2 times; give it once/ },
    { name: 'replications 0', args: (s) => ['compare', s, '--replications', '0'], error: /--replications 0: give a whole number in 1\.\.1000/ },
    { name: 'replications -1', args: (s) => ['compare', s, '--replications', '-1'], error: /--replications -1: give a whole number in 1\.\.1000/ },
    { name: 'replications abc', args: (s) => ['compare', s, '--replications', 'abc'], error: /--replications abc/ },
    { name: 'replications 1.5', args: (s) => ['compare', s, '--replications', '1.5'], error: /--replications 1\.5/ },
    { name: 'duplicate modes', args: (s) => ['compare', s, '--modes', 'lvs-dr,lvs-dr'], error: /--modes: "lvs-dr" given twice/ },
    { name: 'unknown mode', args: (s) => ['run', s, '--modes', 'lvs-fast'], error: /--modes: unknown mode "lvs-fast"; allowed: rr-dns/ },
    { name: 'negative tolerance read as a value', args: (s) => ['capacity', s, '--slo', 'p99=5ms', '--tolerance', '-1%'], error: /--tolerance -1%: give a percentage between 0 and 100/ },
    { name: 'negative --at read as a value', args: (s) => ['trace', s, '--mode', 'lvs-dr', '--at', '-1s'], error: /--at -1s: give a time from 0s/ },
    { name: 'negative shard read as a value', args: (s) => ['sweep', s, '--vary', 'topology.servers.count=1,2', '--shard', '-1/2'], error: /--shard -1\/2: expected i\/N/ },
    { name: 'trace --mode twice', args: (s) => ['trace', s, '--mode', 'lvs-dr', '--mode', 'lvs-nat'], error: /^lbsim: --mode given 2 times; give it once$/ },
    { name: 'trace unknown --format', args: (s) => ['trace', s, '--mode', 'lvs-dr', '--format', 'pdf'], error: /--format: unknown format "pdf"; allowed: text, json, svg/ },
    { name: 'run --workers above 256', args: (s) => ['run', s, '--workers', '257'], error: /--workers 257: give a whole number in 1\.\.256/ },
    { name: 'sweep --shard-count not a number', args: (s) => ['sweep', s, '--vary', 'topology.servers.count=1,2', '--shard', 'auto', '--shard-count', 'abc'], error: /--shard-count abc: give a whole number in 1\.\.1000000/ },
    { name: 'sweep with more shards than allowed', args: (s) => ['sweep', s, '--vary', 'topology.servers.count=1,2', '--shard', '0/99999999999'], error: /--shard 0\/99999999999: at most 1000000 shards/ },
    { name: 'capacity --slo twice', args: (s) => ['capacity', s, '--slo', 'p99=5ms', '--slo', 'p50=1ms'], error: /--slo given 2 times; give it once/ },
    { name: 'explain --scenario twice', args: (s) => ['explain', 'lvs-dr', '--scenario', s, '--scenario', s], error: /--scenario given 2 times; give it once/, noOut: true },
    { name: 'explain names its argument', args: () => ['explain', 'bogus'], error: /^lbsim: explain <mode>: unknown mode "bogus"; allowed:/, noOut: true },
    { name: 'max-events exceeded', args: () => ['compare', big], error: /estimated .* events over 6 runs .*more than --max-events 5\.0e9; .*raise --max-events \(or pass --allow-large\)/ },
    { name: 'max-events lowered', args: (s) => ['run', s, '--max-events', '1000'], error: /more than --max-events 1000/ },
    { name: 'unit-less rate', args: () => ['run', unitless], error: /topology\.frontEnd\.nic: a rate needs a unit, e\.g\. "40Gbps"; allowed units: bps/ },
    { name: 'scenario is a FIFO', args: () => ['run', fifo], error: /fifo\.yaml: \(top level\): not a regular file/ },
    { name: 'scenario is /dev/zero', args: () => ['run', '/dev/zero'], error: /\/dev\/zero: \(top level\): not a regular file/ },
    { name: 'scenario is a folder', args: () => ['run', dir], error: /not a regular file/ },
    { name: 'scenario too large', args: () => ['run', join(dir, 'huge.yaml')], error: /huge\.yaml: \(top level\): \d+ bytes; a scenario file is at most 1048576 bytes/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const out = join(dir, `out-${c.name.replace(/\W+/g, '-')}`);
      const run = lbsim([...c.args(scenario), ...(c.noOut ? [] : ['--out', out])]);
      assert.equal(assertUsageError(run, c.error), null);
      assert.equal(run.stdout, '');
      assert.ok(!existsSync(out), `${out} was created`);
    });
  }

  for (const [out, error] of [
    ['/proc/lbsim-test/out', /--out \/proc\/lbsim-test\/out: cannot write there \(ENOENT\)/],
    ['/dev/null/out', /--out \/dev\/null\/out: cannot write there \(ENOTDIR\)/],
    ['.', /--out \.: is the current folder or holds it/],
  ] as const) {
    it(`--out ${out} refused before running`, () => {
      assert.equal(assertUsageError(lbsim(['run', scenario, '--out', out, '--no-png']), error), null);
    });
  }

  it('validate reports every file, then exits 2', async () => {
    const run = lbsim(['validate', unitless, scenario, fifo]);
    assert.equal(run.status, 2);
    assert.match(run.stdout, /scenario\.json: ok/);
    assert.match(run.stderr, /unitless\.json: topology\.frontEnd\.nic: a rate needs a unit/);
    assert.match(run.stderr, /fifo\.yaml: \(top level\): not a regular file/);
    assert.match(run.stderr, /lbsim: 2 of 3 files refused/);
    assert.ok(!/\n\s+at /.test(run.stderr), 'no stack trace');
  });

  it('help has no "[default: []]" for required lists', () => {
    for (const command of ['validate', 'merge']) assert.ok(!lbsim([command, '--help']).stdout.includes('[default: []]'));
  });
});
