import type { Client } from './client.js';
import { addressOf, clientExpiryNs } from './dns.js';
import type { Connection, Request } from './request.js';
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

/** What choosing where a request goes leads to, in the request's flow (request-flow.ts). */
export interface SelectionPort {
  /** Send on a connection the client already has open. */
  sendRequest(req: Request, conn: Connection): void;
  /** Open a connection to a front end (`server` -1) or to a server (`frontEnd` -1). */
  connect(req: Request, client: Client, frontEnd: number, server: number, flowHash?: number): void;
  fail(req: Request): void;
}

/**
 * Where a client sends a request, by the mode's selection kind: the first address of a DNS
 * answer (its own cache, else its resolver), the server its own balancer picks from the
 * registry's list (client-side), the VIP's front end (or, behind ECMP, wherever the router hashes a
 * new flow), or the server that won ARP for the VIP. A kept-alive connection to the same place is
 * reused first.
 */
export class Selection {
  /** Trace source: a request's name or membership lookup is answered (before any connection). */
  onLookup: ((req: Request, lookup: Lookup) => void) | null = null;

  constructor(private readonly world: World, private readonly port: SelectionPort) {}

  select(req: Request, client: Client): void {
    const w = this.world;
    const port = this.port;
    switch (w.path.selection) {
      case 'dns': {
        const idle = client.takeAnyIdle();
        if (idle !== null) return port.sendRequest(req, idle);
        return this.resolve(req, client);
      }
      case 'client':
        return this.fromRegistry(req, client);
      case 'arp-winner': {
        const idle = client.takeIdle(-1, w.arpWinner);
        if (idle !== null) return port.sendRequest(req, idle);
        return port.connect(req, client, -1, w.arpWinner);
      }
      case 'per-connection':
      case 'per-request': {
        if (w.ecmp !== null) {
          // One VIP behind ECMP: any idle connection will do; a new one goes where the router hashes it.
          const idle = client.takeAnyIdle();
          if (idle !== null) return port.sendRequest(req, idle);
          const hash = w.ecmp.newFlowHash(client);
          const box = w.ecmp.pick(hash);
          return box < 0 ? port.fail(req) : port.connect(req, client, box, -1, hash);
        }
        const frontEnd = w.frontEndOf(client);
        const idle = w.ha !== null ? client.takeIdleVip(w.ha.vipOf(client)) : client.takeIdle(frontEnd, -1);
        if (idle !== null) return port.sendRequest(req, idle);
        return port.connect(req, client, frontEnd, -1);
      }
    }
  }

  /** Client-side balancing: the registry's list (cached for `refresh`), then the client's own pick. */
  private fromRegistry(req: Request, client: Client): void {
    const w = this.world;
    const port = this.port;
    const refreshNs = w.scenario.registry.refreshNs;
    const pick = () => {
      w.clientBalancer(client);
      const server = client.balancer!.pick({ sourceKey: client.globalIndex, destKey: 0, hashKey: req.id >>> 0 });
      if (server < 0) return port.fail(req);
      client.dests![server]!.activeConns++;
      req.clientCounted = true;
      req.server = server;
      const idle = client.takeIdle(-1, server);
      if (idle !== null) port.sendRequest(req, idle);
      else port.connect(req, client, -1, server);
    };
    const startNs = w.sim.nowNs;
    if (refreshNs !== null && startNs < client.membershipExpiresNs) {
      if (this.onLookup !== null) this.onLookup(req, { service: 'registry', node: w.registry!.node.id, source: 'client-cache', startNs, endNs: startNs, server: -1 });
      return pick();
    }
    w.registry!.lookup((listed) => {
      if (refreshNs !== null) client.membershipExpiresNs = w.sim.nowNs + refreshNs;
      if (this.onLookup !== null) this.onLookup(req, { service: 'registry', node: w.registry!.node.id, source: 'registry', startNs, endNs: w.sim.nowNs, server: -1 });
      w.applyMembership(client, listed);
      pick();
    }, () => {
      // No answer from the registry: a client that has a list keeps using it, stale or not.
      if (client.dests !== null) pick();
      else port.fail(req);
    });
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
      client.dnsAnswer = w.stubOrder(client.groupIndex, answer);
      client.dnsExpiresNs = clientExpiryNs(client.dnsCache, answer, w.sim.nowNs);
      if (this.onLookup !== null) this.onLookup(req, { service: 'dns', node: resolver.id, source: answer.upstream ? 'authoritative' : 'resolver-cache', startNs, endNs: w.sim.nowNs, server: addressOf(client.dnsAnswer, 0) });
      this.connectToAddress(req, client, 0);
    }, () => this.port.fail(req));
  }

  /** Connects to the k-th address of the client's cached answer (k > 0: trying the next after a refusal). */
  connectToAddress(req: Request, client: Client, k: number): void {
    const server = addressOf(client.dnsAnswer!, k);
    if (server < 0) return this.port.fail(req);
    this.port.connect(req, client, -1, server);
  }
}
