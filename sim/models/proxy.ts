import { type Balancer, type Destination, isAvailable } from '../balancing/balancer.js';
import { Gauge } from '../engine/resource.js';
import type { Simulator } from '../engine/simulator.js';
import type { ProxyCosts } from '../calibration/profile.js';
import type { Leg } from '../modes/path-spec.js';
import type { NetNode } from '../net/node.js';
import type { TcpConnection } from '../net/ack-policy.js';
import { type FlowCount, aggregatesOf, ipBytes } from '../net/packets.js';
import type { Train } from '../net/train.js';
import { ListenSocket } from './listen-socket.js';
import type { Tls } from './tls.js';
import { Connection, type Request } from './request.js';

/**
 * An application-layer proxy (haproxy in HTTP mode). It terminates the client's TCP connection,
 * parses each request, picks a server per request and forwards it on a second TCP connection
 * (reused from an idle pool, or opened per request), then copies the response back. Every byte is
 * received into user space and sent out again (two copies, a read and a write per buffer) unless
 * splicing, and the kernel handles the packets of both connections.
 *
 * Admission (docs/sources.md §3.4): at most `maxconn` client connections at once (global
 * maxconn; more wait in the listen backlog, then SYNs are dropped); with a per-server `maxconn`,
 * a request finding every server full waits in the backend queue, bounded by the global maxconn,
 * for at most `timeout queue` before a 503.
 */
/** Which part of a node's CPU work a cost covers: all of it, the softirq part, or the process-context part. */
export const CPU_ALL = 0;
export const CPU_SOFTIRQ = 1;
export const CPU_PROCESS = 2;
export type CpuPart = typeof CPU_ALL | typeof CPU_SOFTIRQ | typeof CPU_PROCESS;

export interface ProxyLimits {
  readonly maxconn: number;
  /** Per-server maxconn (0: unlimited, nothing ever queues). */
  readonly serverMaxconn: number;
  readonly backlog: number;
}

export class Proxy {
  /** Idle server-side connections per server, ready for reuse (haproxy http-reuse), most recent last. */
  private readonly idle: Connection[][];
  readonly listen: ListenSocket;
  /** The backend queue: requests waiting for a server slot; `dropped` counts 503s for a full queue or `timeout queue`. */
  readonly queue: Gauge;
  private readonly waiting: Request[] = [];
  private waitingHead = 0;
  /** Full-size segments per GRO/TSO aggregate (set by the world from the MSS). */
  perAggregate = 1;
  /** TCP/IP header bytes per packet (set by the world: 52 with timestamps). */
  headerBytes = 52;
  /** TLS on the client's connection, and on the server's when haproxy re-encrypts (set by the world). */
  tls: Tls | null = null;

  constructor(
    sim: Simulator,
    readonly node: NetNode,
    private readonly costs: ProxyCosts,
    readonly dests: Destination[],
    readonly balancer: Balancer,
    private readonly reuse: boolean,
    private readonly splice: boolean,
    readonly limits: ProxyLimits,
  ) {
    this.idle = dests.map(() => []);
    this.listen = new ListenSocket(sim, node.id, 'conn-slots', 1, limits.maxconn, limits.backlog);
    this.queue = new Gauge(sim, `${node.id}.queue`, node.id, 'queue', limits.maxconn);
  }

  /**
   * CPU to carry a train from one side to the other. With legOut null the train ends here (a
   * handshake packet of the client's connection); with a train that starts here, legIn is null.
   * `part` picks where the work runs (docs/model.md, "RSS"): all of it (one pool), the softirq
   * part (`softirqCost`) or the process-context part, which is everything else.
   */
  cost(train: Train, legIn: Leg | null, legOut: Leg | null, part: CpuPart = CPU_ALL): number {
    if (part === CPU_SOFTIRQ) return this.softirqCost(train, legIn, legOut);
    const all = this.allCost(train, legIn, legOut);
    return part === CPU_ALL ? all : Math.max(0, all - this.softirqCost(train, legIn, legOut));
  }

  /**
   * The kernel's work in softirq context, on the core of the receive queue: receiving every
   * packet or aggregate of the incoming flow (the stack, and its per-byte work), and sending the
   * header-only packets the kernel sends by itself in reaction to what it received: pure ACKs,
   * the SYN-ACK, the handshake's last ACK. What the application causes is process context: its
   * data (tcp_sendmsg and TSO of what it writes), the SYN of connect() and the FIN of close(),
   * its system calls, copies, parsing and TLS.
   */
  softirqCost(train: Train, legIn: Leg | null, legOut: Leg | null): number {
    const c = this.costs;
    let ns = 0;
    if (legIn !== null) {
      const inFlow = train.flows[legIn.conn]!;
      ns += this.stackUnits(inFlow, c.gro) * c.kernelNsPerPacket + this.kernelBytes(inFlow, legIn);
    }
    if (legOut !== null) {
      const outFlow = train.flows[legOut.conn]!;
      const kernelCtrl = outFlow.ctrl - this.applicationCtrl(train, legOut);
      if (kernelCtrl > 0) ns += kernelCtrl * c.kernelNsPerPacket + this.kernelBytes({ ctrl: kernelCtrl, data: 0, payloadBytes: 0, fullSizeData: 0 }, legOut);
    }
    return ns;
  }

