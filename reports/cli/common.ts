import { mkdirSync, accessSync, constants, existsSync, statSync } from 'node:fs';
import type { Argv } from 'yargs';
import { loadScenarioFile } from '../../sim/scenario/load.js';
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

/** Fails before any work when the output folder cannot be created or written. */
export function checkOutDir(dir: string): void {
  try {
    if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`--out ${dir}: exists and is not a folder`);
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--out ${dir}: cannot write there (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export function say(args: { quiet: boolean; json: boolean }, line: string): void {
  if (!args.quiet && !args.json) process.stdout.write(`${line}\n`);
  else if (!args.quiet) process.stderr.write(`${line}\n`);
}
