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

/** One probe; null when the probe may not be made (the caller's budget): the search stops there. */
export type Evaluate<D> = (value: number) => Promise<{ meets: boolean; detail: D } | null>;

export interface MaxSearch<D> {
  /** The largest value seen to meet, or null when even the smallest tried failed. */
  readonly best: Probe<D> | null;
  /** The smallest value seen to fail, or null when even the largest tried met. */
  readonly firstFailing: Probe<D> | null;
  readonly probes: readonly Probe<D>[];
  /** The value whose probe could not be made, where the search stopped early; null when it ran to its end. */
  readonly stoppedAt: number | null;
}

/** Thrown by a probe that may not be made, to unwind a search to its caller with what it has. */
class Stop {
  constructor(readonly value: number) {}
}

async function probeWith<D>(evaluate: Evaluate<D>, probes: Probe<D>[], value: number): Promise<Probe<D>> {
  const outcome = await evaluate(value);
  if (outcome === null) throw new Stop(value);
  const p = { value, ...outcome };
  probes.push(p);
  return p;
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
  const probe = (value: number) => probeWith(evaluate, probes, value);
  let lo: Probe<D> | null = null;
  let hi: Probe<D> | null = null;
  try {
    await bracketAndBisect();
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    return { best: lo, firstFailing: hi, probes, stoppedAt: err.value };
  }
  return { best: lo, firstFailing: hi, probes, stoppedAt: null };

  async function bracketAndBisect(): Promise<void> {
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
  }
}

export interface MinSearch<D> {
  /** The smallest count seen to meet, or null when even `max` failed (or the search stopped before one met). */
  readonly best: Probe<D> | null;
  readonly probes: readonly Probe<D>[];
  /** The count whose probe could not be made, where the search stopped early; null when it ran to its end. */
  readonly stoppedAt: number | null;
}

/** The smallest whole count in [1, max] meeting the predicate: doubling from 1, then binary search. */
export async function searchMinCount<D>(evaluate: Evaluate<D>, max: number): Promise<MinSearch<D>> {
  const probes: Probe<D>[] = [];
  const probe = (value: number) => probeWith(evaluate, probes, value);
  let failing = 0;
  let hi: Probe<D> | null = null;
  try {
    for (let n = 1; hi === null; n = Math.min(n * 2, max)) {
      const p = await probe(n);
      if (p.meets) hi = p;
      else if (n >= max) return { best: null, probes, stoppedAt: null };
      else failing = n;
    }
    while (hi.value - failing > 1) {
      const p = await probe(Math.floor((failing + hi.value) / 2));
      if (p.meets) hi = p;
      else failing = p.value;
    }
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    return { best: hi, probes, stoppedAt: err.value };
  }
  return { best: hi, probes, stoppedAt: null };
}
