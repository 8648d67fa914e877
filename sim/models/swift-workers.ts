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

interface Worker {
  busy: boolean;
  /** Requests of this worker's connections waiting for it (one per connection, plus abandoned ones). */
  readonly waiting: Request[];
  waitHead: number;
}

export class SwiftWorkers {
  readonly socket: ListenSocket;
  private readonly workers: Worker[] = [];

  constructor(
    sim: Simulator,
    private readonly node: NetNode,
    admission: SwiftAdmission,
    /** Application CPU per request (ns), drawn per request. */
    private readonly appNs: (req: Request) => number,
    /** Called when a request's application work is done. */
    private readonly then: (req: Request) => void,
  ) {
    this.socket = new ListenSocket(sim, node.id, 'worker-slots', admission.workers, admission.maxClients, admission.backlog);
    this.socket.onAccept = this.accepted;
    for (let i = 0; i < admission.workers; i++) this.workers.push({ busy: false, waiting: [], waitHead: 0 });
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
    const worker = this.workers[conn.worker]!;
    if (worker.busy) {
      worker.waiting.push(req);
      return;
    }
    this.run(conn.worker, req);
  }

  private run(w: number, req: Request): void {
    const ns = Math.max(0, Math.round(this.appNs(req)));
    // No application work (a profile that puts it all elsewhere): nothing to serialise.
    if (ns === 0) return this.then(req);
    this.workers[w]!.busy = true;
    this.node.traffic.cpuNs += ns;
    this.node.cpu!.submit(ns, this.ran, { w, req });
  }

  private readonly ran = (job: { w: number; req: Request }): void => {
    const worker = this.workers[job.w]!;
    worker.busy = false;
    // The next waiting request takes the worker (requests with no work pass straight through).
    while (!worker.busy && worker.waitHead < worker.waiting.length) {
      const next = worker.waiting[worker.waitHead]!;
      worker.waiting[worker.waitHead++] = undefined as unknown as Request;
      if (worker.waitHead === worker.waiting.length) {
        worker.waiting.length = 0;
        worker.waitHead = 0;
      }
      this.run(job.w, next);
    }
    this.then(job.req);
  };
}
