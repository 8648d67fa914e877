import { type Balancer, type Destination, makeDestinations } from '../balancing/balancer.js';
import { makeBalancer } from '../balancing/registry.js';
import type { LvsMode, Method } from '../calibration/profile.js';
import { type Sampler, sampler } from '../engine/distributions.js';
import type { Resource } from '../engine/resource.js';
import { StreamFactory } from '../engine/rng.js';
import type { Simulator } from '../engine/simulator.js';
import { DR_ARP_HIJACKED, MODE_TABLE } from '../modes/mode-table.js';
import type { Leg, ModePath } from '../modes/path-spec.js';
import { NetNode } from '../net/node.js';
import { mssFor, segmentsPerAggregate, tcpHeaderBytes } from '../net/packets.js';
import type { EcmpTier } from '../failure/ecmp-tier.js';
import type { FrontEndHa } from '../failure/front-end-ha.js';
import type { TcpRules } from '../net/ack-policy.js';
import { RouteRunner } from '../net/route.js';
import { attachRss } from '../net/rss.js';
import { DEFAULT_CHUNK_BYTES, Transport } from '../net/transport.js';
import type { Mode } from '../result.js';
import type { Scenario } from '../scenario/types.js';
import { Client } from './client.js';
import { Director } from './director.js';
import { rfc6724Order } from './answer-order.js';
import { type Answer, AuthoritativeDns, CachingResolver, addressOf } from './dns.js';
import { type Path, type PathKind, derivePaths } from './paths.js';
import { Proxy } from './proxy.js';
import { RealServer } from './real-server.js';
import { ObjectServers } from './object-servers.js';
import { Registry } from './registry.js';
import { Tls } from './tls.js';
import { LegStages } from './leg-stages.js';

/**
 * Everything one run of one mode needs, wired by the builder below: client groups (one host each,
 * whose NIC is the group's access link), front-end nodes (directors or proxies, per the mode's
 * table row), real servers, and the DNS or registry machinery. Models receive their collaborators
 * here and never look anything up globally.
 */
export interface GroupRuntime {
  readonly index: number;
  readonly node: NetNode;
  readonly clients: Client[];
  readonly interarrivalNs: Sampler | null;
  readonly thinkNs: Sampler | null;
  readonly pickClient: () => number;
  readonly pickMethod: () => Method;
  readonly objectBytes: Sampler;
  readonly clientSideRng: ReturnType<StreamFactory['stream']>;
}

export class World {
  readonly path: ModePath;
  readonly paths: Readonly<Record<PathKind, Path>>;
  readonly runner: RouteRunner;
  readonly transport: Transport;
  readonly groups: GroupRuntime[] = [];
  readonly servers: RealServer[] = [];
  readonly serverDests: Destination[][] = [];
  readonly directors: Director[] = [];
  readonly proxies: Proxy[] = [];
  readonly frontEndNodes: NetNode[] = [];
  readonly resolvers: CachingResolver[] = [];
  readonly authority: AuthoritativeDns | null = null;
  readonly registry: Registry | null = null;
  /** The Swift object servers as nodes; null unless a fault targets one (then the proxies' latency model goes through them). */
  readonly objects: ObjectServers | null = null;
  readonly forwardMss: number;
  /** The real server the gateway's ARP cache resolves the VIP to (DR without ARP suppression). */
  readonly arpWinner: number;
  readonly reverseMss: number;
  /** TCP/IP header bytes per packet (52 with timestamps, 40 without). */
  readonly headerBytes: number;
  readonly perAggregate: number;
  readonly tcpRules: TcpRules;
  /** TLS termination (null: off). */
  readonly tls: Tls | null;
  /** Per group: does a new connection resume a TLS session (a draw from the group's own stream)? */
  private readonly tlsResumeDraws: (() => boolean)[] = [];
  /** The stages of every leg between given ends, built once (leg-stages.ts). */
  readonly legStages: LegStages;
  private readonly streams: StreamFactory;

