import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Runs the built CLI as a user would (a child process), from the repository root. */
export const CLI = fileURLToPath(new URL('../../../reports/cli/main.js', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function lbsim(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export async function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `lbsim-cli-${label}-`));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** A scenario small enough to run all six modes in well under a second. */
export function smallScenario(): Record<string, unknown> {
  return {
    name: 'small-test',
    description: 'Fifty clients, 2,000 req/s, two servers: a quick end-to-end check.',
    modes: ['rr-dns', 'client-side', 'l7-proxy', 'lvs-nat', 'lvs-tun', 'lvs-dr'],
    run: { duration: '0.3s', warmup: '0.05s', seed: 5, timelineInterval: '0.05s' },
    workload: {
      groups: [{
        name: 'apps', clients: 50, arrival: { kind: 'poisson', rate: 2000 }, requestsPerConnection: 10, timeout: '5s', rtt: '1ms', resolver: 'site',
      }],
    },
    topology: { servers: { count: 2, cores: 4 }, frontEnd: { count: 1, cores: 4 } },
    dns: { ttl: '1s', resolvers: [{ name: 'site' }] },
    registry: { refresh: '1s' },
  };
}

/** Writes `scenario` as JSON into `dir` and returns its path. */
export async function writeScenario(dir: string, scenario: unknown, name = 'scenario.json'): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `${JSON.stringify(scenario, null, 2)}\n`);
  return file;
}

/** Every file under `dir`, relative and sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

/** The error contract: exit code 2 and exactly one line on stderr. */
export function assertUsageError(run: CliRun, pattern: RegExp): string | null {
  const lines = run.stderr.trimEnd().split('\n');
  if (run.status !== 2) return `exit code ${run.status}, stderr: ${run.stderr}`;
  if (lines.length !== 1) return `expected one stderr line, got ${lines.length}: ${run.stderr}`;
  if (!pattern.test(lines[0]!)) return `stderr ${JSON.stringify(lines[0])} does not match ${pattern}`;
  return null;
}

/**
 * Two sweep folders hold the same results: every deterministic file byte for byte; the point
 * files, which carry wall times, as data without them; timing.json not at all.
 */
export async function assertSameOutputs(a: string, b: string): Promise<void> {
  const files = await listFiles(a);
  assert.deepEqual(files, await listFiles(b), `file lists of ${a} and ${b}`);
  for (const f of files) {
    if (f.startsWith('points/')) {
      const [pa, pb] = await Promise.all([a, b].map(async (d) => JSON.parse(await readFile(join(d, f), 'utf8')) as { wallSeconds?: number }));
      delete pa!.wallSeconds;
      delete pb!.wallSeconds;
      assert.deepEqual(pa, pb, f);
    } else if (f !== 'timing.json') {
      assert.ok((await readFile(join(a, f))).equals(await readFile(join(b, f))), `${f} differs between ${a} and ${b}`);
    }
  }
}
