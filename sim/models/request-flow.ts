import { TcpConnection, settlePendingAck, slowStartRounds } from '../net/ack-policy.js';
import { type FlowCount, SYN, flow } from '../net/packets.js';
import { NO_FLOW } from '../net/transport.js';
import { Message, type MessageKind } from '../net/train.js';
import type { Collector } from '../stats/collector.js';
import type { Client } from './client.js';
import { ClientTimers } from './client-timers.js';
import type { DeadlineFifo } from './deadline-fifo.js';
import { goIdle, idleLine } from './idle-connections.js';
import { type NetNode, REACH_REFUSED, REACH_UP, type Reach } from '../net/node.js';
import type { Train } from '../net/train.js';
import type { FaultLedger } from '../stats/fault-ledger.js';
import type { Path } from './paths.js';
import { type FlowPort, ProxyFlow } from './proxy-flow.js';
import { Connection, Request } from './request.js';
import { type Lookup, Selection, type SelectionPort } from './selection.js';
import { TcpAcks } from './tcp-acks.js';
import type { World } from './world.js';

/** `opens` of a message that opens no connection (responses, ACKs): shared, so frozen. */
const OPENS_NEITHER: boolean[] = Object.freeze([false, false]) as boolean[];

/**
 * One request's life, the same code for every mode; what differs is data:
 *
 *   issue ─► select (DNS / registry+client pick / VIP) ─► connection (reuse, or SYN ▸ SYN-ACK)
 *         ─► request path (legs of the mode's table row; a front end decides at its crossing)
 *         ─► server (CPU, object servers) ─► response path ─► complete
 *
 * Decisions at a front end are the selection kind of the table row: 'per-connection' schedules a
 * connection when its SYN reaches the director; 'per-request' picks a server for each request
 * when it reaches the proxy, which may first open its own connection to that server.
 *
 * The client keeps time (client-timers.ts): an attempt that is refused, or not answered within
 * its connect or request timeout, is abandoned (its connection closed) and retried after a
 * doubling backoff while the group's retries last; then the request fails or times out. A
 * dropped SYN is retransmitted on Linux's schedule. Work already in the network for an abandoned
 * attempt carries on (the servers never learn the client left) but changes nothing on arrival.
 */
export class RequestFlow implements FlowPort, SelectionPort {
  private nextId = 0;
  issuing = true;
  onIdle: (() => void) | null = null;
  /** Trace source: every request as it is issued (id, time, method, size, group, client). */
  onIssue: ((req: Request) => void) | null = null;
  /** Trace source: a request's name or membership lookup is answered (before any connection). */
  set onLookup(fn: ((req: Request, lookup: Lookup) => void) | null) {
    this.selection.onLookup = fn;
  }
  /** Trace source: a response's last byte reached its client. */
  onComplete: ((req: Request, nowNs: number) => void) | null = null;
  private outstanding = 0;
  private readonly timers: ClientTimers;
  /** Idle keep-alive timers of the clients' connections, per group. */
  private readonly idle: (DeadlineFifo<Connection> | null)[];
  private readonly clients: Client[];
  private readonly selection: Selection;
  /** The proxy's side of each request (per-request selection only). */
  private readonly proxy: ProxyFlow | null;

  constructor(
    private readonly world: World,
    private readonly collector: Collector,
    private readonly measureFromNs: number,
    private readonly ledger: FaultLedger | null = null,
  ) {
    for (const server of world.servers) server.onBackendDone = this.respond;
    this.timers = new ClientTimers(world.sim, world.scenario.workload.groups, {
      timedOut: (att) => this.abandon(att, 'timedOut'),
      synTimer: this.synTimer,
    });
    this.clients = world.groups.flatMap((g) => g.clients);
    const sc = world.scenario;
    // The client's connection ends at the proxy in L7 (haproxy's keep-alive timeout), else at a server.
    const serverSideIdleNs = world.path.frontEnd === 'proxy' ? sc.proxy.timeoutHttpKeepAliveNs : sc.topology.servers.idleTimeoutNs;
    this.idle = sc.workload.groups.map((g) => idleLine(world.sim, Math.min(g.idleTimeoutNs, serverSideIdleNs), this.idleClientExpired));
    this.selection = new Selection(world, this);
    this.proxy = world.path.frontEnd === 'proxy' ? new ProxyFlow(world, this) : null;
    world.runner.onBlocked = this.blocked;
    const acks = new TcpAcks(world, (req, path, flows, conn, fin) => {
      const msg = this.message('ack', flows, OPENS_NEITHER, false, req);
      msg.closes[conn] = fin;
      this.acksInFlight++;
      this.walk(path, msg, this.ackDone);
    });
    world.runner.onDelivered = acks.delivered;
  }

