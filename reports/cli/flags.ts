import { MODES, type Mode } from '../../sim/result.js';
import { MAX_REPLICATIONS, MAX_SEED } from '../../sim/scenario/schema.js';
import { UsageError } from './errors.js';

/**
 * Command-line flags get domains like scenario fields: each numeric flag is read from its text
 * (never through yargs' Number(), which turns "abc" into NaN and "2^64" into a float), checked
 * against its bounds, and refused in one line that names the flag and what is allowed. A flag
 * given twice is refused rather than silently turned into a list.
 */
function single(name: string, value: unknown): string {
  if (Array.isArray(value)) throw new UsageError(`--${name} given ${value.length} times; give it once`);
  return String(value);
}

function shown(text: string): string {
  return /^[\w.+%/-]+$/.test(text) ? text : JSON.stringify(text);
}

/** An integer flag in [min, max], written in decimal digits. */
export interface Flag<T> {
  readonly type: 'string';
  readonly describe: string;
  readonly coerce: (value: unknown) => T;
  readonly default?: string;
}

export function integerFlag(name: string, min: number, max: number, describe: string): Flag<number> {
  return {
    type: 'string',
    describe,
    coerce: (value: unknown): number => {
      const text = single(name, value).trim();
      const n = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
      if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${name} ${shown(text)}: give a whole number in ${min}..${max === MAX_SEED ? '2^32-1' : max}`);
      return n;
    },
  };
}

/** A finite real flag in (0, max]. */
export function positiveFlag(name: string, max: number, describe: string): Flag<number> {
  return {
    type: 'string',
    describe,
    coerce: (value: unknown): number => {
      const text = single(name, value).trim();
      const n = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
      if (!(n > 0 && n <= max)) throw new UsageError(`--${name} ${shown(text)}: give a number above 0, at most ${max}`);
      return n;
    },
  };
}

/** A string flag given at most once. */
export function stringFlag(name: string, describe: string): Flag<string>;
export function stringFlag(name: string, describe: string, extra: { default: string }): Flag<string> & { default: string };
export function stringFlag(name: string, describe: string, extra: { default?: string } = {}): Flag<string> {
  return { type: 'string', describe, ...extra, coerce: (value: unknown): string => single(name, value) };
}

export const seedFlag = integerFlag('seed', 0, MAX_SEED, 'base seed, an integer 0..2^32-1 (default: the scenario\'s run.seed)');
export const replicationsFlag = integerFlag('replications', 1, MAX_REPLICATIONS, `independent replications per mode, 1..${MAX_REPLICATIONS} (default: the scenario's)`);
export const workersFlag = integerFlag('workers', 1, 256, 'worker threads, 1..256 (default: one per core)');

/**
 * A comma-separated list of modes: each known, none twice. `what` names the argument in messages
 * (`--modes`, or `the mode argument` for `explain <mode>`).
 */
export function parseModes(text: string | undefined, fallback: readonly Mode[], what = '--modes'): Mode[] {
  if (text === undefined) return [...fallback];
  const modes = text.split(',').map((m) => m.trim()).filter((m) => m !== '');
  for (const m of modes) {
    if (!(MODES as readonly string[]).includes(m)) throw new UsageError(`${what}: unknown mode "${m}"; allowed: ${MODES.join(', ')}`);
  }
  const twice = modes.find((m, i) => modes.indexOf(m) !== i);
  if (twice !== undefined) throw new UsageError(`${what}: "${twice}" given twice; name each mode once`);
  if (modes.length === 0) throw new UsageError(`${what}: give at least one mode; allowed: ${MODES.join(', ')}`);
  return modes as Mode[];
}

/**
 * Options whose value may begin with "-" (a negative number, `-1%`, `-1s`, `-1/2`): written as
 * `--name -1` they would be read as a flag. Joined as `--name=-1` before yargs sees them, so the
 * value reaches its own check and is refused (or accepted) for what it is.
 */
export function joinDashValues(argv: readonly string[], valueFlags: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const next = argv[i + 1];
    const m = /^--?([\w-]+)$/.exec(token);
    if (m !== null && valueFlags.has(m[1]!) && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${token}=${next}`);
      i++;
    } else {
      out.push(token);
    }
  }
  return out;
}
