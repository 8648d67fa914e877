import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, removeDir, tempDir } from '../reports/cli/helpers.js';
import { cleanTree, describeRun, sh } from './clean-tree.js';

/**
 * The README's order of commands on a fresh clone: build, build again (npm test and npm start
 * each rebuild, recreating dist/), then `npx lbsim`. The command must keep working, which needs
 * a bin entry whose run bit survives a rebuild: a committed executable outside dist/.
 */
test('npm run build twice, then npx lbsim --version and --help still run', { timeout: 120_000 }, async () => {
  const dir = await tempDir('rebuild');
  try {
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
    const bin = pkg.bin['lbsim'];
    assert.ok(bin !== undefined && !bin.startsWith('dist/'), `the bin (${bin}) must not live in dist/, which every build recreates`);
    const indexed = spawnSync('git', ['ls-files', '-s', '--', bin], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout;
    if (indexed !== '') assert.match(indexed, /^100755 /, `git must record ${bin} as executable: ${indexed}`);

    const tree = await cleanTree(join(dir, 'lbsim'));
    for (let i = 1; i <= 2; i++) {
      const build = sh('npm', ['run', 'build'], tree);
      assert.equal(build.status, 0, `build ${i}: ${describeRun(build)}`);
    }
    assert.ok((statSync(join(tree, bin)).mode & 0o111) !== 0, `${bin} is executable after two builds`);
    // A private npm cache, so npx's per-folder install of this copy stays out of the user's.
    const env = { npm_config_cache: join(dir, 'npm-cache') };
    const version = sh('npx', ['lbsim', '--version'], tree, env);
    assert.equal(version.status, 0, describeRun(version));
    assert.equal(version.stdout.trim(), pkg.version);
    const help = sh('npx', ['lbsim', 'sweep', '--help'], tree, env);
    assert.equal(help.status, 0, describeRun(help));
    assert.match(help.stdout, /--vary/);
  } finally {
    await removeDir(dir);
  }
});