  constructor(readonly sim: Simulator, readonly scenario: Scenario, readonly mode: Mode, seed: number, replication: number) {
    this.path = mode === 'lvs-dr' && !scenario.lvs.arpIgnore ? DR_ARP_HIJACKED : MODE_TABLE[mode];
    this.paths = derivePaths(this.path);
    this.runner = new RouteRunner(sim);
    this.transport = new Transport(this.runner, DEFAULT_CHUNK_BYTES);
    this.streams = new StreamFactory(seed, replication);
    this.arpWinner = Math.floor(this.streams.stream('gateway/arp-race').next() * scenario.topology.servers.count);
    const topo = scenario.topology;
    const profile = scenario.profile;
    const clampMss = this.path.forwardEncapsulationBytes > 0 && scenario.lvs.tunPmtu === 'clamp-mss';
    const ts = profile.tcp.timestamps;
    this.headerBytes = tcpHeaderBytes(ts);
    this.forwardMss = mssFor(topo.mtuBytes, clampMss ? this.path.forwardEncapsulationBytes : 0, ts);
    this.reverseMss = mssFor(topo.mtuBytes, 0, ts);
    this.perAggregate = segmentsPerAggregate(this.reverseMss);
    this.tcpRules = profile.tcp;
    this.tls = scenario.tls.enabled ? new Tls(profile.tls, scenario.tls, this.path) : null;

    for (let j = 0; j < topo.servers.count; j++) {
      const node = new NetNode(sim, `server-${j}`, topo.servers.cores - topo.servers.rss.irqCores, topo.servers.nicBps, 'nic', topo.servers.nicPps);
      const latency = sampler(topo.backend.latencyNs, this.streams.stream(`server-${j}/backend-latency`));
      const shape = sampler(topo.servers.requestCpuShape, this.streams.stream(`server-${j}/request-cpu`));
      const admission = { workers: topo.servers.workers, maxClients: topo.servers.maxClients, backlog: topo.servers.backlog };
      const server = new RealServer(sim, j, node, profile.server, topo.backend.nicBps, topo.backend.replicas, latency, this.path.serverDecapsulates, admission, shape);
      server.perAggregate = this.perAggregate;
      server.headerBytes = this.headerBytes;
      server.fragmentEncapsulated = scenario.lvs.tunPmtu === 'fragment';
      attachRss(sim, node, topo.servers.rss.queues, topo.servers.rss.irqCores);
      // A server terminates the client's TLS unless haproxy does; behind haproxy, only if it re-encrypts.
      if (this.tls !== null && (this.path.frontEnd !== 'proxy' || this.tls.encrypted[1])) server.tls = this.tls;
      this.servers.push(server);
    }
    if (scenario.faults.some((f) => f.target?.role === 'object')) {
      const b = topo.backend;
      this.objects = new ObjectServers(sim, b.objects, topo.servers.count, b.replicas, 2 * topo.lanDelayNs, this.streams.stream('object-servers/placement'));
      for (const s of this.servers) s.objects = this.objects;
    }
    for (let f = 0; f < (this.path.frontEnd === 'none' ? 0 : topo.frontEnd.count); f++) {
      const rss = topo.frontEnd.rss;
      const node = new NetNode(sim, `${this.path.frontEnd}-${f}`, topo.frontEnd.cores - (rss?.irqCores ?? 0), topo.frontEnd.nicBps, 'nic', topo.frontEnd.nicPps);
      if (rss !== null) attachRss(sim, node, rss.queues, rss.irqCores);
      this.frontEndNodes.push(node);
      const dests = this.newDests();
      this.serverDests.push(dests);
      if (this.path.frontEnd === 'director') {
        const balancer = makeBalancer(scenario.balancing.lvs, dests, this.streams.stream(`front-end-${f}/scheduler`), scenario.balancing.lvsOptions);
        const director = new Director(sim, node, mode as LvsMode, profile.director, dests, balancer, scenario.lvs.finTimeoutNs, (conn) => conn.clientIndex, scenario.lvs);
        director.perAggregate = this.perAggregate;
        director.headerBytes = this.headerBytes;
        this.directors.push(director);
      } else {
        const balancer = makeBalancer(scenario.balancing.proxy, dests, this.streams.stream(`front-end-${f}/scheduler`), scenario.balancing.proxyOptions);
        const limits = { maxconn: scenario.proxy.maxconn, serverMaxconn: scenario.proxy.serverMaxconn, backlog: Math.min(scenario.proxy.maxconn, scenario.topology.servers.somaxconn) };
        const proxy = new Proxy(sim, node, profile.proxy, dests, balancer, scenario.proxy.serverConnections === 'reuse', scenario.proxy.splice, limits);
        proxy.perAggregate = this.perAggregate;
        proxy.headerBytes = this.headerBytes;
        proxy.tls = this.tls;
        this.proxies.push(proxy);
      }
    }

    if (this.path.selection === 'dns') {
      this.authority = new AuthoritativeDns(sim, 'dns-authoritative', scenario.dns.authoritativeCores, profile.dns.authoritativeNsPerQuery, topo.servers.count, scenario.dns.ttlNs);
      for (const r of scenario.dns.resolvers) {
        const orderRng = r.order === 'random' ? this.streams.stream(`resolver-${r.name}/answer-order`) : null;
        this.resolvers.push(new CachingResolver(sim, `resolver-${r.name}`, r, profile.dns.resolverNsPerQuery, this.authority, scenario.dns.authoritativeRttNs, topo.servers.count, orderRng === null ? null : () => orderRng.next()));
      }
    }
    if (this.path.selection === 'client') {
      const node = new NetNode(sim, 'registry', scenario.registry.cores, scenario.registry.nicBps, 'nic', scenario.registry.nicPps);
      this.registry = new Registry(sim, node, profile.registry, scenario.registry.rttNs, topo.servers.count);
    }

    let globalIndex = 0;
    scenario.workload.groups.forEach((g, gi) => {
      const node = new NetNode(sim, `clients-${g.name}`, null, g.accessLinkBps, 'link');
      const base = `group-${g.name}`;
      const cacheWeights = g.dnsCaches.reduce((s, c) => s + c.weight, 0);
      const clients: Client[] = [];
      for (let i = 0; i < g.clients; i++) {
        // Behaviours are assigned by stratified position, not drawn: the mix is exact and costs no stream.
        let acc = 0;
        const position = ((i + 0.5) / g.clients) * cacheWeights;
        const cache = g.dnsCaches.find((c) => (acc += c.weight) > position) ?? g.dnsCaches[g.dnsCaches.length - 1]!;
        clients.push(new Client(globalIndex++, gi, i, cache.cache));
      }
      const pickRng = this.streams.stream(`${base}/client-pick`);
      if (scenario.tls.enabled) {
        const resume = this.streams.stream(`${base}/tls-resume`);
        const fraction = scenario.tls.resumedFraction;
        this.tlsResumeDraws.push(() => resume.next() < fraction);
      } else this.tlsResumeDraws.push(() => false);
      const methodRng = this.streams.stream(`${base}/method`);
      const methods: Method[] = ['GET', 'PUT', 'HEAD', 'DELETE'];
      const cumulative: number[] = [];
      let acc = 0;
      for (const m of methods) cumulative.push((acc += g.mix[m]));
      this.groups.push({
        index: gi,
        node,
        clients,
        interarrivalNs: g.arrival.kind === 'poisson' ? sampler({ kind: 'exponential', mean: 1e9 / g.arrival.ratePerSecond }, this.streams.stream(`${base}/arrivals`)) : null,
        thinkNs: g.arrival.kind === 'closed' ? sampler(g.arrival.thinkNs, this.streams.stream(`${base}/think`)) : null,
        pickClient: () => Math.min(g.clients - 1, Math.floor(pickRng.next() * g.clients)),
        pickMethod: () => {
          const u = methodRng.next() * acc;
          for (let k = 0; k < methods.length; k++) if (u < cumulative[k]!) return methods[k]!;
          return 'GET';
        },
        objectBytes: sampler(g.objectSizeBytes, this.streams.stream(`${base}/object-size`)),
        clientSideRng: this.streams.stream(`${base}/client-side`),
      });
    });
    this.legStages = new LegStages(this);
    this.runner.serverOf = this.legStages.serverOf;
  }

