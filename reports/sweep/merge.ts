import { UsageError } from '../cli/errors.js';
import { readManifest, type SweepManifest } from './manifest.js';
import { planSweep, type SweepPlan } from './plan.js';
import { readPoint, type PointRecord } from './point-store.js';

/**
 * Joins the point files of shard folders into one sweep: every folder must hold the manifest of
 * the same sweep, and together they must cover every work item. Checks only; nothing is written.
 */
export interface MergedSweep {
  readonly manifest: SweepManifest;
  readonly plan: SweepPlan;
  /** In canonical item order. */
  readonly records: PointRecord[];
}

export async function collectShards(dirs: readonly string[]): Promise<MergedSweep> {
  if (dirs.length === 0) throw new UsageError('merge: name at least one sweep folder');
  const manifests = await Promise.all(dirs.map(readManifest));
  const manifest = manifests[0]!;
  manifests.forEach((m, i) => {
    if (m.sweepId !== manifest.sweepId) {
      throw new UsageError(`merge: ${dirs[i]} holds sweep ${m.sweepId}, but ${dirs[0]} holds sweep ${manifest.sweepId} (different scenario, grid, modes, seed or replications)`);
    }
  });
  const plan = planSweep(manifest);
  const records: (PointRecord | null)[] = [];
  for (const item of plan.items) {
    let found: PointRecord | null = null;
    for (const dir of dirs) {
      found = await readPoint(dir, item);
      if (found !== null) break;
    }
    records.push(found);
  }
  const missing = plan.items.filter((_, i) => records[i] === null);
  if (missing.length > 0) {
    const first = missing.slice(0, 3).map((item) => `#${item.index} ${item.label}`).join('; ');
    throw new UsageError(`merge: ${missing.length} of ${plan.items.length} work items have no point file in ${dirs.join(', ')} (first: ${first}${missing.length > 3 ? '; …' : ''}); run the missing shards (or lbsim sweep into one of these folders) first`);
  }
  return { manifest, plan, records: records as PointRecord[] };
}
