/**
 * One-dimensional searches for a threshold of a predicate that holds below it and fails above it
 * (or the reverse for counts). Each probe is one simulation, so the searches spend as few as
 * they can; every probe is recorded, in the order made, so results can be audited.
 *
 * The predicate is assumed monotone. With the same seed at every probe (common random numbers)
 * the arrivals and sizes at rate f are those at rate 1 compressed in time, which makes it monotone
 * in practice; if it is not, the result is still a value that met the SLO next to one that failed.
 */
export interface Probe<D> {
  readonly value: number;
  readonly meets: boolean;
  readonly detail: D;
}

export type Evaluate<D> = (value: number) => Promise<{ meets: boolean; detail: D }>;

export interface MaxSearch<D> {
  /** The largest value seen to meet, or null when even the smallest tried failed. */
  readonly best: Probe<D> | null;
  /** The smallest value seen to fail, or null when even the largest tried met. */
  readonly firstFailing: Probe<D> | null;
  readonly probes: readonly Probe<D>[];
}

export interface MaxSearchOptions {
  /** Stop when (fail − meet) / meet ≤ this. */
  readonly relativeTolerance: number;
  /** Doublings (and halvings) tried from 1 before giving up on a bracket. */
  readonly maxSteps: number;
}

/** The largest factor meeting the predicate: bracket by doubling or halving from 1, then bisect. */
export async function searchMaxFactor<D>(evaluate: Evaluate<D>, opts: MaxSearchOptions): Promise<MaxSearch<D>> {
  const probes: Probe<D>[] = [];
  const probe = async (value: number): Promise<Probe<D>> => {
    const p = { value, ...(await evaluate(value)) };
    probes.push(p);
    return p;
  };
  let lo: Probe<D> | null = null;
  let hi: Probe<D> | null = null;
  const first = await probe(1);
  if (first.meets) {
    lo = first;
    for (let i = 0; i < opts.maxSteps && hi === null; i++) {
      const p = await probe(lo.value * 2);
      if (p.meets) lo = p;
      else hi = p;
    }
  } else {
    hi = first;
    for (let i = 0; i < opts.maxSteps && lo === null; i++) {
      const p = await probe(hi.value / 2);
      if (p.meets) lo = p;
      else hi = p;
    }
  }
  while (lo !== null && hi !== null && (hi.value - lo.value) / lo.value > opts.relativeTolerance) {
    const p = await probe((lo.value + hi.value) / 2);
    if (p.meets) lo = p;
    else hi = p;
  }
  return { best: lo, firstFailing: hi, probes };
}

export interface MinSearch<D> {
  /** The smallest count seen to meet, or null when even `max` failed. */
  readonly best: Probe<D> | null;
  readonly probes: readonly Probe<D>[];
}

/** The smallest whole count in [1, max] meeting the predicate: doubling from 1, then binary search. */
export async function searchMinCount<D>(evaluate: Evaluate<D>, max: number): Promise<MinSearch<D>> {
  const probes: Probe<D>[] = [];
  const probe = async (value: number): Promise<Probe<D>> => {
    const p = { value, ...(await evaluate(value)) };
    probes.push(p);
    return p;
  };
  let failing = 0;
  let hi: Probe<D> | null = null;
  for (let n = 1; hi === null; n = Math.min(n * 2, max)) {
    const p = await probe(n);
    if (p.meets) hi = p;
    else if (n >= max) return { best: null, probes };
    else failing = n;
  }
  while (hi.value - failing > 1) {
    const p = await probe(Math.floor((failing + hi.value) / 2));
    if (p.meets) hi = p;
    else failing = p.value;
  }
  return { best: hi, probes };
}
