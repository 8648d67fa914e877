import type { Balancer, Destination } from '../balancing/balancer.js';
import type { DnsCacheBehaviour } from '../scenario/types.js';
import type { Answer } from './dns.js';
import type { Connection } from './request.js';

/**
 * One client process: its idle keep-alive connections, its DNS cache (rr-dns) and its copy of the
 * membership list with its own view of outstanding requests (client-side).
 */
export class Client {
  /** Idle keep-alive connections, most recently used last. */
  readonly idle: Connection[] = [];
  /** The answer this client's cache holds (rr-dns), or null. */
  dnsAnswer: Answer | null = null;
  dnsExpiresNs = Number.NEGATIVE_INFINITY;
  membershipExpiresNs = Number.NEGATIVE_INFINITY;
  /** Client-side mode: the client's own destination list and balancer, made on first use. */
  dests: Destination[] | null = null;
  balancer: Balancer | null = null;

  constructor(
    /** Index over all clients of all groups: the client's "IP" for source hashing and ECMP. */
    readonly globalIndex: number,
    readonly groupIndex: number,
    readonly indexInGroup: number,
    readonly dnsCache: DnsCacheBehaviour,
  ) {}

  /** An idle connection to this front end / server, or null. */
  takeIdle(frontEnd: number, server: number): Connection | null {
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const conn = this.idle[i]!;
      if (conn.frontEnd === frontEnd && (server < 0 || conn.server === server)) {
        this.idle[i] = this.idle[this.idle.length - 1]!;
        this.idle.pop();
        return conn;
      }
    }
    return null;
  }

  /** An idle connection to virtual address `vip`, whichever box of its group opened it. */
  takeIdleVip(vip: number): Connection | null {
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const conn = this.idle[i]!;
      if (conn.vip === vip) {
        this.idle[i] = this.idle[this.idle.length - 1]!;
        this.idle.pop();
        return conn;
      }
    }
    return null;
  }

  /** Any idle connection (a stub with a keep-alive connection does not re-resolve). */
  takeAnyIdle(): Connection | null {
    return this.idle.pop() ?? null;
  }
}
