import { NS_PER_S } from '../engine/time.js';
import type { FaultResult, TimelinePoint } from '../result.js';
import type { Fault } from '../scenario/faults.js';
import type { FaultLedger } from './fault-ledger.js';

/**
 * Per-fault results from the ledger and the timeline (docs/failure.md §6). Recovery: the baseline
 * is the mean completion rate over the 2 s before the fault; a window is the mean over 1 s of
 * buckets; the fault's throughput has left the baseline when a window starting at or after it is
 * off by more than 5 %, and is back at the start of the first later window within 5 %.
 */
const BASELINE_S = 2;
const WINDOW_S = 1;
const TOLERANCE = 0.05;

export function faultResults(faults: readonly Fault[], ledger: FaultLedger, timeline: readonly TimelinePoint[], warmupNs: number): FaultResult[] {
  return faults.map((f, i) => {
    const atS = (f.atNs - warmupNs) / NS_PER_S; // on the timeline's clock
    const detected = ledger.detectedNs[i];
    return {
      id: f.id,
      kind: f.kind,
      // A change of data names the servers it removes, and those it adds with a leading '+'.
      target: f.target?.name ?? [...f.servers.map((j) => `server-${j}`), ...f.added.map((j) => `+server-${j}`)].join(','),
      atSeconds: f.atNs / NS_PER_S,
      recoverAtSeconds: f.recoverAtNs === null ? null : f.recoverAtNs / NS_PER_S,
      detectedAfterSeconds: detected === null || detected === undefined ? null : (detected - f.atNs) / NS_PER_S,
      recoveredAfterSeconds: recoveredAfterS(timeline, atS),
      failed: ledger.failed[i]!,
      timedOut: ledger.timedOut[i]!,
      retried: ledger.retried[i]!,
      succeededAfterRetry: ledger.succeededAfterRetry[i]!,
    };
  });
}

/** Seconds from `atS` until completions are back within 5 % of the baseline; see above. */
export function recoveredAfterS(timeline: readonly TimelinePoint[], atS: number): number | null {
  if (timeline.length === 0) return null;
  const bucketS = timeline[0]!.endS - timeline[0]!.startS;
  if (!(bucketS > 0)) return null;
  const per = Math.max(1, Math.round(WINDOW_S / bucketS));
  const before = timeline.filter((p) => p.endS <= atS + 1e-9 && p.startS >= atS - BASELINE_S - 1e-9 && p.endS - p.startS >= bucketS - 1e-9);
  if (before.length === 0) return null;
  const baseline = before.reduce((s, p) => s + p.completed, 0) / before.length;
  if (!(baseline > 0)) return null;
  const first = timeline.findIndex((p) => p.startS >= atS - 1e-9);
  if (first < 0) return null;
  const within = (k: number) => {
    const slice = timeline.slice(k, k + per);
    const mean = slice.reduce((s, p) => s + p.completed, 0) / slice.length;
    return Math.abs(mean - baseline) <= TOLERANCE * baseline;
  };
  let left = -1;
  for (let k = first; k + per <= timeline.length; k++) {
    if (!within(k)) {
      left = k;
      break;
    }
  }
  if (left < 0) return 0;
  for (let k = left + 1; k + per <= timeline.length; k++) if (within(k)) return Math.max(0, timeline[k]!.startS - atS);
  return null;
}
