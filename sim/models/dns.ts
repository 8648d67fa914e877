import { FcfsResource } from '../engine/resource.js';
import type { Simulator } from '../engine/simulator.js';
import type { DnsCacheBehaviour, Resolver as ResolverSpec } from '../scenario/types.js';
import { bindRandomOrder } from './answer-order.js';

/**
 * Round-robin DNS. An answer is the list of A records the authority holds at the time (`records`,
 * shared and never mutated) read from position `start` on, cyclically: every answer is a rotation
 * of the same list. Stubs connect to the first address they hold (glibc keeps the order it is
 * given; Python's create_connection takes the first that connects: docs/sources.md §5); a client
 * that tries the next address on failure walks on from there.
 */
export interface Answer {
  readonly records: readonly number[];
  readonly start: number;
  readonly expiresNs: number;
  /** The resolver had to ask the authoritative server for it (a miss, or waiting on one). */
  readonly upstream: boolean;
}

/** The k-th address of an answer (k = 0: the one a stub connects to); -1 when it holds none. */
export function addressOf(answer: Answer, k: number): number {
  const n = answer.records.length;
  return n === 0 ? -1 : answer.records[(answer.start + k) % n]!;
}

/** Authoritative server: each answer starts one record further along the list (cyclic rotation). */
export class AuthoritativeDns {
  readonly cpu: FcfsResource;
  private next = 0;
  private records: readonly number[];
  private readonly removed = new Set<number>();
  /** Down (a fault): queries get no answer. */
  up = true;

  constructor(sim: Simulator, readonly id: string, cores: number, private readonly costNs: number, private readonly count: number, readonly ttlNs: number) {
    this.cpu = new FcfsResource(sim, `${id}.cpu`, id, 'cpu', cores);
    this.records = Object.freeze([...Array(count).keys()]);
  }

  /** An operator removes or restores A records (a fault's change of DNS records). */
  setRecord(server: number, present: boolean): void {
    if (present) this.removed.delete(server);
    else this.removed.add(server);
    this.records = Object.freeze([...Array(this.count).keys()].filter((j) => !this.removed.has(j)));
  }

  query(done: (records: readonly number[], start: number) => void): void {
    this.cpu.submit(this.costNs, () => {
      const start = this.records.length === 0 ? 0 : this.next % this.records.length;
      this.next = (this.next + 1) % Math.max(1, this.count);
      done(this.records, start);
    }, undefined);
  }
}

/**
 * How long a stub waits for a resolver that does not answer before giving up: glibc's defaults,
 * 5 s per try and 2 tries (resolv.conf `timeout:5 attempts:2`) [P].
 */
export const STUB_TIMEOUT_NS = 10e9;

/** A caching resolver shared by a client group (or several). */
export class CachingResolver {
  readonly cpu: FcfsResource;
  private cached: Answer | null = null;
  private served = 0;
  /** Clients waiting for an upstream query already in flight (misses are coalesced). */
  private waiting: ((answer: Answer) => void)[] | null = null;

  constructor(
    private readonly sim: Simulator,
    readonly id: string,
    private readonly spec: ResolverSpec,
    private readonly costNs: number,
    private readonly authority: AuthoritativeDns,
    private readonly authorityRttNs: number,
    private readonly records: number,
    /** Draws the per-answer number of BIND's random order (order: random only). */
    private readonly orderRng: (() => number) | null = null,
  ) {
    this.cpu = new FcfsResource(sim, `${id}.cpu`, id, 'cpu', spec.cores);
  }

  /** Down (a fault): queries get no answer. */
  up = true;

  /**
   * Answers after the client ↔ resolver round trip, plus the resolver ↔ authority one on a miss.
   * `failed` instead when the resolver or, on a miss, the authority is down: the stub gives up after
   * its timeout (docs/failure.md §5).
   */
  lookup(done: (answer: Answer) => void, failed: () => void): void {
    const halfRtt = Math.round(this.spec.clientRttNs / 2);
    if (!this.up) {
      this.sim.schedule(STUB_TIMEOUT_NS, failed, undefined);
      return;
    }
    this.sim.schedule(halfRtt, () => {
      this.cpu.submit(this.costNs, () => {
        const reply = (answer: Answer) => this.sim.schedule(halfRtt, done, answer);
        const now = this.sim.nowNs;
        if (this.cached !== null && this.cached.expiresNs > now) {
          reply(this.fromCache(this.cached, false));
          return;
        }
        if (this.waiting !== null) {
          this.waiting.push(reply);
          return;
        }
        if (!this.authority.up) {
          this.sim.schedule(STUB_TIMEOUT_NS - halfRtt, failed, undefined);
          return;
        }
        this.waiting = [reply];
        this.sim.schedule(Math.round(this.authorityRttNs / 2), () => {
          this.authority.query((records, start) => {
            this.sim.schedule(Math.round(this.authorityRttNs / 2), () => {
              const ttl = Math.min(this.spec.ttlCeilingNs, Math.max(this.spec.ttlFloorNs, this.authority.ttlNs));
              this.cached = { records, start, expiresNs: this.sim.nowNs + ttl, upstream: true };
              this.served = 0;
              const waiting = this.waiting!;
              this.waiting = null;
              for (const answer of waiting) answer(this.fromCache(this.cached, true));
            });
          });
        });
      }, undefined);
    });
  }

  /**
   * The answer's order: fixed (as cached), cyclic (each answer from the cache starts one record
   * later), or BIND's random (answer-order.ts).
   */
  private fromCache(entry: Answer, upstream: boolean): Answer {
    if (this.spec.order === 'random' && this.orderRng !== null) {
      this.served++;
      const cached = [...Array(entry.records.length).keys()].map((k) => addressOf(entry, k));
      return { records: bindRandomOrder(cached, Math.floor(this.orderRng() * 2 ** 32)), start: 0, expiresNs: entry.expiresNs, upstream };
    }
    const start = this.spec.rotate ? entry.start + this.served : entry.start;
    this.served++;
    return { records: entry.records, start, expiresNs: entry.expiresNs, upstream };
  }
}

/** How long a client keeps an answer, by its behaviour (docs/sources.md §5: JVM 30 s, browsers 60 s, pinning). */
export function clientExpiryNs(behaviour: DnsCacheBehaviour, answer: Answer, nowNs: number): number {
  switch (behaviour.kind) {
    case 'honour-ttl': return answer.expiresNs;
    case 'floor': return Math.max(answer.expiresNs, nowNs + behaviour.minNs);
    case 'pin': return Number.POSITIVE_INFINITY;
  }
}
