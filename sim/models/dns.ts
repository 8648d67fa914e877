import { FcfsResource } from '../engine/resource.js';
import type { Simulator } from '../engine/simulator.js';
import type { DnsCacheBehaviour, Resolver as ResolverSpec } from '../scenario/types.js';

/**
 * Round-robin DNS. An answer is the full list of A records, rotated: we represent it by the index
 * of its first address (`first`), since every answer is a rotation of the same list. Stubs connect
 * to the first address they hold (glibc keeps the order it is given; Python's create_connection
 * takes the first that connects: docs/sources.md §5).
 */
export interface Answer {
  readonly first: number;
  readonly expiresNs: number;
  /** The resolver had to ask the authoritative server for it (a miss, or waiting on one). */
  readonly upstream: boolean;
}

/** Authoritative server: each answer starts one record further along the list (cyclic rotation). */
export class AuthoritativeDns {
  readonly cpu: FcfsResource;
  private next = 0;

  constructor(sim: Simulator, readonly id: string, cores: number, private readonly costNs: number, private readonly records: number, readonly ttlNs: number) {
    this.cpu = new FcfsResource(sim, `${id}.cpu`, id, 'cpu', cores);
  }

  query(done: (first: number) => void): void {
    this.cpu.submit(this.costNs, () => {
      const first = this.next;
      this.next = (this.next + 1) % this.records;
      done(first);
    }, undefined);
  }
}

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
  ) {
    this.cpu = new FcfsResource(sim, `${id}.cpu`, id, 'cpu', spec.cores);
  }

  /** Answers after the client ↔ resolver round trip, plus the resolver ↔ authority one on a miss. */
  lookup(done: (answer: Answer) => void): void {
    const halfRtt = Math.round(this.spec.clientRttNs / 2);
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
        this.waiting = [reply];
        this.sim.schedule(Math.round(this.authorityRttNs / 2), () => {
          this.authority.query((first) => {
            this.sim.schedule(Math.round(this.authorityRttNs / 2), () => {
              const ttl = Math.min(this.spec.ttlCeilingNs, Math.max(this.spec.ttlFloorNs, this.authority.ttlNs));
              this.cached = { first, expiresNs: this.sim.nowNs + ttl, upstream: true };
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

  /** Cyclic rrset order: with `rotate`, each answer from the cache starts one record later. */
  private fromCache(entry: Answer, upstream: boolean): Answer {
    const first = this.spec.rotate ? (entry.first + this.served) % this.records : entry.first;
    this.served++;
    return { first, expiresNs: entry.expiresNs, upstream };
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