  /** ACK and FIN messages still on their way: a run ends once the last of them is delivered. */
  private acksInFlight = 0;

  private readonly ackDone = (): void => {
    this.acksInFlight--;
    if (this.outstanding === 0 && this.acksInFlight === 0 && !this.issuing) this.onIdle?.();
  };

  get inProgress(): number {
    return this.outstanding + this.acksInFlight;
  }

  issue(groupIndex: number, clientIndex: number): void {
    const w = this.world;
    const group = w.groups[groupIndex]!;
    const method = group.pickMethod();
    const objectBytes = Math.max(0, Math.round(group.objectBytes()));
    const now = w.sim.nowNs;
    const req = new Request(this.nextId++, groupIndex, clientIndex, method, objectBytes, now, now >= this.measureFromNs);
    this.outstanding++;
    this.collector.issue(req);
    if (this.onIssue !== null) this.onIssue(req);
    this.startAttempt(req);
  }

  private startAttempt(att: Request): void {
    att.attemptStartNs = this.world.sim.nowNs;
    this.timers.startAttempt(att);
    this.selection.select(att, this.clientOf(att));
  }

  private clientOf(req: Request): Client {
    return this.world.groups[req.groupIndex]!.clients[req.clientIndex]!;
  }

  connect(req: Request, client: Client, frontEnd: number, server: number, flowHash = 0): void {
    const w = this.world;
    const conn = new Connection(client.globalIndex, frontEnd, w.scenario.workload.groups[client.groupIndex]!.requestsPerConnection, new TcpConnection(w.tcpRules));
    conn.server = server;
    conn.flowHash = flowHash;
    if (w.ecmp !== null) conn.routeGeneration = w.ecmp.generation;
    conn.tlsResumed = w.tlsResumes(client.groupIndex);
    conn.rssKey = req.id;
    if (server >= 0) conn.serverEpoch = w.servers[server]!.node.epoch;
    if (frontEnd >= 0) conn.frontEndEpoch = w.frontEndNodes[frontEnd]!.epoch;
    if (w.ha !== null) conn.vip = w.ha.vipOf(client);
    req.conn = conn;
    req.server = server;
    req.connecting = true;
    req.synsSent = 0;
    this.timers.startConnect(req);
    this.sendSyn(req);
  }

  /** Sends (or re-sends) the attempt's SYN and runs its retransmission timer. */
  private sendSyn(att: Request): void {
    att.synsSent++;
    this.timers.startSyn(att);
    this.walk(this.world.paths.syn0, this.message('syn', [SYN, NO_FLOW], [true, false], false, att), this.afterSyn);
  }

  /** No SYN-ACK within the RTO: retransmit, or fail the connect once tcp_syn_retries are spent. */
  private readonly synTimer = (att: Request): void => {
    if (att.synsSent > this.world.scenario.workload.groups[att.groupIndex]!.tcpSynRetries) return this.abandon(att, 'timedOut');
    this.sendSyn(att);
  };

  private readonly afterSyn = (req: Request): void => {
    if (req.finished) return;
    // The listen socket where the SYN ends (a server's, or haproxy's) admits it or drops it (the SYN timer retransmits).
    const w = this.world;
    const socket = w.path.frontEnd === 'proxy' ? w.proxies[req.conn!.frontEnd]!.listen : w.servers[req.server]!.workers.socket;
    if (!socket.admit(req.conn!)) return;
    this.walk(this.world.paths.synAck0, this.message('syn-ack', [SYN, NO_FLOW], [true, false], false, req), this.afterSynAck);
  };

  private readonly afterSynAck = (req: Request): void => {
    // A retransmitted SYN may be answered too: the first SYN-ACK opens the connection.
    if (req.finished || !req.connecting) return;
    req.connecting = false;
    this.sendRequest(req, req.conn!, true);
  };

