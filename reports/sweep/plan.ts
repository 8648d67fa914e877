import type { Mode } from '../../sim/result.js';
import { ScenarioError } from '../../sim/scenario/errors.js';
import { parseScenario } from '../../sim/scenario/load.js';
import type { Scenario } from '../../sim/scenario/types.js';
import { UsageError } from '../cli/errors.js';
import { contentHash } from './content-hash.js';
import { LBSIM_VERSION, type SweepManifest } from './manifest.js';
import { parsePath } from './schema-path.js';
import { setAtPath } from '../../drivers/scenario-edit.js';
import type { AxisValue } from './vary.js';

/**
 * The work list of a sweep, a pure function of its manifest: grid points (the cartesian product
 * of the axes, first axis outermost, values in the order given) × modes (in the order given) ×
 * replications. That order is canonical: it numbers the items (shards take index ≡ i mod N) and
 * orders the report rows, so any way of running the items gives the same output files.
 */
export interface WorkItem {
  /** Position in the canonical order. */
  readonly index: number;
  /** Names the point file: everything that determines the result, hashed, behind a readable prefix. */
  readonly key: string;
  /** The varied values by path, as the report's ResultRow params (booleans as text). */
  readonly params: Readonly<Record<string, string | number>>;
  /** The raw scenario input at this point. */
  readonly scenario: unknown;
  readonly mode: Mode;
  readonly seed: number;
  readonly replication: number;
  /** "lvs-dr r0 topology.servers.count=8", for progress lines and errors. */
  readonly label: string;
}

export interface SweepPlan {
  readonly items: readonly WorkItem[];
  /** The scenario at the first point: its name and description head the report. */
  readonly first: Scenario;
}

/** Every combination of the axes' values, first axis outermost. */
export function gridPoints(axes: readonly { values: readonly AxisValue[] }[]): AxisValue[][] {
  let points: AxisValue[][] = [[]];
  for (const axis of axes) points = points.flatMap((p) => axis.values.map((v) => [...p, v]));
  return axes.length === 0 ? [] : points;
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 48);
}

/** Validates every grid point (a UsageError names the first bad one) and lists the work items. */
export function planSweep(manifest: SweepManifest): SweepPlan {
  const axes = manifest.axes.map((a) => ({ ...a, segments: parsePath(a.path)! }));
  const items: WorkItem[] = [];
  let first: Scenario | null = null;
  for (const values of gridPoints(axes)) {
    const pointText = axes.map((a, i) => `${a.path}=${String(values[i])}`).join(' ');
    let raw = manifest.scenario;
    let scenario: Scenario;
    try {
      axes.forEach((a, i) => { raw = setAtPath(raw, a.segments, values[i]); });
      scenario = parseScenario(raw, manifest.scenarioFile);
    } catch (err) {
      const issues = err instanceof ScenarioError ? err.issues : [{ path: '', message: (err as Error).message }];
      const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
      const where = issues[0]!.path === '' ? '' : `${issues[0]!.path}: `;
      throw new UsageError(`sweep point ${pointText}: ${manifest.scenarioFile}: ${where}${issues[0]!.message}${more}`);
    }
    first ??= scenario;
    const params: Record<string, string | number> = {};
    axes.forEach((a, i) => { params[a.path] = typeof values[i] === 'boolean' ? String(values[i]) : (values[i] as string | number); });
    const seed = manifest.seed ?? scenario.run.seed;
    const replications = manifest.replications ?? scenario.run.replications;
    for (const mode of manifest.modes) {
      for (let replication = 0; replication < replications; replication++) {
        const key = `${mode}.r${replication}.${slug(values.map(String).join('_'))}.${contentHash({ lbsimVersion: LBSIM_VERSION, scenario: raw, mode, seed, replication }, 12)}`;
        items.push({ index: items.length, key, params, scenario: raw, mode, seed, replication, label: `${mode} r${replication} ${pointText}` });
      }
    }
  }
  if (first === null) throw new UsageError('sweep: the grid is empty');
  return { items, first };
}
