import type { Simulator } from '../engine/simulator.js';

/**
 * IPVS connection synchronisation from a master director to its backups (docs/failure.md §3,
 * docs/sources.md §2.2):
 *
 *   the rule: a connection is queued for sync when the count of packets it has sent into the
 *     director reaches `threshold` and then every `period` packets after (count mod period ==
 *     threshold; with period 0, only when the count equals threshold);
 *   the transport: queued entries fill a message of `entriesPerMessage` (a UDP datagram that fits
 *     the MTU); a full message is sent `sendDelayNs` later (the kernel's HZ/50 = 20 ms), a partial
 *     one at the first check (every `checkPeriodNs`, HZ = 1 s) where it is at least `flushNs`
 *     (HZ × 2 = 2 s) old. A backup knows a connection once a message carrying it has arrived.
 *
 * Entries are keyed by an object the caller owns (its connection); `forget` drops one when the
 * connection ends, so the backup's table holds only what is alive.
 */
export interface SyncSpec {
  readonly threshold: number;
  readonly period: number;
  readonly entriesPerMessage: number;
  readonly sendDelayNs: number;
  readonly flushNs: number;
  readonly checkPeriodNs: number;
  readonly deliveryDelayNs: number;
}

/** IPv4 sync message: 20 B IP + 8 B UDP + an 8 B message header, then 36 B per connection (v1 format) [D]. */
export function entriesPerMessage(mtuBytes: number): number {
  return Math.max(1, Math.floor((mtuBytes - 20 - 8 - 8) / 36));
}

export function defaultSyncSpec(mtuBytes: number, deliveryDelayNs: number): SyncSpec {
  return { threshold: 3, period: 50, entriesPerMessage: entriesPerMessage(mtuBytes), sendDelayNs: 20e6, flushNs: 2e9, checkPeriodNs: 1e9, deliveryDelayNs };
}

/** Does some count k in (before, after] satisfy the sync rule? (A train brings several packets at once.) */
export function syncDue(before: number, after: number, threshold: number, period: number): boolean {
  if (after <= before) return false;
  if (period <= 0) return before < threshold && threshold <= after;
  if (threshold >= period) return false; // count mod period never reaches it
  // The first k > before with k ≡ threshold (mod period).
  const first = before + 1 + ((((threshold - (before + 1)) % period) + period) % period);
  return first <= after;
}

/**
 * A connection sent `packets` more into the director it is on: counted on the connection, and
 * offered to that director's sync channel (which sends an update when the count crosses the rule).
 */
export function countPacketsIn<K extends { inPackets: number; readonly frontEnd: number }>(channels: readonly SyncChannel<K>[] | null, conn: K, packets: number): void {
  const before = conn.inPackets;
  conn.inPackets += packets;
  if (channels !== null && conn.frontEnd >= 0) channels[conn.frontEnd]!.packetsIn(conn, before, packets);
}

export class SyncChannel<K extends object> {
  /** What the backup has learned (connection → when it arrived). */
  private readonly known = new Map<K, number>();
  private pending: K[] = [];
  private pendingSinceNs = 0;
  private readonly inFlight = new Set<K[]>();
  messagesSent = 0;
  entriesSent = 0;
  private checking = false;

  constructor(private readonly sim: Simulator, readonly spec: SyncSpec, private readonly onMessage: (entries: number) => void = () => {}) {}

  /** `key` sent `packets` more into the director, having sent `before` already. */
  packetsIn(key: K, before: number, packets: number): void {
    if (syncDue(before, before + packets, this.spec.threshold, this.spec.period)) this.queue(key);
  }

  queue(key: K): void {
    if (this.pending.length === 0) this.pendingSinceNs = this.sim.nowNs;
    this.pending.push(key);
    if (this.pending.length >= this.spec.entriesPerMessage) {
      this.send(this.spec.sendDelayNs);
    } else if (!this.checking) {
      this.checking = true;
      const periodNs = this.spec.checkPeriodNs;
      this.sim.schedule(periodNs - (this.sim.nowNs % periodNs), this.check, undefined);
    }
  }

  private readonly check = (): void => {
    if (this.pending.length === 0) {
      this.checking = false;
      return;
    }
    if (this.sim.nowNs - this.pendingSinceNs >= this.spec.flushNs) this.send(0);
    if (this.pending.length === 0) this.checking = false;
    else this.sim.schedule(this.spec.checkPeriodNs, this.check, undefined);
  };

  private send(afterNs: number): void {
    const entries = this.pending;
    this.pending = [];
    this.inFlight.add(entries);
    this.messagesSent++;
    this.entriesSent += entries.length;
    this.onMessage(entries.length);
    this.sim.schedule(afterNs + this.spec.deliveryDelayNs, this.deliver, entries);
  }

  private readonly deliver = (entries: K[]): void => {
    if (!this.inFlight.delete(entries)) return;
    for (const k of entries) if (!this.ended.has(k)) this.known.set(k, this.sim.nowNs);
  };

  /** Connections that ended while an entry for them was on the wire (weak: nothing is kept alive). */
  private readonly ended = new WeakSet<K>();

  /** The backup knows `key` (it would forward its packets after a takeover). */
  knows(key: K): boolean {
    return this.known.has(key);
  }

  /** When the backups learned `key` (the last message carrying it arrived); -1: they do not know it. */
  learnedAtNs(key: K): number {
    return this.known.get(key) ?? -1;
  }

  get knownCount(): number {
    return this.known.size;
  }

  /** The connection ended: the backup's entry goes (and one still on its way is not added). */
  forget(key: K): void {
    this.known.delete(key);
    this.ended.add(key);
    const i = this.pending.indexOf(key);
    if (i >= 0) this.pending.splice(i, 1);
  }

  /** The master died: what it had not yet sent is lost; messages already on the wire still arrive. */
  masterLost(): void {
    this.pending = [];
  }
}
