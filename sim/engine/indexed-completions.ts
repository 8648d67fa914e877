import type { Simulator } from './simulator.js';

/**
 * One completion handler for every owner of a kind in a simulator (all its FCFS resources, say),
 * the owner and a small index (a service slot, a queue) packed in the event's argument as one
 * number: `base + index`, where `base` is the owner's registration (`OWNER_SHIFT` bits up).
 *
 * Why not a closure per owner: a closure is a function object and a context, two cache lines an
 * event reaches before it reaches the owner. With a thousand servers each owner completes about
 * once per thousand requests, so both are misses every time; the shared handler stays in cache,
 * and finding the owner costs one read of a dense array. The kind writes the handler itself
 * (`owners[code >>> OWNER_SHIFT].finish(code & MAX_INDEX)`), so its call is monomorphic.
 * Codes stay small integers (unboxed) for the first 32,768 owners of a kind.
 */
export const OWNER_SHIFT = 16;
export const MAX_INDEX = (1 << OWNER_SHIFT) - 1;
/** Owners per kind and simulator: the code must fit in 32 bits for `>>>`. */
export const MAX_OWNERS = 2 ** (32 - OWNER_SHIFT);

export class IndexedCompletions<T> {
  readonly owners: T[] = [];
  /** The handler to post with `base + index`. */
  readonly handler: (code: number) => void;

  constructor(makeHandler: (owners: readonly T[]) => (code: number) => void) {
    this.handler = makeHandler(this.owners);
  }

  /** Registers an owner; its events carry `base + index` for an index in 0..MAX_INDEX. */
  register(owner: T): number {
    if (this.owners.length >= MAX_OWNERS) throw new RangeError(`more than ${MAX_OWNERS} owners of one kind in a simulator`);
    this.owners.push(owner);
    return (this.owners.length - 1) * (MAX_INDEX + 1);
  }
}

/** One registry per simulator and kind, made on first use by `make`. */
export function completionsOf<T>(byKind: WeakMap<Simulator, IndexedCompletions<T>>, sim: Simulator, make: () => IndexedCompletions<T>): IndexedCompletions<T> {
  let c = byKind.get(sim);
  if (c === undefined) {
    c = make();
    byKind.set(sim, c);
  }
  return c;
}