  /**
   * The client sends the request: the handshake's final ACK first on a new connection, a delayed
   * ACK of the previous response if its timer fired before this request, then the data (after the
   * slow-start round trips a large upload needs). The last request of a connection asks the server
   * to close it.
   */
  sendRequest(req: Request, conn: Connection, opens = false): void {
    const w = this.world;
    req.conn = conn;
    conn.idleSinceNs = -1;
    if (!opens && w.ha !== null && conn.frontEnd >= 0) {
      // The address may have moved to another box since the last request: it keeps the connection or resets it.
      const box = w.ha.holderBox(conn.vip);
      if (box !== conn.frontEnd && !w.ha.takeOver(conn, box)) {
        const old = w.frontEndNodes[conn.frontEnd]!;
        req.faultIndex = old.faultIndex >= 0 ? old.faultIndex : old.epochFaultIndex;
        if (w.path.selection !== 'per-request') req.server = conn.server;
        return this.abandon(req, 'failed');
      }
    }
    if (!opens && w.ecmp !== null && !w.ecmp.route(conn)) {
      // The router moved the flow to a box that has no state for it: a reset.
      req.faultIndex = w.ecmp.faultIndex;
      if (w.path.selection !== 'per-request') req.server = conn.server;
      return this.abandon(req, 'failed');
    }
    if (!opens && this.broken(conn)) {
      // A kept-alive connection whose server or front end crashed since: the first packet meets a reset.
      const frontEndBroke = conn.frontEnd >= 0 && w.frontEndNodes[conn.frontEnd]!.epoch !== conn.frontEndEpoch;
      req.faultIndex = (frontEndBroke ? w.frontEndNodes[conn.frontEnd]! : w.servers[conn.server]!.node).epochFaultIndex;
      if (w.path.selection !== 'per-request') req.server = conn.server;
      return this.abandon(req, 'failed');
    }
    if (w.path.selection !== 'per-request') req.server = conn.server;
    conn.requestsLeft--;
    const now = w.sim.nowNs;
    const ctrl = (opens ? 1 : 0) + settlePendingAck(conn.tcp.opener, now, w.tcpRules.delayedAckNs);
    const forward = flow(ctrl, w.scenario.workload.requestHeaderBytes + req.uploadBytes, w.forwardMss);
    const msg = this.message('request', [forward, NO_FLOW], [opens, false], true, req);
    msg.closes[0] = conn.requestsLeft === 0;
    const rounds = slowStartRounds(conn.tcp.opener, forward.data, w.tcpRules, w.rttNs(0, req.groupIndex), now);
    const tlsNs = opens ? w.tlsHandshakeNs(0, req.groupIndex) : 0;
    this.walk(w.paths.request, msg, this.atServer, rounds * w.rttNs(0, req.groupIndex) + tlsNs);
  }

  message(kind: MessageKind, flows: FlowCount[], opens: boolean[], carriesRequest: boolean, req: Request): Message {
    return new Message(kind, flows, opens, carriesRequest, req, this.legArrived);
  }

  /** Sends `msg` along `path` from its first leg (after `delayNs`); `then(req)` when it reaches the path's end. */
  walk(path: Path, msg: Message, then: (req: Request) => void, delayNs = 0): void {
    msg.path = path;
    msg.then = then as (context: unknown) => void;
    if (delayNs > 0) this.world.sim.post(delayNs, this.start, msg);
    else this.start(msg);
  }

  private readonly start = (msg: Message): void => {
    const path = msg.path as Path;
    this.dispatched(msg, 0);
    this.world.transport.start(msg, path.legs.length, this.stagesOf(msg, 0));
  };

  /** The front end has decided: the message's chunks go on to the next leg (after `delayNs`). */
  proceed(msg: Message, delayNs = 0): void {
    if (delayNs > 0) this.world.sim.post(delayNs, this.open, msg);
    else this.open(msg);
  }

  private readonly open = (msg: Message): void => {
    this.dispatched(msg, msg.openLeg + 1);
    this.world.transport.open(msg, this.stagesOf(msg, msg.openLeg + 1));
  };

  private stagesOf(msg: Message, k: number) {
    const req = msg.context as Request;
    return this.world.legStages.stagesFor(msg.path as Path, k, req.groupIndex, req.conn!.frontEnd);
  }

  /** The request leaves for its server: counted as sent there, whatever that server's queue does next. */
  private dispatched(msg: Message, k: number): void {
    if (msg.kind === 'request' && (msg.path as Path).legs[k]!.to === 'server') this.collector.dispatch(msg.context as Request, this.world.sim.nowNs);
  }

  /** The first chunk crossed a leg mid-path: the front end acts; at the path's end the message is delivered. */
  private readonly legArrived = (msg: Message): void => {
    if (msg.kind !== 'ack' && (msg.context as Request).abandoned) return;
    if (msg.atEnd) {
      msg.then!(msg.context);
      return;
    }
    this.cross(msg.path as Path, msg, msg.context as Request);
  };

