import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { chmod, link, mkdir, mkdtemp, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/**
 * Outputs appear whole or not at all.
 *
 * `writeFileAtomic` writes one file: a temp file beside it, flushed to disk, then renamed over the
 * final name (rename is atomic within a directory).
 *
 * `StagedOutput` does it for a whole output folder. Every file is written into a staging folder
 * beside it (`<parent>/.lbsim-staging-<name>-<pid>-<random>`, same file system); files of the
 * previous folder that this output does not replace (a sweep's points/, a user's notes) are
 * hard-linked in; then the folder is swapped: the old one renamed aside
 * (`.lbsim-previous-<name>-<pid>-<random>`), the staged one renamed to its name, the old one
 * removed. A kill at any instant leaves `<name>` entirely the previous output or entirely the new
 * one, except between the two renames (two syscalls), when `<name>` is briefly absent and the
 * previous output sits whole under `.lbsim-previous-…`; the next `StagedOutput.open` (or
 * `recoverOutput`) puts it back. Leftovers of killed writers (their pid is gone) are removed.
 */
async function writeAndSync(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const message = err instanceof Error ? err.message : String(err);
  return code !== undefined && !message.startsWith(code) ? `${code}: ${message}` : message;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeAndSync(temp, data);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw new Error(`cannot write ${path}: ${describe(err)}`, { cause: err });
  }
}

/**
 * mkdir -p, one level at a time from the nearest existing ancestor (Node's recursive mkdir spins
 * forever under /proc, where mkdir keeps answering ENOENT).
 */
export function makeParents(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  while (!existsSync(at)) {
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  if (!statSync(at).isDirectory()) throw Object.assign(new Error(`${at} is not a folder`), { code: 'ENOTDIR' });
  for (const d of missing) mkdirSync(d);
}

export const STAGING_PREFIX = '.lbsim-staging-';
export const PREVIOUS_PREFIX = '.lbsim-previous-';

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/**
 * Restores an output folder whose writer was killed between the two renames of a swap, and
 * removes staging and previous folders left by writers that are no longer running.
 */
export async function recoverOutput(outDir: string): Promise<void> {
  const parent = dirname(resolve(outDir));
  const name = basename(resolve(outDir));
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    return;
  }
  const leftovers = entries
    .map((entry) => {
      for (const prefix of [STAGING_PREFIX, PREVIOUS_PREFIX]) {
        if (!entry.startsWith(`${prefix}${name}-`)) continue;
        const m = /^(\d+)-[^-]+$/.exec(entry.slice(prefix.length + name.length + 1));
        if (m !== null) return { entry, prefix, pid: Number(m[1]) };
      }
      return null;
    })
    .filter((x) => x !== null && !alive(x.pid)) as { entry: string; prefix: string; pid: number }[];
  for (const { entry, prefix } of leftovers) {
    const path = join(parent, entry);
    if (prefix === PREVIOUS_PREFIX && !(await exists(outDir))) await rename(path, outDir);
    else await rm(path, { recursive: true, force: true });
  }
}

/** Every file under `dir` (relative paths), skipping lbsim's own temporary entries. */
async function filesUnder(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((rel) => !rel.split(sep).some((part) => part.startsWith('.lbsim-')));
}

export interface StagedOutputOptions {
  /**
   * Files of the previous folder this output owns (relative paths): dropped unless written again.
   * Every other file of the previous folder is carried into the new one. Default: none.
   */
  readonly owns?: (relPath: string) => boolean;
}

export class StagedOutput {
  private readonly staged: string[] = [];
  private closed = false;

  private constructor(
    readonly outDir: string,
    readonly stagingDir: string,
    private readonly owns: (relPath: string) => boolean,
  ) {}

  /** Creates the parent folder if needed and a fresh staging folder beside `outDir`. */
  static async open(outDir: string, opts: StagedOutputOptions = {}): Promise<StagedOutput> {
    const abs = resolve(outDir);
    try {
      makeParents(dirname(abs));
      await recoverOutput(abs);
      if ((await exists(abs)) && !(await stat(abs)).isDirectory()) throw new Error('exists and is not a folder');
      const stagingDir = await mkdtemp(join(dirname(abs), `${STAGING_PREFIX}${basename(abs)}-${process.pid}-`));
      // mkdtemp makes 0700; the output folder gets the mode mkdir would have given it.
      await chmod(stagingDir, 0o777 & ~process.umask());
      return new StagedOutput(outDir, stagingDir, opts.owns ?? (() => false));
    } catch (err) {
      throw new Error(`cannot write outputs to ${outDir}: ${describe(err)}`, { cause: err });
    }
  }

  /** Where a staged file lives until commit (for readers that need the staged tree, e.g. a chart loader). */
  stagedPath(relPath: string): string {
    return join(this.stagingDir, relPath);
  }

  /** Stages one file; `relPath` is relative to the output folder and may not leave it. */
  async write(relPath: string, data: string | Uint8Array): Promise<void> {
    if (this.closed) throw new Error('StagedOutput: write after commit or abort');
    const target = this.stagedPath(relPath);
    const rel = relative(this.stagingDir, target);
    if (rel === '' || rel.startsWith('..' + sep) || rel === '..') throw new Error(`output path escapes the output directory: ${relPath}`);
    if (this.staged.includes(rel)) throw new Error(`output written twice: ${relPath}`);
    try {
      await mkdir(dirname(target), { recursive: true });
      await writeAndSync(target, data);
    } catch (err) {
      throw new Error(`cannot write ${join(this.outDir, rel)}: ${describe(err)}`, { cause: err });
    }
    this.staged.push(rel);
  }

  /** Carries the previous folder's other files over, then swaps the folders; returns the final paths. */
  async commit(): Promise<string[]> {
    if (this.closed) throw new Error('StagedOutput: commit after commit or abort');
    this.closed = true;
    const abs = resolve(this.outDir);
    const previous = join(dirname(abs), `${PREVIOUS_PREFIX}${basename(abs)}-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      const written = new Set(this.staged);
      for (const rel of await filesUnder(abs)) {
        if (written.has(rel) || this.owns(rel)) continue;
        await mkdir(dirname(this.stagedPath(rel)), { recursive: true });
        await link(join(abs, rel), this.stagedPath(rel));
      }
      if (await exists(abs)) {
        await rename(abs, previous);
        await rename(this.stagingDir, abs);
        await rm(previous, { recursive: true, force: true });
      } else {
        await rename(this.stagingDir, abs);
      }
    } catch (err) {
      await rm(this.stagingDir, { recursive: true, force: true });
      if (!(await exists(abs)) && (await exists(previous))) await rename(previous, abs);
      throw new Error(`cannot move outputs into ${this.outDir}: ${describe(err)}`, { cause: err });
    }
    return this.staged.map((rel) => join(this.outDir, rel));
  }

  /** Drops everything staged; safe to call more than once and after a failed commit. */
  async abort(): Promise<void> {
    this.closed = true;
    await rm(this.stagingDir, { recursive: true, force: true });
  }
}
