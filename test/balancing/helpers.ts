import type { RandomStream } from '../../sim/engine/rng.js';
import type { PickContext } from '../../sim/balancing/balancer.js';

/** A stream for balancers that must never draw: any call fails the test. */
export const noRandom: RandomStream = {
  path: 'test/no-random',
  next(): number {
    throw new Error('this balancer must not draw random numbers');
  },
};

/** A stream that replays fixed values and counts the draws. */
export function scriptedStream(values: readonly number[]): RandomStream & { draws: number } {
  const s = {
    path: 'test/scripted',
    draws: 0,
    next(): number {
      const v = values[s.draws % values.length]!;
      s.draws++;
      return v;
    },
  };
  return s;
}

export const ctx0: PickContext = { sourceKey: 0, destKey: 0, hashKey: 0 };

export function keyCtx(key: number): PickContext {
  return { sourceKey: key >>> 0, destKey: key >>> 0, hashKey: key >>> 0 };
}

/** Deterministic well-spread 32-bit keys (xorshift32), for distribution tests. */
export function* keys(count: number, seed = 0x9e3779b9): Generator<number> {
  let x = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    yield x;
  }
}