  /** What a stub of group `g` makes of an answer: glibc's RFC 6724 sort puts the servers on its subnet first. */
  stubOrder(g: number, answer: Answer): Answer {
    const sameSubnet = this.scenario.workload.groups[g]!.sameSubnet;
    if (sameSubnet === null || sameSubnet.length === 0) return answer;
    const given = [...Array(answer.records.length).keys()].map((k) => addressOf(answer, k));
    return { ...answer, records: rfc6724Order(given, new Set(sameSubnet)), start: 0 };
  }

  /** A new connection of group g resumes a TLS session (false when TLS is off). */
  tlsResumes(group: number): boolean {
    return this.tlsResumeDraws[group]!();
  }

  /** Extra wait before a new connection c's first request: its TLS handshake's round trips. */
  tlsHandshakeNs(conn: 0 | 1, group: number): number {
    return this.tls === null ? 0 : this.tls.handshakeRounds(conn) * this.rttNs(conn, group);
  }

  /** A fresh destination list over the real servers, with their scheduler weights and no load. */
  private newDests(): Destination[] {
    return makeDestinations(this.servers.map((_, j) => (this.drained.has(j) ? 0 : this.scenario.topology.servers.weights[j]!)), this.servers.map((s) => s.node.id));
  }

  /** A client-side balancer for one client: its own list of servers and its own outstanding counts. */
  clientBalancer(client: Client): void {
    if (client.dests !== null) return;
    client.dests = this.newDests();
    client.balancer = makeBalancer(this.scenario.balancing.client, client.dests, this.groups[client.groupIndex]!.clientSideRng, this.scenario.balancing.clientOptions);
  }

