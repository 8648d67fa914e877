import type { Simulator } from '../engine/simulator.js';
import type { NetNode } from '../net/node.js';
import { ListenSocket } from './listen-socket.js';
import type { Connection, Request } from './request.js';

/**
 * Admission at a Swift proxy server (docs/sources.md §7, §11), as the real one does it:
 *
 *   SYN ─► listen socket: accept queue full? ─► dropped (the client retransmits)
 *        └► queued (handshake done by the kernel) ─► accepted by a worker with a free client slot
 *   request ─► its worker (single-threaded: one request's Python work at a time) ─► the cores
 *
 * `workers` processes share one listen socket (listen-socket.ts); each serves at most
 * `maxClients` connections at once (eventlet's green pool), and a connection stays on the worker
 * that accepted it. When no worker has a free slot, connections wait in the accept queue
 * (`backlog`, capped by the kernel's `somaxconn`); beyond it, SYNs are dropped.
 *
 * A worker runs one request's application work at a time, on any free core of the host; while
 * it waits for object servers it runs others (eventlet is cooperative), so only CPU work is
 * serialised per worker. Per-packet and per-byte work stays on the host's cores (sim/net).
 */
export interface SwiftAdmission {
  readonly workers: number;
  readonly maxClients: number;
  /** min(Swift `backlog`, kernel `somaxconn`). */
  readonly backlog: number;
}

/** The server a pool works for: each request's application work, and what follows it. */
export interface SwiftApp {
  /** Application CPU for a request (ns), drawn per request. */
  appNs(req: Request): number;
  /** Called when a request's application work is done. */
  backend(req: Request): void;
}

/** A finished run's argument: the pool, its worker and the request (one short-lived object per run). */
interface RunDone {
  readonly pool: SwiftWorkers;
  readonly w: number;
  readonly req: Request;
}

/**
 * Each worker's state is two slots of the simulator's arena, beside its host's resources (why:
 * with a thousand servers a pool is touched about once per thousand requests, and an object per
 * worker would be one more cache line to miss): busy (0 or 1), and how many of its requests wait.
 * Waiting requests sit in a list per worker, made when a worker first has one to hold.
 */
const BUSY = 0;
const WAITING = 1;
const WORKER_SLOTS = 2;

export class SwiftWorkers {
  readonly socket: ListenSocket;
  private readonly v: Float64Array;
  private readonly at: number;
  /** Requests of each worker's connections waiting for it (one per connection, plus abandoned ones), from `waitHead`. */
  private readonly waiting: (Request[] | undefined)[];
  private readonly waitHead: number[];

  constructor(
    sim: Simulator,
    private readonly node: NetNode,
    admission: SwiftAdmission,
    private readonly app: SwiftApp,
  ) {
    this.socket = new ListenSocket(sim, node.id, 'worker-slots', admission.workers, admission.maxClients, admission.backlog);
    this.socket.onAccept = this.accepted;
    const slots = sim.arena.take(admission.workers * WORKER_SLOTS);
    this.v = slots.array;
    this.at = slots.at;
    this.waiting = new Array<Request[] | undefined>(admission.workers).fill(undefined);
    this.waitHead = new Array<number>(admission.workers).fill(0);
  }

  private readonly accepted = (conn: Connection): void => {
    const parked = conn.parked;
    if (parked !== null) {
      conn.parked = null;
      this.process(parked, conn);
    }
  };

  /** A request reached the application: it waits for its worker (and, before that, for an accept). */
  process(req: Request, conn: Connection): void {
    if (conn.worker < 0) {
      conn.parked = req;
      return;
    }
    const w = conn.worker;
    const at = this.at + w * WORKER_SLOTS;
    if (this.v[at + BUSY] !== 0) {
      (this.waiting[w] ??= []).push(req);
      this.v[at + WAITING]!++;
      return;
    }
    this.run(w, req);
  }

  private run(w: number, req: Request): void {
    const ns = Math.max(0, Math.round(this.app.appNs(req)));
    // No application work (a profile that puts it all elsewhere): nothing to serialise.
    if (ns === 0) return this.app.backend(req);
    this.v[this.at + w * WORKER_SLOTS + BUSY] = 1;
    this.node.traffic.cpuNs += ns;
    const done: RunDone = { pool: this, w, req };
    this.node.cpu!.submit(ns, SwiftWorkers.ran, done);
  }

  /** Every pool's completion handler (one function, not a closure per pool: see the slots above). */
  private static readonly ran = (job: RunDone): void => job.pool.finishRun(job.w, job.req);

  private finishRun(w: number, req: Request): void {
    const at = this.at + w * WORKER_SLOTS;
    this.v[at + BUSY] = 0;
    // The next waiting request takes the worker (requests with no work pass straight through).
    while (this.v[at + BUSY] === 0 && this.v[at + WAITING]! > 0) {
      const list = this.waiting[w]!;
      const head = this.waitHead[w]!;
      const next = list[head]!;
      list[head] = undefined as unknown as Request;
      this.v[at + WAITING]!--;
      if (this.v[at + WAITING] === 0) {
        list.length = 0;
        this.waitHead[w] = 0;
      } else {
        this.waitHead[w] = head + 1;
      }
      this.run(w, next);
    }
    this.app.backend(req);
  }
}
