import { TcpConnection, settlePendingAck, slowStartRounds } from '../net/ack-policy.js';
import { type FlowCount, SYN, flow } from '../net/packets.js';
import { NO_FLOW } from '../net/transport.js';
import { Message, type MessageKind } from '../net/train.js';
import type { Collector } from '../stats/collector.js';
import type { Client } from './client.js';
import { clientExpiryNs } from './dns.js';
import type { Path } from './paths.js';
import { Connection, Request } from './request.js';
import { TcpAcks } from './tcp-acks.js';
import type { World } from './world.js';

/**
 * A name (DNS) or membership (registry) lookup made for one request, for traces: who answered
 * (`client-cache`: the client's own copy, no packet sent) and when.
 */
export interface Lookup {
  readonly service: 'dns' | 'registry';
  /** The node that answers such lookups: a resolver or the registry (not asked on a client-cache hit). */
  readonly node: string;
  readonly source: 'client-cache' | 'resolver-cache' | 'authoritative' | 'registry';
  readonly startNs: number;
  readonly endNs: number;
  /** DNS: the server whose address came first in the answer; registry: -1 (the client picks next). */
  readonly server: number;
}

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
 */
export class RequestFlow {
  private nextId = 0;
  issuing = true;
  onIdle: (() => void) | null = null;
  /** Trace source: every request as it is issued (id, time, method, size, group, client). */
  onIssue: ((req: Request) => void) | null = null;
  /** Trace source: a request's name or membership lookup is answered (before any connection). */
  onLookup: ((req: Request, lookup: Lookup) => void) | null = null;
  /** Trace source: a response's last byte reached its client. */
  onComplete: ((req: Request, nowNs: number) => void) | null = null;
  private outstanding = 0;

