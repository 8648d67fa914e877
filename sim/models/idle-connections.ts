import type { Simulator } from '../engine/simulator.js';
import { DeadlineFifo } from './deadline-fifo.js';
import type { Connection } from './request.js';

/**
 * Keep-alive idle timeouts (a client's, haproxy's `timeout http-keep-alive`, a server's): every
 * connection of one line waits the same time, so one DeadlineFifo holds them. A connection that was
 * reused or closed before its deadline is dead there: its idle period is no longer the one timed.
 * Such a timer stays dead once time has moved on: a connection goes idle again only later (its
 * new idle spell starts after the timed one), and a closed connection stays closed; only within
 * the instant it went idle can a reused connection go idle again and revive the timer. So the
 * line is compacted (deadline-fifo.ts), which keeps the timers of reused connections from piling
 * up behind a long-idle one. With no timeout (Infinity) there is no line at all.
 */
export function idleLine(sim: Simulator, delayNs: number, expire: (conn: Connection) => void): DeadlineFifo<Connection> | null {
  return Number.isFinite(delayNs)
    ? new DeadlineFifo<Connection>(sim, delayNs, (c, deadlineNs) => !c.closed && c.idleSinceNs >= 0 && c.idleSinceNs + delayNs === deadlineNs, expire, true)
    : null;
}

/** A kept-alive connection goes idle now: the line's timeout starts. */
export function goIdle(conn: Connection, line: DeadlineFifo<Connection> | null, nowNs: number): void {
  if (line === null) return;
  conn.idleSinceNs = nowNs;
  line.start(conn);
}
