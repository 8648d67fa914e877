import { mkdirSync, accessSync, constants, existsSync, statSync } from 'node:fs';
import type { Argv } from 'yargs';
import { MODES, type Mode } from '../../sim/result.js';
import { loadScenarioFile } from '../../sim/scenario/load-file.js';
import type { Scenario } from '../../sim/scenario/types.js';
import { UsageError } from './errors.js';

/** Options shared by every command that runs something. */
export interface CommonArgs {
  readonly seed?: number;
  readonly out: string;
  readonly json: boolean;
  readonly quiet: boolean;
}

export function withCommonOptions<T>(y: Argv<T>) {
  return y
    .option('seed', { type: 'number', describe: 'base seed (default: the scenario\'s run.seed)' })
    .option('out', { type: 'string', default: 'out', describe: 'output folder' })
    .option('json', { type: 'boolean', default: false, describe: 'print the RunResults as JSON on stdout' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors (and --json output)' });
}

export function loadScenario(file: string): Scenario {
  return loadScenarioFile(file);
}

export function parseModes(text: string | undefined, fallback: readonly Mode[]): Mode[] {
  if (text === undefined) return [...fallback];
  const modes = text.split(',').map((m) => m.trim()).filter((m) => m !== '');
  for (const m of modes) {
    if (!(MODES as readonly string[]).includes(m)) throw new UsageError(`--modes: unknown mode "${m}"; allowed: ${MODES.join(', ')}`);
  }
  if (modes.length === 0) throw new UsageError('--modes: give at least one mode');
  return modes as Mode[];
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