  /** A message reached a front end mid-path: decisions happen here (the table's selection kind). */
  private cross(path: Path, msg: Message, req: Request): void {
    const w = this.world;
    const conn = req.conn!;
    if (msg.kind === 'syn' && path.kind === 'syn0' && w.path.selection === 'per-connection') {
      if (req.finished) return;
      // A retransmitted SYN finds its connection's entry: same real server.
      if (conn.server >= 0) return this.proceed(msg);
      const server = w.directors[conn.frontEnd]!.schedule(conn);
      if (server < 0) return this.fail(req);
      conn.server = server;
      req.server = server;
    } else if (msg.kind === 'request' && path.kind === 'request' && w.path.selection === 'per-request') {
      if (req.finished) return;
      return this.proxy!.requestArrived(req, msg);
    } else if (msg.kind === 'response' && w.path.selection === 'per-request') {
      return this.proxy!.responseArrived(req, msg);
    }
    this.proceed(msg);
  }

  private readonly atServer = (req: Request): void => {
    this.world.servers[req.server]!.receive(req, req.serverConn ?? req.conn!);
  };

  /**
   * The object servers have answered: the response goes back along the mode's response path, its
   * first segment carrying the server's delayed ACK of the request unless the timer sent it
   * already, after the slow-start round trips its size needs on this connection. The last
   * response of a connection carries the server's FIN.
   */
  readonly respond = (req: Request): void => {
    if (req.abandoned) return;
    const w = this.world;
    const now = w.sim.nowNs;
    const conn = req.conn!;
    const bytes = w.scenario.workload.responseHeaderBytes + req.downloadBytes;
    const c: 0 | 1 = req.serverConn === null ? 0 : 1;
    const tcp = c === 0 ? conn.tcp : req.serverConn!.tcp;
    const first = flow(settlePendingAck(tcp.acceptor, now, w.tcpRules.delayedAckNs), bytes, w.reverseMss);
    const flows = c === 0 ? [first, NO_FLOW] : [flow(0, bytes, w.reverseMss), first];
    const msg = this.message('response', flows, OPENS_NEITHER, false, req);
    msg.closes[0] = conn.requestsLeft === 0;
    msg.closes[1] = req.closes1;
    const rtt = w.rttNs(c, req.groupIndex);
    this.walk(w.paths.response, msg, this.complete, slowStartRounds(tcp.acceptor, first.data, w.tcpRules, rtt, now) * rtt);
  };

  private readonly complete = (req: Request): void => {
    const w = this.world;
    const conn = req.conn!;
    // A response the proxy already gave up on (504) is dropped there.
    if (w.path.selection === 'per-request' && req.server >= 0 && !this.proxy!.responded(req)) return;
    // An abandoned attempt's response: the client had closed the connection and moved on.
    if (req.finished) return;
    // A 503 from the Swift proxy (its object servers failed): the attempt failed, retried by the group's policy.
    if (req.serverError) return this.abandon(req, 'failed');
    req.finished = true;
    this.uncount(req);
    // Timeouts are the client's timers' business: the response is in time if the attempt is live.
    this.collector.complete(req.origin, w.sim.nowNs, Number.POSITIVE_INFINITY);
    this.ledger?.complete(req);
    if (this.onComplete !== null) this.onComplete(req, w.sim.nowNs);
    const client = this.clientOf(req);
    if (conn.requestsLeft > 0 && !conn.closed) {
      client.idle.push(conn);
      goIdle(conn, this.idle[req.groupIndex] ?? null, w.sim.nowNs);
    } else {
      this.closeConnection(conn);
    }
    this.finished(req.origin, client);
  };

  /** Refused on the way (no server, a full table or queue): the attempt ends as a failure. */
  fail(req: Request): void {
    this.abandon(req, 'failed');
  }

  /**
   * The attempt ends without a response: the client closes its connection, then retries after
   * its backoff or, with no retries left, the request fails or times out.
   */
  private abandon(att: Request, outcome: 'failed' | 'timedOut'): void {
    if (att.finished) return;
    const w = this.world;
    att.finished = true;
    att.connecting = false;
    this.uncount(att);
    if (att.conn !== null) this.closeConnection(att.conn);
    const group = w.scenario.workload.groups[att.groupIndex]!;
    // A client that re-resolves after a failure drops its cached answer (docs/failure.md).
    if (w.path.selection === 'dns' && group.dnsFailover.reResolve) this.clientOf(att).dnsExpiresNs = Number.NEGATIVE_INFINITY;
    if (att.attempt < group.retries) {
      const backoffNs = Math.min(group.retryBackoffMaxNs, group.retryBackoffNs * 2 ** Math.min(60, att.attempt));
      w.sim.schedule(backoffNs, this.retry, att);
      return;
    }
    const now = w.sim.nowNs;
    if (outcome === 'failed') {
      this.collector.fail(att.origin, now);
      this.ledger?.fail(att);
    } else {
      this.collector.timeOut(att.origin, now);
      this.ledger?.timeOut(att);
    }
    this.finished(att.origin, this.clientOf(att));
  }