  constructor(private readonly world: World, private readonly collector: Collector, private readonly measureFromNs: number) {
    for (const server of world.servers) server.onBackendDone = this.respond;
    const acks = new TcpAcks(world, (req, path, flows, closes) => {
      const msg = this.message('ack', flows, [false, false], false, req);
      closes.forEach((c, i) => (msg.closes[i] = c));
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
    const client = group.clients[clientIndex]!;
    this.select(req, client);
  }

  private select(req: Request, client: Client): void {
    const w = this.world;
    switch (w.path.selection) {
      case 'dns': {
        const idle = client.takeAnyIdle();
        if (idle !== null) return this.sendRequest(req, idle);
        return this.resolve(req, client, (server) => this.connect(req, client, -1, server));
      }
      case 'client': {
        const refreshNs = w.scenario.registry.refreshNs;
        const pick = () => {
          w.clientBalancer(client);
          const server = client.balancer!.pick({ sourceKey: client.globalIndex, destKey: 0, hashKey: req.id >>> 0 });
          if (server < 0) return this.fail(req);
          client.dests![server]!.activeConns++;
          req.server = server;
          const idle = client.takeIdle(-1, server);
          if (idle !== null) this.sendRequest(req, idle);
          else this.connect(req, client, -1, server);
        };
        const startNs = w.sim.nowNs;
        if (refreshNs !== null && startNs < client.membershipExpiresNs) {
          if (this.onLookup !== null) this.onLookup(req, { service: 'registry', node: w.registry!.node.id, source: 'client-cache', startNs, endNs: startNs, server: -1 });
          return pick();
        }
        return w.registry!.lookup(() => {
          if (refreshNs !== null) client.membershipExpiresNs = w.sim.nowNs + refreshNs;
          if (this.onLookup !== null) this.onLookup(req, { service: 'registry', node: w.registry!.node.id, source: 'registry', startNs, endNs: w.sim.nowNs, server: -1 });
          pick();
        });
      }
      case 'arp-winner': {
        const idle = client.takeIdle(-1, w.arpWinner);
        if (idle !== null) return this.sendRequest(req, idle);
        return this.connect(req, client, -1, w.arpWinner);
      }
      case 'per-connection':
      case 'per-request': {
        const frontEnd = w.frontEndOf(client);
        const idle = client.takeIdle(frontEnd, -1);
        if (idle !== null) return this.sendRequest(req, idle);
        return this.connect(req, client, frontEnd, -1);
      }
    }
  }

  /** The client's DNS cache, else its resolver: the server is the first address of the answer. */
  private resolve(req: Request, client: Client, then: (server: number) => void): void {
    const w = this.world;
    const startNs = w.sim.nowNs;
    const resolver = w.resolvers[w.scenario.workload.groups[client.groupIndex]!.resolverIndex]!;
    if (client.dnsFirst >= 0 && startNs < client.dnsExpiresNs) {
      if (this.onLookup !== null) this.onLookup(req, { service: 'dns', node: resolver.id, source: 'client-cache', startNs, endNs: startNs, server: client.dnsFirst });
      return then(client.dnsFirst);
    }
    resolver.lookup((answer) => {
      client.dnsFirst = answer.first;
      client.dnsExpiresNs = clientExpiryNs(client.dnsCache, answer, w.sim.nowNs);
      if (this.onLookup !== null) this.onLookup(req, { service: 'dns', node: resolver.id, source: answer.upstream ? 'authoritative' : 'resolver-cache', startNs, endNs: w.sim.nowNs, server: answer.first });
      then(answer.first);
    });
  }

  private connect(req: Request, client: Client, frontEnd: number, server: number): void {
    const conn = new Connection(client.globalIndex, frontEnd, this.world.scenario.workload.groups[client.groupIndex]!.requestsPerConnection, new TcpConnection(this.world.tcpRules));
    conn.server = server;
    req.conn = conn;
    req.server = server;
    this.walk(this.world.paths.syn0, this.message('syn', [SYN, NO_FLOW], [true, false], false, req), this.afterSyn);
  }

  private readonly afterSyn = (req: Request): void => {
    this.walk(this.world.paths.synAck0, this.message('syn-ack', [SYN, NO_FLOW], [true, false], false, req), this.afterSynAck);
  };

  private readonly afterSynAck = (req: Request): void => {
    this.sendRequest(req, req.conn!, true);
  };

  /**
   * The client sends the request: the handshake's final ACK first on a new connection, a delayed
   * ACK of the previous response if its timer fired before this request, then the data (after the
   * slow-start round trips a large upload needs). The last request of a connection asks the server
   * to close it.
   */
  private sendRequest(req: Request, conn: Connection, opens = false): void {
    const w = this.world;
    req.conn = conn;
    if (w.path.selection !== 'per-request') req.server = conn.server;
    conn.requestsLeft--;
    const now = w.sim.nowNs;
    const ctrl = (opens ? 1 : 0) + settlePendingAck(conn.tcp.opener, now, w.tcpRules.delayedAckNs);
    const forward = flow(ctrl, w.scenario.workload.requestHeaderBytes + req.uploadBytes, w.forwardMss);
    const msg = this.message('request', [forward, NO_FLOW], [opens, false], true, req);
    msg.closes[0] = conn.requestsLeft === 0;
    const rounds = slowStartRounds(conn.tcp.opener, forward.data, w.tcpRules, w.rttNs(0, req.groupIndex), now);
    this.walk(w.paths.request, msg, this.atServer, rounds * w.rttNs(0, req.groupIndex));
  }

  private message(kind: MessageKind, flows: FlowCount[], opens: boolean[], carriesRequest: boolean, req: Request): Message {
    return new Message(kind, flows, opens, carriesRequest, req, this.legArrived);
  }

  /** Sends `msg` along `path` from its first leg (after `delayNs`); `then(req)` when it reaches the path's end. */
  private walk(path: Path, msg: Message, then: (req: Request) => void, delayNs = 0): void {
    msg.path = path;
    msg.then = then as (context: unknown) => void;
    if (delayNs > 0) this.world.sim.schedule(delayNs, this.start, msg);
    else this.start(msg);
  }

  private readonly start = (msg: Message): void => {
    const path = msg.path as Path;
    this.dispatched(msg, 0);
    this.world.transport.start(msg, path.legs.length, this.stagesOf(msg, 0));
  };

  /** The front end has decided: the message's chunks go on to the next leg (after `delayNs`). */
  private proceed(msg: Message, delayNs = 0): void {
    if (delayNs > 0) this.world.sim.schedule(delayNs, this.open, msg);
    else this.open(msg);
  }

  private readonly open = (msg: Message): void => {
    this.dispatched(msg, msg.openLeg + 1);
    this.world.transport.open(msg, this.stagesOf(msg, msg.openLeg + 1));
  };

  private stagesOf(msg: Message, k: number) {
    const req = msg.context as Request;
    return this.world.stagesFor(msg.path as Path, k, req.groupIndex, req.conn!.frontEnd, req.server);
  }

  /** The request leaves for its server: counted as sent there, whatever that server's queue does next. */
  private dispatched(msg: Message, k: number): void {
    if (msg.kind === 'request' && (msg.path as Path).legs[k]!.to === 'server') this.collector.dispatch(msg.context as Request, this.world.sim.nowNs);
  }

  /** The first chunk crossed a leg mid-path: the front end acts; at the path's end the message is delivered. */
  private readonly legArrived = (msg: Message): void => {
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
      const server = w.directors[conn.frontEnd]!.schedule(conn);
      if (server < 0) return this.fail(req);
      conn.server = server;
      req.server = server;
    } else if (msg.kind === 'request' && w.path.selection === 'per-request') {
      const proxy = w.proxies[conn.frontEnd]!;
      const server = proxy.pick(req, conn.clientIndex, req.id >>> 0);
      if (server < 0) return this.fail(req);
      const pooled = proxy.takeServerConnection(server);
      const tcp = pooled ?? new TcpConnection(w.tcpRules);
      req.tcp1 = tcp;
      req.closes1 = !proxy.reusesConnections;
      const ctrl = (pooled === null ? 1 : 0) + settlePendingAck(tcp.opener, w.sim.nowNs, w.tcpRules.delayedAckNs);
      msg.flows[1] = flow(ctrl, w.scenario.workload.requestHeaderBytes + req.uploadBytes, w.reverseMss);
      msg.opens[1] = pooled === null;
      msg.closes[1] = req.closes1;
      if (pooled === null) {
        req.held = msg;
        return this.walk(w.paths.syn1, this.message('syn', [NO_FLOW, SYN], [false, true], false, req), this.afterServerSyn);
      }
      return this.proceed(msg, this.uploadRoundsNs(req));
    } else if (msg.kind === 'response' && w.path.selection === 'per-request') {
      // The proxy answers the client: a delayed ACK of the request rides on it unless its timer fired.
      const tcp = conn.tcp.acceptor;
      const out = msg.flows[0]!;
      out.ctrl += settlePendingAck(tcp, w.sim.nowNs, w.tcpRules.delayedAckNs);
      const rounds = slowStartRounds(tcp, out.data, w.tcpRules, w.rttNs(0, req.groupIndex), w.sim.nowNs);
      return this.proceed(msg, rounds * w.rttNs(0, req.groupIndex));
    }
    this.proceed(msg);
  }

  /** Slow-start round trips of the proxy's upload to the server (a large PUT body). */
  private uploadRoundsNs(req: Request): number {
    const w = this.world;
    const rtt = w.rttNs(1, req.groupIndex);
    const data = Math.ceil((w.scenario.workload.requestHeaderBytes + req.uploadBytes) / w.reverseMss);
    return slowStartRounds(req.tcp1!.opener, data, w.tcpRules, rtt, w.sim.nowNs) * rtt;
  }

  private readonly afterServerSyn = (req: Request): void => {
    this.walk(this.world.paths.synAck1, this.message('syn-ack', [NO_FLOW, SYN], [false, true], false, req), this.afterServerSynAck);
  };

  private readonly afterServerSynAck = (req: Request): void => {
    const held = req.held!;
    req.held = null;
    this.proceed(held, this.uploadRoundsNs(req));
  };

  private readonly atServer = (req: Request): void => {
    this.world.servers[req.server]!.backend(req);
  };

  /**
   * The object servers have answered: the response goes back along the mode's response path, its
   * first segment carrying the server's delayed ACK of the request unless the timer sent it
   * already, after the slow-start round trips its size needs on this connection. The last
   * response of a connection carries the server's FIN.
   */
  readonly respond = (req: Request): void => {
    const w = this.world;
    const now = w.sim.nowNs;
    const conn = req.conn!;
    const bytes = w.scenario.workload.responseHeaderBytes + req.downloadBytes;
    const c: 0 | 1 = req.tcp1 === null ? 0 : 1;
    const tcp = c === 0 ? conn.tcp : req.tcp1!;
    const first = flow(settlePendingAck(tcp.acceptor, now, w.tcpRules.delayedAckNs), bytes, w.reverseMss);
    const flows = c === 0 ? [first, NO_FLOW] : [flow(0, bytes, w.reverseMss), first];
    const msg = this.message('response', flows, [false, false], false, req);
    msg.closes[0] = conn.requestsLeft === 0;
    msg.closes[1] = req.closes1;
    const rtt = w.rttNs(c, req.groupIndex);
    this.walk(w.paths.response, msg, this.complete, slowStartRounds(tcp.acceptor, first.data, w.tcpRules, rtt, now) * rtt);
  };

  private readonly complete = (req: Request): void => {
    const w = this.world;
    const conn = req.conn!;
    const group = w.scenario.workload.groups[req.groupIndex]!;
    this.collector.complete(req, w.sim.nowNs, group.timeoutNs);
    if (this.onComplete !== null) this.onComplete(req, w.sim.nowNs);
    if (w.path.selection === 'per-request' && req.server >= 0) w.proxies[conn.frontEnd]!.finish(req.server, req.closes1 ? null : req.tcp1);
    const client = w.groups[req.groupIndex]!.clients[req.clientIndex]!;
    if (w.path.selection === 'client') client.dests![req.server]!.activeConns--;
    if (conn.requestsLeft > 0) client.idle.push(conn);
    else if (w.path.selection === 'per-connection') w.directors[conn.frontEnd]!.close(conn);
    this.finished(req, client);
  };

  private fail(req: Request): void {
    this.collector.fail(req, this.world.sim.nowNs);
    this.finished(req, this.world.groups[req.groupIndex]!.clients[req.clientIndex]!);
  }

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
