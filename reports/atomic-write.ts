import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';

/**
 * Files appear under their final names whole or not at all.
 *
 * `writeFileAtomic` writes one file: a temp file beside it, flushed to disk, then renamed over the
 * final name (rename is atomic within a directory). `StagedOutput` does the same for a set of
 * files: everything is first written into a staging directory inside the output directory (same
 * file system, so the renames stay atomic), and only `commit()` moves the files to their final
 * names; `abort()` (or any failure before commit) leaves the output directory as it was.
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
  return err instanceof Error ? err.message : String(err);
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

const STAGING_PREFIX = '.lbsim-staging-';

export class StagedOutput {
  private readonly staged: string[] = [];
  private closed = false;

  private constructor(
    readonly outDir: string,
    readonly stagingDir: string,
  ) {}

  /** Creates `outDir` (and parents) and a fresh staging directory inside it. */
  static async open(outDir: string): Promise<StagedOutput> {
    try {
      await mkdir(outDir, { recursive: true });
      const stagingDir = await mkdtemp(join(outDir, STAGING_PREFIX));
      return new StagedOutput(outDir, stagingDir);
    } catch (err) {
      throw new Error(`cannot write outputs to ${outDir}: ${describe(err)}`, { cause: err });
    }
  }

  /** Where a staged file lives until commit (for readers that need the staged tree, e.g. a chart loader). */
  stagedPath(relPath: string): string {
    return join(this.stagingDir, relPath);
  }

  /** Stages one file; `relPath` is relative to the output directory and may not leave it. */
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

  /** Moves every staged file to its final name, in staging order; returns the final paths. */
  async commit(): Promise<string[]> {
    if (this.closed) throw new Error('StagedOutput: commit after commit or abort');
    this.closed = true;
    const finals: string[] = [];
    try {
      for (const rel of this.staged) {
        const final = join(this.outDir, rel);
        await mkdir(dirname(final), { recursive: true });
        await rename(join(this.stagingDir, rel), final);
        finals.push(final);
      }
    } catch (err) {
      throw new Error(`cannot move outputs into ${this.outDir}: ${describe(err)}`, { cause: err });
    } finally {
      await rm(this.stagingDir, { recursive: true, force: true });
    }
    return finals;
  }

  /** Drops everything staged; safe to call more than once and after a failed commit. */
  async abort(): Promise<void> {
    this.closed = true;
    await rm(this.stagingDir, { recursive: true, force: true });
  }
}
