import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertSameOutputs, assertUsageError, lbsim, listFiles, removeDir, smallScenario, tempDir, writeScenario } from './helpers.js';

/**
 * `lbsim sweep` and `lbsim merge` end to end: serial, parallel and sharded runs of one grid give
 * byte-identical reports; a re-run recomputes only what is missing.
 */
const GRID = ['--vary', 'topology.servers.count=1,2', '--vary', 'workload.groups[0].arrival.rate=1000,3000', '--modes', 'rr-dns,lvs-dr,l7-proxy'];
const ITEMS = 2 * 2 * 3;
describe('lbsim sweep and merge (end to end)', () => {
  let dir: string;
  let scenario: string;
  const out = (name: string): string => join(dir, name);
  const sweep = (name: string, ...extra: string[]) => lbsim(['sweep', scenario, ...GRID, '--out', out(name), '--no-png', ...extra]);

  before(async () => {
    dir = await tempDir('sweep');
    scenario = await writeScenario(dir, smallScenario());
  });
  after(() => removeDir(dir));

  it('--workers 1, --workers 2 and three merged shards write identical bytes', async () => {
    const serial = sweep('w1', '--workers', '1');
    assert.equal(serial.status, 0, serial.stderr);
    assert.match(serial.stderr, new RegExp(`${ITEMS} work items: 0 already done \\(reused\\), ${ITEMS} to run on 1 worker`));
    assert.equal(sweep('w2', '--workers', '2').status, 0);
    for (let i = 0; i < 3; i++) {
      const shard = sweep(`shard${i}`, '--shard', `${i}/3`, '--workers', '2');
      assert.equal(shard.status, 0, shard.stderr);
      assert.ok(!existsSync(join(out(`shard${i}`), 'summary.json')), 'a shard writes no report');
      assert.equal((await readdir(join(out(`shard${i}`), 'points'))).length, ITEMS / 3);
    }
    const merged = lbsim(['merge', out('shard0'), out('shard1'), out('shard2'), '--out', out('merged'), '--no-png']);
    assert.equal(merged.status, 0, merged.stderr);
    await assertSameOutputs(out('w1'), out('w2'));
    await assertSameOutputs(out('w1'), out('merged'));
    const files = await listFiles(out('w1'));
    for (const f of ['results.csv', 'summary.json', 'report.html', 'sweep.json', 'charts/scaling.svg', 'charts/latency-vs-load.svg']) assert.ok(files.includes(f), f);
    const header = (await readFile(join(out('w1'), 'results.csv'), 'utf8')).split('\n')[0]!;
    assert.match(header, /^run,scenario,mode,seed,replication,param\.topology\.servers\.count,param\.workload\.groups\[0\]\.arrival\.rate,/);
    const summary = JSON.parse(await readFile(join(out('w1'), 'summary.json'), 'utf8')) as { meta: { command: string }; rows: { params: Record<string, number> }[] };
    assert.equal(summary.rows.length, ITEMS);
    assert.deepEqual(summary.rows[0]!.params, { 'topology.servers.count': 1, 'workload.groups[0].arrival.rate': 1000 });
    assert.ok(!summary.meta.command.includes('--workers'), 'the command in the report does not depend on how it ran');
  });

  it('merge refuses incomplete or mismatched shards, writing nothing', async () => {
    const partial = lbsim(['merge', out('shard0'), out('shard1'), '--out', out('partial')]);
    assert.equal(assertUsageError(partial, /merge: 4 of 12 work items have no point file/), null);
    assert.ok(!existsSync(out('partial')));
    const other = lbsim(['sweep', scenario, '--vary', 'topology.servers.count=1', '--modes', 'lvs-dr', '--out', out('other'), '--quiet', '--no-png']);
    assert.equal(other.status, 0, other.stderr);
    const mixed = lbsim(['merge', out('shard0'), out('other'), '--out', out('mixed')]);
    assert.equal(assertUsageError(mixed, /holds sweep .* but .* holds sweep/), null);
    assert.ok(!existsSync(out('mixed')));
  });

  it('resumes: a re-run recomputes only the missing point and rewrites the same report', async () => {
    const points = (await readdir(join(out('w2'), 'points'))).sort();
    assert.equal(points.length, ITEMS);
    await rm(join(out('w2'), 'points', points[5]!));
    await rm(join(out('w2'), 'report.html'));
    await writeFile(join(out('w2'), 'points', points[7]!), '{"truncated":'); // unreadable: recomputed too
    const again = sweep('w2', '--workers', '2');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, new RegExp(`${ITEMS} work items: ${ITEMS - 2} already done \\(reused\\), 2 to run on 2 workers`));
    assert.equal(again.stderr.match(/^sweep \[/gm)?.length, 2, again.stderr);
    assert.deepEqual((await readdir(join(out('w2'), 'points'))).sort(), points);
    await assertSameOutputs(out('w1'), out('w2'));
    const quiet = sweep('w2', '--quiet');
    assert.equal(quiet.status, 0);
    assert.equal(quiet.stdout + quiet.stderr, '', '--quiet prints nothing');
  });
});