  /** Header-only packets of an outgoing flow that the application causes: connect()'s SYN, close()'s FIN. */
  private applicationCtrl(train: Train, legOut: Leg): number {
    if (train.kind === 'syn') return train.flows[legOut.conn]!.ctrl;
    return train.kind === 'ack' && train.message.closes[legOut.conn] === true && train.lastChunk ? 1 : 0;
  }

  private allCost(train: Train, legIn: Leg | null, legOut: Leg | null): number {
    const c = this.costs;
    const inFlow = legIn === null ? null : train.flows[legIn.conn]!;
    const outFlow = legOut === null ? null : train.flows[legOut.conn]!;
    let ns = 0;
    const tls = this.tls;
    if (inFlow !== null) ns += this.stackUnits(inFlow, c.gro) * c.kernelNsPerPacket + this.kernelBytes(inFlow, legIn!) + this.userSide(inFlow.payloadBytes) + (tls?.recordsNs(legIn!.conn, inFlow.payloadBytes) ?? 0);
    if (outFlow !== null) ns += this.stackUnits(outFlow, c.tso) * c.kernelNsPerPacket + this.kernelBytes(outFlow, legOut!) + this.userSide(outFlow.payloadBytes) + (tls?.recordsNs(legOut!.conn, outFlow.payloadBytes) ?? 0);
    if (train.carriesRequest && legIn !== null && legIn.conn === 0) {
      ns += c.requestNs;
      // accept() of the client's connection, and its TLS handshake (haproxy terminates it).
      if (train.opens[0] === true) ns += c.acceptNs + (tls?.handshakeNs(0, (train.context as Request).conn!.tlsResumed) ?? 0);
      // connect() to the server; re-encrypting, haproxy resumes its cached session with the server.
      if (train.opens[1] === true) ns += c.connectNs + (tls?.handshakeNs(1, true) ?? 0);
    }
    return ns;
  }

  /** Packets the kernel handles one by one: header-only segments, and data per aggregate with offload. */
  private stackUnits(f: FlowCount, offload: boolean): number {
    return f.ctrl + aggregatesOf(f.data, offload, this.perAggregate);
  }

  /** Kernel per-byte work on the IP bytes of a flow (headers included). */
  private kernelBytes(f: FlowCount, leg: Leg): number {
    return this.costs.kernelNsPerByte === 0 ? 0 : ipBytes(f, this.headerBytes, leg.extraHeaderBytes, false) * this.costs.kernelNsPerByte;
  }

  /** read() or write() calls of one bufsize each, and the copy between kernel and user space. */
  private userSide(payloadBytes: number): number {
    if (payloadBytes === 0) return 0;
    const calls = Math.ceil(payloadBytes / this.costs.bufferBytes);
    return calls * this.costs.syscallNs + (this.splice ? 0 : payloadBytes * this.costs.copyNsPerByte);
  }

  /** Chooses the server for a request; -1 when none is available. */
  pick(req: Request, sourceKey: number, hashKey: number): number {
    const index = this.balancer.pick({ sourceKey, destKey: 0, hashKey });
    if (index >= 0) this.dests[index]!.activeConns++;
    req.server = index;
    return index;
  }

  /** An idle server connection if reuse allows one (null: a new connection is needed, see `newServerConnection`). */
  takeServerConnection(server: number): Connection | null {
    if (!this.reuse) return null;
    const pool = this.idle[server]!;
    while (pool.length > 0) {
      const conn = pool.pop()!;
      if (!conn.closed) {
        conn.idleSinceNs = -1;
        return conn;
      }
    }
    return null;
  }

  newServerConnection(frontEnd: number, server: number, tcp: TcpConnection): Connection {
    const conn = new Connection(-1, frontEnd, Number.POSITIVE_INFINITY, tcp);
    conn.server = server;
    return conn;
  }

  /**
   * The request is over at the proxy: the server connection returns to the pool, or is returned
   * for the caller to close (per-request connections, or one that failed).
   */
  finish(server: number, conn: Connection | null): Connection | null {
    this.dests[server]!.activeConns--;
    if (conn === null) return null;
    if (this.reuse && !conn.closed && conn.atServer) {
      this.idle[server]!.push(conn);
      return null;
    }
    return conn;
  }

  /**
   * Every server is full (its maxconn reached) but some are up: the request may queue. Adds it
   * to the queue; false (a 503) if the queue is full or nothing would ever free a slot.
   */
  enqueue(req: Request): boolean {
    if (this.limits.serverMaxconn === 0 || !this.dests.some(isAvailable)) return false;
    if (!this.queue.acquire()) return false;
    req.queuedAtProxy = true;
    this.waiting.push(req);
    return true;
  }

  /** The oldest queued request (null if none), still in the queue. */
  peekQueued(): Request | null {
    while (this.waitingHead < this.waiting.length) {
      const req = this.waiting[this.waitingHead]!;
      if (req.queuedAtProxy) return req;
      this.waiting[this.waitingHead++] = undefined as unknown as Request;
    }
    this.waiting.length = 0;
    this.waitingHead = 0;
    return null;
  }

  /** Takes `req` (found by peekQueued, or timed out) out of the queue. */
  unqueue(req: Request, refused: boolean): void {
    if (!req.queuedAtProxy) return;
    req.queuedAtProxy = false;
    this.queue.release();
    if (refused) this.queue.refuse();
  }

  /** A request lost to a fault: the server no longer counts it; its server connection is not reused. */
  abandon(server: number): void {
    this.dests[server]!.activeConns--;
  }

  get reusesConnections(): boolean {
    return this.reuse;
  }
}