  /** VRRP groups of the front-end boxes (set by the runner when the scenario has `ha`). */
  ha: FrontEndHa | null = null;

  /** The front ends as one ECMP tier (set by the runner when the scenario has `topology.frontEnd.ecmp`). */
  ecmp: EcmpTier | null = null;

  /** Servers drained by a fault (weight 0 in every list, including client-side lists made later). */
  readonly drained = new Set<number>();

  /** Client-side: the membership list from the registry decides which servers the client may pick. */
  applyMembership(client: Client, listed: readonly boolean[]): void {
    this.clientBalancer(client);
    let changed = false;
    for (const d of client.dests!) {
      const up = listed[d.index] === true;
      if (d.up !== up) {
        d.up = up;
        changed = true;
      }
    }
    if (changed) client.balancer!.membershipChanged();
  }

  /** The scheduler of front end `f` (a director's or a proxy's). */
  frontEndBalancer(f: number): Balancer {
    return this.path.frontEnd === 'director' ? this.directors[f]!.balancer : this.proxies[f]!.balancer;
  }

  frontEndOf(client: Client): number {
    if (this.ha !== null) return this.ha.holderBox(this.ha.vipOf(client));
    return this.frontEndNodes.length === 0 ? -1 : client.globalIndex % this.frontEndNodes.length;
  }

  /** The receiver of this leg ends its TCP connection (a director only forwards). */
  terminates(leg: Leg): boolean {
    return leg.to !== 'front-end' || this.path.frontEnd === 'proxy';
  }

  /** The receiving end of a leg aggregates data segments with GRO. */
  receiverGro(leg: Leg): boolean {
    const p = this.scenario.profile;
    return leg.to === 'client' ? p.tcp.clientGro : leg.to === 'server' ? p.server.gro : p.proxy.gro;
  }

  /** Round-trip time of connection c for a client of `group` (slow start rounds cost one each). */
  rttNs(conn: 0 | 1, group: number): number {
    const lan = 2 * this.scenario.topology.lanDelayNs;
    if (conn === 1) return lan;
    return this.scenario.workload.groups[group]!.rttNs + (this.path.frontEnd === 'director' ? lan / 2 : 0);
  }

  /** Every resource of the run, in a stable order (front ends, servers, then the rest). */
  resources(): Resource[] {
    const out: Resource[] = [];
    for (const node of this.frontEndNodes) out.push(...node.resources());
    for (const p of this.proxies) out.push(p.listen.slots, p.listen.acceptQueue, p.queue);
    for (const d of this.directors) out.push(d.connTable);
    for (const s of this.servers) out.push(...s.node.resources(), s.workers.socket.slots, s.workers.socket.acceptQueue, s.backendRx, s.backendTx);
    if (this.registry !== null) out.push(...this.registry.node.resources());
    if (this.authority !== null) out.push(this.authority.cpu);
    for (const r of this.resolvers) out.push(r.cpu);
    for (const g of this.groups) out.push(...g.node.resources());
    return out;
  }

  nodes(): NetNode[] {
    return [...this.groups.map((g) => g.node), ...this.frontEndNodes, ...this.servers.map((s) => s.node), ...(this.registry ? [this.registry.node] : [])];
  }
}
