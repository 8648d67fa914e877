import { SlotArena } from './slot-arena.js';

/**
 * Named random streams. Every (entity, purpose) draws from its own generator seeded from
 * (seed, replication, path), so swapping a load-balancing mode, or adding a server, leaves the
 * draws of every other stream unchanged: common random numbers across modes by construction
 * (ns-3's manual warns of exactly this failure when streams are numbered automatically).
 *
 * Generator: Johannes Baagøe's Alea (a multiply-with-carry generator over three 32-bit fractions,
 * period about 2^116), fast and statistically sound for simulation, with its Mash hash turning the
 * string seed into the initial state. It is the generator seedrandom publishes as `alea`, and
 * draws the same numbers (test/engine/rng.test.ts checks it draw for draw).
 *
 * Layout (why: with a thousand servers each stream is drawn from about once per thousand
 * requests, so every object a draw reaches is a cache miss): a stream's four numbers (s0, s1, s2
 * and the carry) are slots of a Float64Array shared with the other streams of its factory, beside
 * those issued with it, not fields of an object (V8 boxes each double field in a heap number of
 * its own) nor variables of a closure's context. A draw reads the stream and one line of slots.
 */
export interface RandomStream {
  readonly path: string;
  /** Uniform on [0, 1). */
  next(): number;
}

export function streamSeed(seed: number, replication: number, path: string): string {
  return `lbsim/${seed}/${replication}/${path}`;
}

const S0 = 0;
const S1 = 1;
const S2 = 2;
const CARRY = 3;
const STATE_SLOTS = 4;
/** 2^-32: a 32-bit integer as a fraction of 2^32. */
const INV_2_32 = 2.3283064365386963e-10;
const MULTIPLIER = 2091639;

/**
 * Baagøe's Mash: a running hash whose state carries over from one call to the next (Alea's
 * seeding calls it four times in a row). Each character is added in, then the value is multiplied
 * by a fixed fraction and folded back to 32 bits twice; the result is the state as a fraction.
 */
class Mash {
  private n = 0xefc8249d;

  hash(text: string): number {
    let n = this.n;
    for (let i = 0; i < text.length; i++) {
      n += text.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h = (h - n) * n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000;
    }
    this.n = n;
    return (n >>> 0) * INV_2_32;
  }
}

class AleaStream implements RandomStream {
  constructor(
    readonly path: string,
    private readonly s: Float64Array,
    private readonly at: number,
    seedText: string,
  ) {
    const mash = new Mash();
    const blank = [mash.hash(' '), mash.hash(' '), mash.hash(' ')];
    for (let k = 0; k < 3; k++) {
      let x = blank[k]! - mash.hash(seedText);
      if (x < 0) x += 1;
      s[at + k] = x;
    }
    s[at + CARRY] = 1;
  }

  next(): number {
    const s = this.s;
    const at = this.at;
    const t = MULTIPLIER * s[at + S0]! + s[at + CARRY]! * INV_2_32;
    s[at + S0] = s[at + S1]!;
    s[at + S1] = s[at + S2]!;
    const carry = t | 0;
    s[at + CARRY] = carry;
    return (s[at + S2] = t - carry);
  }
}

/** One stream on its own (tests, small tools); a simulation takes its streams from a StreamFactory. */
export function makeStream(seed: number, replication: number, path: string): RandomStream {
  return new AleaStream(path, new Float64Array(STATE_SLOTS), 0, streamSeed(seed, replication, path));
}

/** Hands out streams by path and refuses to hand the same path out twice (two owners would couple). */
export class StreamFactory {
  private readonly issued = new Set<string>();
  /** Every stream's state, in issue order. */
  private readonly states = new SlotArena();

  constructor(readonly seed: number, readonly replication: number) {}

  stream(path: string): RandomStream {
    if (this.issued.has(path)) throw new Error(`random stream "${path}" was already issued; each entity and purpose needs its own`);
    this.issued.add(path);
    const slots = this.states.take(STATE_SLOTS);
    return new AleaStream(path, slots.array, slots.at, streamSeed(this.seed, this.replication, path));
  }
}
