import { TcpConnection, settlePendingAck, slowStartRounds } from '../net/ack-policy.js';
import { type FlowCount, SYN, flow } from '../net/packets.js';
import { NO_FLOW } from '../net/transport.js';
import type { Message, MessageKind } from '../net/train.js';
import { DeadlineFifo } from './deadline-fifo.js';
import { goIdle, idleLine } from './idle-connections.js';
import type { Path } from './paths.js';
import type { Connection, Request } from './request.js';
import type { World } from './world.js';

/** What the proxy's part of a request needs from the request's flow (request-flow.ts). */
export interface FlowPort {
  message(kind: MessageKind, flows: FlowCount[], opens: boolean[], carriesRequest: boolean, req: Request): Message;
  /** Sends `msg` along `path` from its first leg (after `delayNs`); `then(req)` at the path's end. */
  walk(path: Path, msg: Message, then: (req: Request) => void, delayNs?: number): void;
  /** A message held at a front end goes on to its next leg (after `delayNs`). */
  proceed(msg: Message, delayNs?: number): void;
  /** The attempt ends as a failure (here: haproxy's 503 or 504 to the client). */
  fail(req: Request): void;
}

/**
 * The application-layer proxy's side of a request (the per-request selection kind): haproxy
 * accepts the client's connection (or leaves the request waiting in its listen socket), picks a
 * server or queues the request for a server slot (`timeout queue`), connects to the server or
 * reuses an idle pooled connection, waits for the response (`timeout server`), and answers the
 * client, with a 503 or 504 when any of that fails. Its pooled connections to the servers close
 * after the servers' idle timeout.
 */
export class ProxyFlow {
  private readonly queueTimer: DeadlineFifo<Request>;
  private readonly serverTimer: DeadlineFifo<Request>;
  /** Idle pooled server connections: the servers close them after their keep-alive timeout. */
  private readonly pool: DeadlineFifo<Connection> | null;

  constructor(private readonly world: World, private readonly port: FlowPort) {
    const sc = world.scenario;
    this.queueTimer = new DeadlineFifo<Request>(world.sim, sc.proxy.timeoutQueueNs, (r) => r.queuedAtProxy, this.queueTimedOut);
    // proxyDone never goes back to false, so dead server timers can be dropped anywhere (deadline-fifo.ts).
    this.serverTimer = new DeadlineFifo<Request>(world.sim, sc.proxy.timeoutServerNs, (r) => !r.proxyDone, this.serverTimedOut, true);
    this.pool = idleLine(world.sim, sc.topology.servers.idleTimeoutNs, this.closeServerSide);
    for (const p of world.proxies) p.listen.onAccept = this.accepted;
  }

  /** The request reached the proxy: haproxy acts on it once it has accepted the client's connection. */
  requestArrived(req: Request, msg: Message): void {
    if (req.conn!.worker < 0) {
      // maxconn reached: the request waits in the listen socket until haproxy accepts the connection.
      req.held = msg;
      req.conn!.parked = req;
      return;
    }
    this.pick(req, msg);
  }

  /** The response reached the proxy: it answers the client, a delayed ACK of the request riding on it unless its timer fired. */
  responseArrived(req: Request, msg: Message): void {
    const w = this.world;
    const tcp = req.conn!.tcp.acceptor;
    const out = msg.flows[0]!;
    out.ctrl += settlePendingAck(tcp, w.sim.nowNs, w.tcpRules.delayedAckNs);
    const rounds = slowStartRounds(tcp, out.data, w.tcpRules, w.rttNs(0, req.groupIndex), w.sim.nowNs);
    this.port.proceed(msg, rounds * w.rttNs(0, req.groupIndex));
  }

  /**
   * The response reached the client: the proxy frees the server slot and pools (or closes) its
   * server connection. False when haproxy had already given up on the request (its 504 went out
   * instead, and the late response was dropped at the proxy).
   */
  responded(req: Request): boolean {
    if (req.proxyDone) return false;
    req.proxyDone = true;
    const frontEnd = req.conn!.frontEnd;
    const serverConn = req.serverConn!;
    const toClose = this.world.proxies[frontEnd]!.finish(req.server, serverConn);
    if (toClose !== null) this.closeServerSide(toClose);
    else goIdle(serverConn, this.pool, this.world.sim.nowNs);
    this.drainQueue(frontEnd);
    return true;
  }

  /** haproxy picks a server for the request, or queues it when every server is at its maxconn. */
  private pick(req: Request, msg: Message): void {
    const proxy = this.world.proxies[req.conn!.frontEnd]!;
    const server = proxy.pick(req, req.conn!.clientIndex, req.id >>> 0);
    if (server >= 0) return this.toServer(req, msg, server);
    if (!proxy.enqueue(req)) {
      proxy.queue.refuse();
      return this.port.fail(req);
    }
    req.held = msg;
    this.queueTimer.start(req);
  }