  private readonly retry = (prev: Request): void => {
    const att = prev.nextAttempt(this.world.sim.nowNs);
    // The retry is charged to the fault that ended the previous attempt, and carries it on.
    att.faultIndex = prev.faultIndex;
    att.retries = prev.retries + 1;
    this.ledger?.retry(prev);
    this.collector.retry(att.origin, this.world.sim.nowNs);
    this.startAttempt(att);
  };

  /**
   * Did the server or front end behind a kept-alive connection restart since it was opened, and
   * answer now (with a reset)? While it is still down, the packets are simply lost on the way.
   */
  private broken(conn: Connection): boolean {
    const w = this.world;
    const restarted = (node: NetNode, epoch: number) => node.epoch !== epoch && node.reach === REACH_UP;
    if (conn.frontEnd >= 0 && restarted(w.frontEndNodes[conn.frontEnd]!, conn.frontEndEpoch)) return true;
    return conn.server >= 0 && w.path.selection !== 'per-request' && restarted(w.servers[conn.server]!.node, conn.serverEpoch);
  }

  /**
   * A fault stopped a train (docs/failure.md §5). A refusal comes back as a reset: a client
   * configured to try the next address of its DNS answer does so for a refused connect, else the
   * attempt fails (and is retried as the group's policy says). A lost message is never answered:
   * the client's connect or request timer ends the attempt.
   */
  private readonly blocked = (train: Train, node: NetNode, reach: Reach): void => {
    // A pure ACK or FIN lost on the way is never retransmitted here: it stops counting as in flight.
    if (train.kind === 'ack') return this.ackDone();
    const req = train.context as Request;
    if (req.finished || req.abandoned) return;
    if (req.faultIndex < 0) req.faultIndex = node.faultIndex;
    const w = this.world;
    if (reach !== REACH_REFUSED) return;
    if (train.kind === 'syn' && w.path.selection === 'dns' && req.server >= 0) {
      const group = w.scenario.workload.groups[req.groupIndex]!;
      const client = this.clientOf(req);
      if (group.dnsFailover.nextAddress && client.dnsAnswer !== null && req.nextAddress + 1 < client.dnsAnswer.records.length) {
        req.nextAddress++;
        req.retries++;
        this.ledger?.retry(req);
        if (req.conn !== null) this.closeConnection(req.conn);
        req.connecting = false;
        return this.selection.connectToAddress(req, client, req.nextAddress);
      }
    }
    req.abandoned = true;
    this.abandon(req, 'failed');
  };

  /** Client-side mode: the client's own view of outstanding requests per server. */
  private uncount(req: Request): void {
    if (!req.clientCounted) return;
    req.clientCounted = false;
    this.clientOf(req).dests![req.server]!.activeConns--;
  }

  /** The client's connection closes (its requests are done, it sat idle too long, or the client gave up on it). */
  private closeConnection(conn: Connection): void {
    if (conn.closed) return;
    conn.closed = true;
    const w = this.world;
    if (w.path.selection === 'per-connection') {
      w.directors[conn.frontEnd]!.close(conn);
      w.ha?.forget(conn);
      w.ecmp?.forget(conn);
    }
    if (w.path.frontEnd !== 'proxy') {
      if (conn.server >= 0) w.servers[conn.server]!.workers.socket.release(conn);
    } else {
      w.proxies[conn.frontEnd]!.listen.release(conn);
    }
  }

  private readonly idleClientExpired = (conn: Connection): void => {
    const client = this.clients[conn.clientIndex]!;
    const i = client.idle.indexOf(conn);
    if (i >= 0) {
      client.idle[i] = client.idle[client.idle.length - 1]!;
      client.idle.pop();
    }
    this.closeConnection(conn);
  };

  private finished(req: Request, client: Client): void {
    this.outstanding--;
    const group = this.world.groups[req.groupIndex]!;
    if (group.thinkNs !== null && this.issuing) {
      this.world.sim.schedule(Math.max(0, Math.round(group.thinkNs())), this.resume, client);
    }
    if (this.outstanding === 0 && this.acksInFlight === 0 && !this.issuing) this.onIdle?.();
  }

  /** How a session's next request is issued; the runner wraps `issue` to count and cap requests. */
  issueNext: (group: number, client: number) => void = (group, client) => this.issue(group, client);

  private readonly resume = (client: Client): void => {
    if (this.issuing) this.issueNext(client.groupIndex, client.indexInGroup);
  };
}
