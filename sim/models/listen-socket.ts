import { Gauge } from '../engine/resource.js';
import type { Simulator } from '../engine/simulator.js';
import type { Connection } from './request.js';

/**
 * A listening TCP socket and the processes that accept from it (docs/sources.md §11):
 *
 *   SYN ─► a worker has a free slot and nobody is queued? ─► accepted by it
 *        └► accept queue below `backlog`? ─► queued (the kernel completes the handshake)
 *        └► dropped without reply (tcp_abort_on_overflow = 0): the client retransmits its SYN
 *
 * `workers` processes share the socket, each serving at most `slotsPerWorker` connections at
 * once; a connection stays on the worker that accepted it, until it closes. The kernel hands a
 * queued connection to whichever worker calls accept(); lbsim gives them to workers with a free
 * slot in turn (round robin): deterministic and even, the kindest spread (real wake-ups favour
 * some workers).
 */
export class ListenSocket {
  /** Connections held by the workers (capacity workers × slotsPerWorker). */
  readonly slots: Gauge;
  /** The accept queue; its `dropped` counts SYNs refused. */
  readonly acceptQueue: Gauge;
  private readonly clients: Int32Array;
  private readonly queued: Connection[] = [];
  private queuedHead = 0;
  private nextWorker = 0;
  /** A connection was just accepted by worker `conn.worker` (it may have a request parked). */
  onAccept: (conn: Connection) => void = () => {};

  constructor(
    sim: Simulator,
    nodeId: string,
    slotsName: string,
    readonly workers: number,
    readonly slotsPerWorker: number,
    readonly backlog: number,
  ) {
    this.slots = new Gauge(sim, `${nodeId}.${slotsName}`, nodeId, 'workers', workers * slotsPerWorker);
    this.acceptQueue = new Gauge(sim, `${nodeId}.accept-queue`, nodeId, 'accept-queue', backlog);
    this.clients = new Int32Array(workers);
  }

  /**
   * A SYN arrived. True: answered with a SYN-ACK (accepted, queued, or already known: a
   * retransmitted SYN). False: the accept queue is full and the SYN is dropped.
   */
  admit(conn: Connection): boolean {
    if (conn.atServer) return true;
    if (this.acceptQueue.occupancy === 0) {
      const w = this.freeWorker();
      if (w >= 0) {
        conn.atServer = true;
        this.accept(conn, w);
        return true;
      }
    }
    if (!this.acceptQueue.acquire()) return false;
    conn.atServer = true;
    this.queued.push(conn);
    return true;
  }

  /** The connection closed (either side): its slot, or its place in the accept queue, is freed. */
  release(conn: Connection): void {
    if (!conn.atServer) return;
    conn.atServer = false;
    conn.parked = null;
    if (conn.worker < 0) {
      // Still queued: it leaves the count now; its entry is skipped when reached.
      this.acceptQueue.release();
      return;
    }
    this.clients[conn.worker]!--;
    this.slots.release();
    conn.worker = -1;
    this.drain();
  }

  /** Next worker with a free slot, in turn; -1 if none. */
  private freeWorker(): number {
    const n = this.workers;
    for (let k = 0; k < n; k++) {
      const w = (this.nextWorker + k) % n;
      if (this.clients[w]! < this.slotsPerWorker) {
        this.nextWorker = (w + 1) % n;
        return w;
      }
    }
    return -1;
  }

  private accept(conn: Connection, w: number): void {
    conn.worker = w;
    this.clients[w]!++;
    this.slots.acquire();
    this.onAccept(conn);
  }

  /** Freed slots take connections from the head of the accept queue (closed ones are skipped). */
  private drain(): void {
    while (this.queuedHead < this.queued.length) {
      const conn = this.queued[this.queuedHead]!;
      if (conn.atServer) {
        const w = this.freeWorker();
        if (w < 0) break;
        this.acceptQueue.release();
        this.queued[this.queuedHead++] = undefined as unknown as Connection;
        this.accept(conn, w);
      } else {
        this.queued[this.queuedHead++] = undefined as unknown as Connection;
      }
    }
    if (this.queuedHead === this.queued.length) {
      this.queued.length = 0;
      this.queuedHead = 0;
    } else if (this.queuedHead > 1024 && this.queuedHead * 2 > this.queued.length) {
      this.queued.splice(0, this.queuedHead);
      this.queuedHead = 0;
    }
  }
}
