import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { removeDir, smallScenario, tempDir, writeScenario } from '../reports/cli/helpers.js';
import { cleanTree, describeRun, sh } from './clean-tree.js';

/**
 * What someone who is handed the package gets: `npm pack` on a clean checkout (no dist/: the
 * pack must build it), the tarball installed into an empty folder, then `npx lbsim --help` and a
 * small run there. Dependencies come from npm's cache when it has them, else from the registry.
 */
test('the tarball packed from a clean checkout installs into an empty folder and runs', { timeout: 180_000 }, async () => {
  const dir = await tempDir('install');
  try {
    const tree = await cleanTree(join(dir, 'lbsim'));
    const pack = sh('npm', ['pack', '--json', '--pack-destination', dir], tree);
    assert.equal(pack.status, 0, describeRun(pack));
    const packed = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    const paths = packed[0]!.files.map((f) => f.path);
    for (const needed of ['bin/lbsim.js', 'dist/reports/cli/main.js', 'dist/sim/run.js', 'dist/drivers/run-modes.js', 'scenarios/default.yaml', 'package.json']) {
      assert.ok(paths.includes(needed), `the tarball holds ${needed}`);
    }
    const stray = paths.filter((p) => /^(dist\/test|test|\.ci|node_modules)\//.test(p) || p.endsWith('.map') || p.endsWith('.ts'));
    assert.deepEqual(stray, [], 'the tarball ships no tests, CI scripts, sources or source maps');

    const app = join(dir, 'app');
    await mkdir(app);
    await writeFile(join(app, 'package.json'), '{ "name": "lbsim-install-check", "private": true }\n');
    const install = sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, packed[0]!.filename)], app);
    assert.equal(install.status, 0, describeRun(install));

    const help = sh('npx', ['lbsim', '--help'], app);
    assert.equal(help.status, 0, describeRun(help));
    assert.match(help.stdout, /lbsim <command>/);
    const scenario = await writeScenario(app, { ...smallScenario(), modes: ['lvs-dr', 'l7-proxy'] });
    const run = sh('npx', ['lbsim', 'run', scenario, '--out', 'out', '--no-png', '--quiet'], app);
    assert.equal(run.status, 0, describeRun(run));
    assert.ok(readdirSync(join(app, 'out')).includes('report.html'));
    const summary = JSON.parse(await readFile(join(app, 'out', 'summary.json'), 'utf8')) as { rows: { result: { mode: string } }[] };
    assert.deepEqual(summary.rows.map((r) => r.result.mode), ['lvs-dr', 'l7-proxy']);
  } finally {
    await removeDir(dir);
  }
});
