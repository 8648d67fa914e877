import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cp, mkdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../reports/cli/helpers.js';

/**
 * A copy of the repository as a fresh clone would have it: the files git tracks plus new files it
 * does not ignore, so no dist/, out/ or test artifacts. The repository's node_modules is linked in
 * (what `npm ci` would have installed), so the copy can build without the network. Tests that
 * rebuild or pack work on such a copy, never on the tree the running suite was compiled into.
 */
export async function cleanTree(dest: string): Promise<string> {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed in ${REPO_ROOT}: ${listed.stderr}`);
  const files = listed.stdout.split('\0').filter((f) => f !== '');
  await mkdir(dest, { recursive: true });
  for (const file of files) {
    const to = join(dest, file);
    await mkdir(dirname(to), { recursive: true });
    // A tracked file deleted in the working tree is not part of the tree being tested.
    await cp(join(REPO_ROOT, file), to, { preserveTimestamps: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
  await symlink(join(REPO_ROOT, 'node_modules'), join(dest, 'node_modules'), 'dir');
  return dest;
}

/**
 * Runs a command the way a user's shell would, with npm's own cache but no colour or prompts.
 * `npm_config_cache` may be overridden per call to keep npx's per-folder installs out of the
 * user's cache.
 */
export function sh(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: 170_000,
    env: { ...process.env, NO_COLOR: '1', npm_config_yes: 'true', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', ...env },
  });
}

export function describeRun(r: SpawnSyncReturns<string>): string {
  return `exit ${r.status}${r.signal ? ` (signal ${r.signal})` : ''}\nstdout: ${r.stdout}\nstderr: ${r.stderr}${r.error ? `\nerror: ${r.error.message}` : ''}`;
}
