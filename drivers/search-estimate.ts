/**
 * How many more probes a search of search.ts will make, estimated from the probes made so far
 * (value, met or not), for progress lines. Exact once the bracket is known (bisection halves it
 * each probe); before that it assumes the next doubling or halving finds the bracket.
 */
export interface ProbeOutcome {
  readonly value: number;
  readonly meets: boolean;
}

function bisections(width: number): number {
  return width > 1 ? Math.ceil(Math.log2(width)) : 0;
}

/** searchMaxFactor: bracket by doubling/halving, then bisect until (hi − lo) / lo ≤ tolerance. */
export function maxSearchProbesLeft(probes: readonly ProbeOutcome[], relativeTolerance: number): number {
  let lo = -Infinity;
  let hi = Infinity;
  for (const p of probes) {
    if (p.meets) lo = Math.max(lo, p.value);
    else hi = Math.min(hi, p.value);
  }
  if (probes.length === 0) return 1 + 1 + bisections(1 / relativeTolerance);
  if (lo === -Infinity || hi === Infinity) return 1 + bisections(1 / relativeTolerance);
  return bisections((hi - lo) / lo / relativeTolerance);
}

/** searchMinCount: doubling from 1 until one meets, then integer bisection down to the smallest. */
export function minSearchProbesLeft(probes: readonly ProbeOutcome[], max: number): number {
  let failing = 0;
  let hi = Infinity;
  for (const p of probes) {
    if (p.meets) hi = Math.min(hi, p.value);
    else failing = Math.max(failing, p.value);
  }
  if (hi === Infinity) {
    if (failing >= max) return 0;
    const next = Math.min(Math.max(1, failing * 2), max);
    return 1 + bisections(next - failing);
  }
  return bisections(hi - failing);
}
