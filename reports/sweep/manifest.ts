import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mode } from '../../sim/result.js';
import { writeFileAtomic } from '../atomic-write.js';
import { UsageError } from '../cli/errors.js';
import { contentHash } from './content-hash.js';
import type { AxisValue } from './vary.js';

/**
 * What defines a sweep, stored as `<out>/sweep.json` by every sweep (whole or shard) so `merge`
 * can rebuild the work list without the scenario file and check that shards belong together.
 * `sweepId` hashes everything except `scenarioFile`, which is only shown in the report.
 */
export const MANIFEST_FILE = 'sweep.json';
const FORMAT = 'lbsim-sweep/1';

export interface ManifestAxis {
  readonly path: string;
  readonly values: readonly AxisValue[];
}

export interface SweepManifest {
  readonly format: typeof FORMAT;
  readonly sweepId: string;
  /** Point files are only valid for the simulator version that wrote them. */
  readonly lbsimVersion: string;
  readonly scenarioFile: string;
  /** The raw scenario input (after YAML/JSON parsing, before validation). */
  readonly scenario: unknown;
  readonly axes: readonly ManifestAxis[];
  readonly modes: readonly Mode[];
  /** --seed, or null: each point's run.seed. */
  readonly seed: number | null;
  /** --replications, or null: each point's run.replications. */
  readonly replications: number | null;
}

/**
 * The package version plus a hash of the compiled simulator (every file under dist/sim), so a
 * point file written by other model code, even at the same version, is never reused.
 */
export const LBSIM_VERSION: string = `${(JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version}+sim.${simulatorCodeHash()}`;

function simulatorCodeHash(): string {
  const root = fileURLToPath(new URL('../../sim/', import.meta.url));
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.js')).sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update('\0').update(readFileSync(join(root, f))).update('\0');
  return hash.digest('hex').slice(0, 12);
}

export function makeManifest(fields: Omit<SweepManifest, 'format' | 'sweepId' | 'lbsimVersion'>): SweepManifest {
  const { scenarioFile, ...defining } = fields;
  const sweepId = contentHash({ format: FORMAT, lbsimVersion: LBSIM_VERSION, ...defining });
  return { format: FORMAT, sweepId, lbsimVersion: LBSIM_VERSION, scenarioFile, ...defining };
}

export async function writeManifest(dir: string, manifest: SweepManifest): Promise<void> {
  await writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Reads and checks `<dir>/sweep.json`; a missing or foreign file is a UsageError naming the folder. */
export async function readManifest(dir: string): Promise<SweepManifest> {
  const file = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${dir}: no ${MANIFEST_FILE} here, so not the output of lbsim sweep (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let m: SweepManifest;
  try {
    m = JSON.parse(text) as SweepManifest;
  } catch {
    throw new UsageError(`${file}: not valid JSON`);
  }
  if (m?.format !== FORMAT) throw new UsageError(`${file}: not a ${FORMAT} manifest`);
  if (m.lbsimVersion !== LBSIM_VERSION) throw new UsageError(`${file}: written by lbsim ${m.lbsimVersion}, this is ${LBSIM_VERSION}; re-run the sweep`);
  const again = makeManifest({ scenarioFile: m.scenarioFile, scenario: m.scenario, axes: m.axes, modes: m.modes, seed: m.seed, replications: m.replications });
  if (again.sweepId !== m.sweepId) throw new UsageError(`${file}: sweepId does not match its content (edited by hand?)`);
  return again;
}
