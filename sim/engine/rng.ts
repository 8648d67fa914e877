import seedrandom from 'seedrandom';

/**
 * Named random streams. Every (entity, purpose) draws from its own generator seeded from
 * (seed, replication, path), so swapping a load-balancing mode, or adding a server, leaves the
 * draws of every other stream unchanged: common random numbers across modes by construction
 * (ns-3's manual warns of exactly this failure when streams are numbered automatically).
 *
 * Generator: Alea (seedrandom's `alea`), fast and statistically sound for simulation; the string
 * seed is hashed by Alea's own Mash function.
 */
export interface RandomStream {
  readonly path: string;
  /** Uniform on [0, 1). */
  next(): number;
}

export function streamSeed(seed: number, replication: number, path: string): string {
  return `lbsim/${seed}/${replication}/${path}`;
}

export function makeStream(seed: number, replication: number, path: string): RandomStream {
  // Alea's generator reads its state from its own closure, not `this`: it can be the method itself
  // (one call fewer per draw than a wrapper).
  const prng = seedrandom.alea(streamSeed(seed, replication, path));
  return { path, next: prng };
}

/** Hands out streams by path and refuses to hand the same path out twice (two owners would couple). */
export class StreamFactory {
  private readonly issued = new Set<string>();

  constructor(readonly seed: number, readonly replication: number) {}

  stream(path: string): RandomStream {
    if (this.issued.has(path)) throw new Error(`random stream "${path}" was already issued; each entity and purpose needs its own`);
    this.issued.add(path);
    return makeStream(this.seed, this.replication, path);
  }
}
