import { existsSync, mkdtempSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { STAGING_PREFIX, makeParents } from '../atomic-write.js';
import { loadScenarioFile } from '../../sim/scenario/load-file.js';
import type { Argv } from 'yargs';
import type { Scenario } from '../../sim/scenario/types.js';
import { UsageError } from './errors.js';
import { seedFlag, stringFlag } from './flags.js';

export { parseModes } from './flags.js';

/** Options shared by every command that runs something. */
export interface CommonArgs {
  readonly seed?: number;
  readonly out: string;
  readonly json: boolean;
  readonly quiet: boolean;
}

export function withCommonOptions<T>(y: Argv<T>) {
  return y
    .option('seed', seedFlag)
    .option('out', stringFlag('out', 'output folder', { default: 'out' }))
    .option('json', { type: 'boolean', default: false, describe: 'print the RunResults as JSON on stdout' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors (and --json output)' });
}

export function loadScenario(file: string): Scenario {
  return loadScenarioFile(file);
}

/**
 * Fails before any work when the output folder cannot be written: it must not be (or contain) the
 * current folder, must be a folder if it exists, and its parent must take the staging folder that
 * is swapped in at the end (probed by creating and removing one). Creates missing parents only.
 */
export function checkOutDir(dir: string): void {
  const abs = resolve(dir);
  const fail = (why: string): never => {
    throw new UsageError(`--out ${dir}: ${why}`);
  };
  const cwd = process.cwd();
  if (cwd === abs || cwd.startsWith(abs.endsWith(sep) ? abs : abs + sep)) fail('is the current folder or holds it; name a folder for the outputs, e.g. --out out');
  try {
    if (existsSync(abs) && !statSync(abs).isDirectory()) fail('exists and is not a folder');
    makeParents(dirname(abs));
    rmdirSync(mkdtempSync(join(dirname(abs), `${STAGING_PREFIX}probe-${process.pid}-`)));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    fail(`cannot write there (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export function say(args: { quiet: boolean; json: boolean }, line: string): void {
  if (!args.quiet && !args.json) process.stdout.write(`${line}\n`);
  else if (!args.quiet) process.stderr.write(`${line}\n`);
}
