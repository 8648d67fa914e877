import { type Exchange, type FlowCount, SYN, exchangeFor } from '../net/packets.js';
import { NO_FLOW } from '../net/transport.js';
import { Message, type MessageKind } from '../net/train.js';
import type { Collector } from '../stats/collector.js';
import type { Client } from './client.js';
import { type NetNode, REACH_REFUSED, REACH_UP, type Reach } from '../net/node.js';
import type { Train } from '../net/train.js';
import type { FaultLedger } from '../stats/fault-ledger.js';
import { addressOf, clientExpiryNs } from './dns.js';
import type { Path } from './paths.js';
import { Connection, Request } from './request.js';
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

  constructor(
    private readonly world: World,
    private readonly collector: Collector,
    private readonly measureFromNs: number,
    private readonly ledger: FaultLedger | null = null,
  ) {
    for (const server of world.servers) server.onBackendDone = this.respond;
    world.runner.onBlocked = this.blocked;
  }

  get inProgress(): number {
    return this.outstanding;
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
        return this.resolve(req, client);
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
        return w.registry!.lookup((listed) => {
          if (refreshNs !== null) client.membershipExpiresNs = w.sim.nowNs + refreshNs;
          if (this.onLookup !== null) this.onLookup(req, { service: 'registry', node: w.registry!.node.id, source: 'registry', startNs, endNs: w.sim.nowNs, server: -1 });
          w.applyMembership(client, listed);
          pick();
        }, () => {
          // No answer from the registry: a client that has a list keeps using it, stale or not.
          if (client.dests !== null) pick();
          else this.fail(req);
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
        const idle = w.ha !== null ? client.takeIdleVip(w.ha.vipOf(client)) : client.takeIdle(frontEnd, -1);
        if (idle !== null) return this.sendRequest(req, idle);
        return this.connect(req, client, frontEnd, -1);
      }
    }
  }

  /** The client's DNS cache, else its resolver: the server is the first address of the answer. */
  private resolve(req: Request, client: Client): void {
    const w = this.world;
    const startNs = w.sim.nowNs;
    const resolver = w.resolvers[w.scenario.workload.groups[client.groupIndex]!.resolverIndex]!;
    if (client.dnsAnswer !== null && startNs < client.dnsExpiresNs) {
      if (this.onLookup !== null) this.onLookup(req, { service: 'dns', node: resolver.id, source: 'client-cache', startNs, endNs: startNs, server: addressOf(client.dnsAnswer, 0) });
      return this.connectToAddress(req, client, 0);
    }
    resolver.lookup((answer) => {
      client.dnsAnswer = answer;
      client.dnsExpiresNs = clientExpiryNs(client.dnsCache, answer, w.sim.nowNs);
      if (this.onLookup !== null) this.onLookup(req, { service: 'dns', node: resolver.id, source: answer.upstream ? 'authoritative' : 'resolver-cache', startNs, endNs: w.sim.nowNs, server: addressOf(answer, 0) });
      this.connectToAddress(req, client, 0);
    }, () => this.fail(req));
  }

  /** Connects to the k-th address of the client's cached answer (k > 0: trying the next after a refusal). */
  private connectToAddress(req: Request, client: Client, k: number): void {
    const server = addressOf(client.dnsAnswer!, k);
    if (server < 0) return this.fail(req);
    this.connect(req, client, -1, server);
  }

  private connect(req: Request, client: Client, frontEnd: number, server: number): void {
    const w = this.world;
    const conn = new Connection(client.globalIndex, frontEnd, w.scenario.workload.groups[client.groupIndex]!.requestsPerConnection);
    conn.server = server;
    if (server >= 0) conn.serverEpoch = w.servers[server]!.node.epoch;
    if (frontEnd >= 0) conn.frontEndEpoch = w.frontEndNodes[frontEnd]!.epoch;
    if (w.ha !== null) conn.vip = w.ha.vipOf(client);
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

  private sendRequest(req: Request, conn: Connection, opens = false): void {
    const w = this.world;
    req.conn = conn;
    if (!opens && w.ha !== null && conn.frontEnd >= 0) {
      // The address may have moved to another box since the last request: it keeps the connection or resets it.
      const box = w.ha.holderBox(conn.vip);
      if (box !== conn.frontEnd && !w.ha.takeOver(conn, box)) {
        const old = w.frontEndNodes[conn.frontEnd]!;
        req.faultIndex = old.faultIndex >= 0 ? old.faultIndex : old.epochFaultIndex;
        if (w.path.selection !== 'per-request') req.server = conn.server;
        return this.abandon(req, true);
      }
    }
    if (!opens && this.broken(conn)) {
      // A kept-alive connection whose server or front end crashed since: the first packet meets a reset.
      const frontEndBroke = conn.frontEnd >= 0 && w.frontEndNodes[conn.frontEnd]!.epoch !== conn.frontEndEpoch;
      req.faultIndex = (frontEndBroke ? w.frontEndNodes[conn.frontEnd]! : w.servers[conn.server]!.node).epochFaultIndex;
      if (w.path.selection !== 'per-request') req.server = conn.server;
      return this.abandon(req, true);
    }
    if (w.path.selection !== 'per-request') req.server = conn.server;
    conn.requestsLeft--;
    req.exchanges[0] = this.exchange(req, opens, conn.requestsLeft === 0, w.forwardMss);
    this.walk(w.paths.request, this.message('request', [req.exchanges[0].forward, NO_FLOW], [opens, false], true, req), this.atServer);
  }

  private exchange(req: Request, opens: boolean, closes: boolean, forwardMss: number): Exchange {
    const wl = this.world.scenario.workload;
    return exchangeFor({
      forwardBytes: wl.requestHeaderBytes + req.uploadBytes,
      reverseBytes: wl.responseHeaderBytes + req.downloadBytes,
      forwardMss,
      reverseMss: this.world.reverseMss,
      opens,
      closes,
    });
  }

  private message(kind: MessageKind, flows: FlowCount[], opens: boolean[], carriesRequest: boolean, req: Request): Message {
    return new Message(kind, flows, opens, carriesRequest, req, this.legArrived);
  }

  /** Sends `msg` along `path` from its first leg; `then(req)` when it reaches the path's end. */
  private walk(path: Path, msg: Message, then: (req: Request) => void): void {
    msg.path = path;
    msg.leg = 0;
    msg.then = then as (context: unknown) => void;
    this.sendLeg(msg);
  }

  private sendLeg(msg: Message): void {
    const req = msg.context as Request;
    const path = msg.path as Path;
    const leg = path.legs[msg.leg]!;
    // The request leaves for its server: counted as sent there, whatever that server's queue does next.
    if (msg.kind === 'request' && leg.to === 'server') this.collector.dispatch(req, this.world.sim.nowNs);
    this.world.transport.send(msg, leg, this.world.stagesFor(path, msg.leg, req.groupIndex, req.conn!.frontEnd, req.server));
  }

  /** A message crossed a leg: at the path's end it is delivered; mid-path the front end acts first. */
  private readonly legArrived = (msg: Message): void => {
    if ((msg.context as Request).abandoned) return;
    const path = msg.path as Path;
    if (msg.leg + 1 >= path.legs.length) {
      msg.then!(msg.context);
      return;
    }
    this.cross(path, msg, msg.context as Request);
  };

  private proceed(msg: Message): void {
    msg.leg++;
    this.sendLeg(msg);
  }

  /** A message reached a front end mid-path: decisions happen here (the table's selection kind). */
  private cross(path: Path, msg: Message, req: Request): void {
    const w = this.world;
    const conn = req.conn!;
    if (path.kind === 'syn0' && w.path.selection === 'per-connection') {
      const server = w.directors[conn.frontEnd]!.schedule(conn);
      if (server < 0) return this.fail(req);
      conn.server = server;
      req.server = server;
    } else if (path.kind === 'request' && w.path.selection === 'per-request') {
      const proxy = w.proxies[conn.frontEnd]!;
      const server = proxy.pick(req, conn.clientIndex, req.id >>> 0);
      if (server < 0) return this.fail(req);
      const reused = proxy.takeServerConnection(server);
      const serverExchange = this.exchange(req, !reused, !proxy.reusesConnections, w.reverseMss);
      req.exchanges[1] = serverExchange;
      msg.flows[1] = serverExchange.forward;
      msg.opens[1] = !reused;
      if (!reused) {
        req.held = msg;
        return this.walk(w.paths.syn1, this.message('syn', [NO_FLOW, SYN], [false, true], false, req), this.afterServerSyn);
      }
    }
    this.proceed(msg);
  }

  private readonly afterServerSyn = (req: Request): void => {
    this.walk(this.world.paths.synAck1, this.message('syn-ack', [NO_FLOW, SYN], [false, true], false, req), this.afterServerSynAck);
  };

  private readonly afterServerSynAck = (req: Request): void => {
    const held = req.held!;
    req.held = null;
    this.proceed(held);
  };

  private readonly atServer = (req: Request): void => {
    this.world.servers[req.server]!.backend(req);
  };

  /** The object servers have answered: the response goes back along the mode's response path. */
  readonly respond = (req: Request): void => {
    if (req.abandoned) return;
    const flows = [req.exchanges[0]!.reverse, req.exchanges[1]?.reverse ?? NO_FLOW];
    this.walk(this.world.paths.response, this.message('response', flows, [false, false], false, req), this.complete);
  };

  private readonly complete = (req: Request): void => {
    const w = this.world;
    const conn = req.conn!;
    const group = w.scenario.workload.groups[req.groupIndex]!;
    this.collector.complete(req, w.sim.nowNs, group.timeoutNs);
    this.ledger?.complete(req);
    if (this.onComplete !== null) this.onComplete(req, w.sim.nowNs);
    if (w.path.selection === 'per-request' && req.server >= 0) w.proxies[conn.frontEnd]!.finish(req.server);
    const client = w.groups[req.groupIndex]!.clients[req.clientIndex]!;
    if (w.path.selection === 'client') client.dests![req.server]!.activeConns--;
    if (conn.requestsLeft > 0) client.idle.push(conn);
    else if (w.path.selection === 'per-connection') {
      w.directors[conn.frontEnd]!.close(conn);
      w.ha?.forget(conn);
    }
    this.finished(req, client);
  };

  private fail(req: Request): void {
    this.collector.fail(req, this.world.sim.nowNs);
    this.ledger?.fail(req);
    this.finished(req, this.world.groups[req.groupIndex]!.clients[req.clientIndex]!);
  }

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
   * request fails. A lost message is never answered: the client gives up at its deadline.
   */
  private readonly blocked = (train: Train, node: NetNode, reach: Reach): void => {
    const req = train.context as Request;
    if (req.abandoned) return;
    if (req.faultIndex < 0) req.faultIndex = node.faultIndex;
    const w = this.world;
    if (reach === REACH_REFUSED && train.kind === 'syn' && w.path.selection === 'dns' && req.server >= 0) {
      const group = w.scenario.workload.groups[req.groupIndex]!;
      const client = w.groups[req.groupIndex]!.clients[req.clientIndex]!;
      if (group.dnsFailover.reResolve) client.dnsExpiresNs = Number.NEGATIVE_INFINITY;
      if (group.dnsFailover.nextAddress && client.dnsAnswer !== null && req.retries + 1 < client.dnsAnswer.records.length) {
        req.retries++;
        this.ledger?.retry(req);
        return this.connectToAddress(req, client, req.retries);
      }
    }
    this.abandon(req, reach === REACH_REFUSED);
  };

  /** Releases what the request held (as completion would) and ends it now (reset) or at its deadline. */
  private abandon(req: Request, reset: boolean): void {
    const w = this.world;
    req.abandoned = true;
    const conn = req.conn;
    if (conn !== null) {
      if (w.path.selection === 'per-request' && req.server >= 0 && conn.frontEnd >= 0) w.proxies[conn.frontEnd]!.abandon(req.server);
      if (w.path.selection === 'per-connection' && conn.frontEnd >= 0) {
        w.directors[conn.frontEnd]!.close(conn);
        w.ha?.forget(conn);
      }
    }
    const client = w.groups[req.groupIndex]!.clients[req.clientIndex]!;
    if (w.path.selection === 'client' && req.server >= 0 && client.dests !== null) client.dests[req.server]!.activeConns--;
    const group = w.scenario.workload.groups[req.groupIndex]!;
    if (group.dnsFailover.reResolve && w.path.selection === 'dns') client.dnsExpiresNs = Number.NEGATIVE_INFINITY;
    if (reset) return this.fail(req);
    w.sim.schedule(Math.max(0, req.issuedNs + group.timeoutNs - w.sim.nowNs), this.expire, req);
  }

  private readonly expire = (req: Request): void => {
    this.collector.timeOut(req, this.world.sim.nowNs);
    this.ledger?.timeOut(req);
    this.finished(req, this.world.groups[req.groupIndex]!.clients[req.clientIndex]!);
  };

  private finished(req: Request, client: Client): void {
    this.outstanding--;
    const group = this.world.groups[req.groupIndex]!;
    if (group.thinkNs !== null && this.issuing) {
      this.world.sim.schedule(Math.max(0, Math.round(group.thinkNs())), this.resume, client);
    }
    if (this.outstanding === 0 && !this.issuing) this.onIdle?.();
  }

  /** How a session's next request is issued; the runner wraps `issue` to count and cap requests. */
  issueNext: (group: number, client: number) => void = (group, client) => this.issue(group, client);

  private readonly resume = (client: Client): void => {
    if (this.issuing) this.issueNext(client.groupIndex, client.indexInGroup);
  };
}