  /** A server slot freed at the proxy: queued requests, oldest first, get it. */
  private drainQueue(frontEnd: number): void {
    const proxy = this.world.proxies[frontEnd]!;
    for (let req = proxy.peekQueued(); req !== null; req = proxy.peekQueued()) {
      const server = proxy.pick(req, req.conn!.clientIndex, req.id >>> 0);
      if (server < 0) return;
      proxy.unqueue(req, false);
      const msg = req.held!;
      req.held = null;
      this.toServer(req, msg, server);
    }
  }

  private readonly queueTimedOut = (req: Request): void => {
    this.world.proxies[req.conn!.frontEnd]!.unqueue(req, true);
    req.held = null;
    req.proxyDone = true;
    this.port.fail(req);
  };

  /** haproxy's listen socket accepted a client connection: a request parked on it goes on. */
  private readonly accepted = (conn: Connection): void => {
    const req = conn.parked;
    if (req === null) return;
    conn.parked = null;
    const msg = req.held!;
    req.held = null;
    if (!req.finished) this.pick(req, msg);
  };

  /** The request leaves the proxy for `server`, on a pooled connection or a new one. */
  private toServer(req: Request, msg: Message, server: number): void {
    const w = this.world;
    const proxy = w.proxies[req.conn!.frontEnd]!;
    this.serverTimer.start(req);
    const reused = proxy.takeServerConnection(server);
    const serverConn = reused ?? proxy.newServerConnection(req.conn!.frontEnd, server, new TcpConnection(w.tcpRules));
    req.serverConn = serverConn;
    if (reused === null) serverConn.rssKey = req.id;
    req.closes1 = !proxy.reusesConnections;
    const ctrl = (reused === null ? 1 : 0) + settlePendingAck(serverConn.tcp.opener, w.sim.nowNs, w.tcpRules.delayedAckNs);
    msg.flows[1] = flow(ctrl, w.scenario.workload.requestHeaderBytes + req.uploadBytes, w.reverseMss);
    msg.opens[1] = reused === null;
    msg.closes[1] = req.closes1;
    if (reused === null) {
      req.held = msg;
      return this.port.walk(w.paths.syn1, this.port.message('syn', [NO_FLOW, SYN], [false, true], false, req), this.afterServerSyn);
    }
    this.port.proceed(msg, this.uploadRoundsNs(req));
  }

  /** haproxy's `timeout server`: no response from the server in time, the client gets a 504. */
  private readonly serverTimedOut = (req: Request): void => {
    this.giveUp(req);
  };

  /** The proxy answers the client with an error and frees what it held for the request. */
  private giveUp(req: Request): void {
    req.proxyDone = true;
    req.held = null;
    const proxy = this.world.proxies[req.conn!.frontEnd]!;
    const serverConn = req.serverConn;
    proxy.finish(req.server, null);
    if (serverConn !== null) this.closeServerSide(serverConn);
    this.drainQueue(req.conn!.frontEnd);
    this.port.fail(req);
  }

  /** Slow-start round trips of the proxy's upload to the server (a large PUT body). */
  private uploadRoundsNs(req: Request): number {
    const w = this.world;
    const rtt = w.rttNs(1, req.groupIndex);
    const data = Math.ceil((w.scenario.workload.requestHeaderBytes + req.uploadBytes) / w.reverseMss);
    return slowStartRounds(req.serverConn!.tcp.opener, data, w.tcpRules, rtt, w.sim.nowNs) * rtt;
  }

  private readonly afterServerSyn = (req: Request): void => {
    if (req.proxyDone) return;
    if (!this.world.servers[req.server]!.workers.socket.admit(req.serverConn!)) {
      // The server's accept queue is full: haproxy's connect fails after its `timeout connect`
      // (the proxy kernel's SYN retransmissions inside that time are not modelled) and it answers 503.
      this.world.sim.schedule(this.world.scenario.proxy.timeoutConnectNs, this.connectFailed, req);
      return;
    }
    this.port.walk(this.world.paths.synAck1, this.port.message('syn-ack', [NO_FLOW, SYN], [false, true], false, req), this.afterServerSynAck);
  };

  private readonly afterServerSynAck = (req: Request): void => {
    // The proxy gave up meanwhile (504): the new connection is closed again.
    if (req.proxyDone) return this.closeServerSide(req.serverConn!);
    const held = req.held!;
    req.held = null;
    this.port.proceed(held, this.uploadRoundsNs(req) + this.world.tlsHandshakeNs(1, req.groupIndex));
  };

  private readonly connectFailed = (req: Request): void => {
    if (!req.proxyDone) this.giveUp(req);
  };

  /** The proxy's connection to a server closes. */
  private readonly closeServerSide = (conn: Connection): void => {
    if (conn.closed && !conn.atServer) return;
    conn.closed = true;
    this.world.servers[conn.server]!.workers.socket.release(conn);
  };
}
