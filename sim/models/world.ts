import { type Balancer, type Destination, makeDestination } from '../balancing/balancer.js';
import { makeBalancer } from '../balancing/registry.js';
import type { LvsMode, Method } from '../calibration/profile.js';
import { type Sampler, sampler } from '../engine/distributions.js';
import type { Resource } from '../engine/resource.js';
import { StreamFactory } from '../engine/rng.js';
import type { Simulator } from '../engine/simulator.js';
import { DR_ARP_HIJACKED, MODE_TABLE } from '../modes/mode-table.js';
import type { Leg, ModePath, Role } from '../modes/path-spec.js';
import { NetNode } from '../net/node.js';
import { mssFor, segmentsPerAggregate, tcpHeaderBytes, wirePackets } from '../net/packets.js';
import type { EcmpTier } from '../failure/ecmp-tier.js';
import type { FrontEndHa } from '../failure/front-end-ha.js';
import type { Request } from './request.js';
import type { TcpRules } from '../net/ack-policy.js';
import { RouteRunner, type SoftirqEnd, type Stage, buildLegStages } from '../net/route.js';
import { attachRss } from '../net/rss.js';
import { DEFAULT_CHUNK_BYTES, Transport } from '../net/transport.js';
import type { Train } from '../net/train.js';
import type { Mode } from '../result.js';
import type { Scenario } from '../scenario/types.js';
import { Client } from './client.js';
import { Director } from './director.js';
import { rfc6724Order } from './answer-order.js';
import { type Answer, AuthoritativeDns, CachingResolver, addressOf } from './dns.js';
import { type Path, type PathKind, derivePaths } from './paths.js';
import { CPU_ALL, CPU_PROCESS, CPU_SOFTIRQ, type CpuPart, Proxy } from './proxy.js';
import { RealServer } from './real-server.js';
import { ObjectServers } from './object-servers.js';
import { Registry } from './registry.js';
import { Tls } from './tls.js';

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

/**
 * Stage caches are keyed by (from, to) node indices, one map per (path, leg): below 2^14 nodes of
 * a role the key stays a small integer (V8 Smi), so a lookup allocates nothing.
 */
function roleIndex(role: Role, group: number, frontEnd: number, server: number): number {
  return role === 'client' ? group : role === 'front-end' ? frontEnd : server;
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
  /**
   * stageCache[path id][leg][from][to]: stage lists by the index of the leg's two ends (group,
   * front end or server, whichever role each end has). Dense arrays, so a lookup is three loads.
   */
  private readonly stageCache: (Stage[] | undefined)[][][][] = [];
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
    for (let p = 0; p < 6; p++) this.stageCache.push([]);
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
    return this.servers.map((s, j) => makeDestination(j, s.node.id, this.drained.has(j) ? 0 : this.scenario.topology.servers.weights[j]!));
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

  /** Stages of leg `k` of `path` between the given group, front end and server. */
  stagesFor(path: Path, k: number, group: number, frontEnd: number, server: number): Stage[] {
    const leg = path.legs[k]!;
    const from = roleIndex(leg.from, group, frontEnd, server);
    const to = roleIndex(leg.to, group, frontEnd, server);
    const legs = this.stageCache[path.id]!;
    // Sized once to the roles' counts, so that filling them in any order keeps them dense.
    const byFrom = (legs[k] ??= new Array<(Stage[] | undefined)[]>(this.roleCount(leg.from)));
    const byTo = (byFrom[from] ??= new Array<Stage[] | undefined>(this.roleCount(leg.to)));
    let stages = byTo[to];
    if (stages === undefined) {
      stages = this.buildLeg(path, k, group, frontEnd, server);
      byTo[to] = stages;
    }
    return stages;
  }

  /** How many nodes play `role`: the range of roleIndex for it. */
  private roleCount(role: Role): number {
    return role === 'client' ? this.groups.length : role === 'front-end' ? this.frontEndNodes.length : this.servers.length;
  }

  private buildLeg(path: Path, k: number, group: number, frontEnd: number, server: number): Stage[] {
    const leg = path.legs[k]!;
    const prev = k > 0 ? path.legs[k - 1]! : null;
    const last = k === path.legs.length - 1;
    const nodes: Record<Role, NetNode | null> = {
      client: this.groups[group]!.node,
      'front-end': frontEnd >= 0 ? this.frontEndNodes[frontEnd]! : null,
      server: server >= 0 ? this.servers[server]!.node : null,
    };
    const fragment = this.scenario.lvs.tunPmtu === 'fragment';
    // Work at the sender: a server sending, or a front end that starts the message (legIn null) or
    // forwards it from the previous leg: the crossing is charged where the packets leave.
    // A front end with RSS runs its softirq part on its receive queues and the rest in process context.
    const feQueues = frontEnd >= 0 ? this.frontEndNodes[frontEnd]!.rxQueues : null;
    const fePart: CpuPart = feQueues === null ? CPU_ALL : CPU_PROCESS;
    const senderCost = (role: Role): ((t: Train, legOut: Leg) => number) | null => {
      if (role === 'server') {
        const s = this.servers[server]!;
        return (t, legOut) => s.sendCost(t, legOut);
      }
      if (role === 'front-end') return (t, legOut) => this.frontEndCost(frontEnd, t, prev, legOut, fragment, fePart);
      return null;
    };
    const receiverCost = (role: Role): ((t: Train, legIn: Leg) => number) | null => {
      if (!last) return null;
      if (role === 'server') {
        const s = this.servers[server]!;
        return (t, legIn) => s.receiveCost(t, legIn);
      }
      if (role === 'front-end') return (t, legIn) => this.frontEndCost(frontEnd, t, legIn, null, fragment, fePart);
      return null;
    };
    const feKey = (t: Train, conn: 0 | 1): number => {
      const req = t.context as Request;
      return (conn === 0 ? req.conn! : req.serverConn!).rssKey;
    };
    // The queue is the one the received flow hashes to (for a train that starts here, its own connection's).
    const sourceSoftirq: SoftirqEnd | null = feQueues !== null && leg.from === 'front-end'
      ? { queues: feQueues, cost: (t, legOut) => this.frontEndCost(frontEnd, t, prev, legOut, fragment, CPU_SOFTIRQ), flowKey: (t, legOut) => feKey(t, (prev ?? legOut).conn) }
      : null;
    const feSinkSoftirq: SoftirqEnd | null = feQueues !== null && last && leg.to === 'front-end'
      ? { queues: feQueues, cost: (t, legIn) => this.frontEndCost(frontEnd, t, legIn, null, fragment, CPU_SOFTIRQ), flowKey: (t, legIn) => feKey(t, legIn.conn) }
      : null;
    // Swift streams: a GET body comes in from the object server as the response leaves; a PUT body goes on to the replicas as it arrives.
    const s = server >= 0 ? this.servers[server]! : null;
    const sinkSoftirq = last && leg.to === 'server' && s !== null && s.node.rxQueues !== null
      ? { queues: s.node.rxQueues, cost: (t: Train, legIn: Leg) => s.receiveKernelCost(t, legIn), flowKey: this.rssFlowKey(frontEnd, server) }
      : null;
    const streamIn = s !== null && path.kind === 'response' && k === 0 && leg.from === 'server' ? s.streamFrom(leg.conn) : null;
    const streamOut = s !== null && path.kind === 'request' && last && leg.to === 'server' ? s.streamTo(leg.conn) : null;
    return buildLegStages(leg, {
      nodes,
      clientRttNs: this.scenario.workload.groups[group]!.rttNs,
      lanDelayNs: this.scenario.topology.lanDelayNs,
      sourceCost: senderCost(leg.from),
      sinkCost: receiverCost(leg.to),
      sinkSoftirq: sinkSoftirq ?? feSinkSoftirq,
      sourceSoftirq,
      fragmentEncapsulated: fragment,
      headerBytes: this.headerBytes,
      streamIn,
      streamOut,
    });
  }

  /**
   * What a server's NIC hashes for RSS on a leg: the connection's own 4-tuple, except for
   * IP-in-IP when the NIC hashes the outer header: director → server, the same for every flow.
   */
  private rssFlowKey(frontEnd: number, server: number): (t: Train, legIn: Leg) => number {
    const outerKey = (0x10000 + frontEnd) * 0x10000 + server;
    const inner = this.scenario.topology.servers.rss.tunnelInnerHash;
    return (t, legIn) => {
      if (legIn.extraHeaderBytes > 0 && !inner) return outerKey;
      const req = t.context as Request;
      return (legIn.conn === 0 ? req.conn! : req.serverConn!).rssKey;
    };
  }

  /**
   * A front end's CPU for a train, or one part of it (`part`, with RSS): a director has no
   * application, so all its forwarding is softirq work and its process part is nothing.
   */
  private frontEndCost(f: number, t: Train, legIn: Leg | null, legOut: Leg | null, fragment: boolean, part: CpuPart): number {
    if (this.path.frontEnd === 'director') {
      if (legIn === null || part === CPU_PROCESS) return 0;
      const tier = this.ha ?? this.ecmp;
      if (tier !== null && legIn.from === 'client') tier.packetsIn((t.context as Request).conn!, wirePackets(t.flows[legIn.conn]!, false));
      return this.directors[f]!.cost(t, legIn, legOut, fragment && (legOut?.extraHeaderBytes ?? 0) > 0);
    }
    return this.proxies[f]!.cost(t, legIn, legOut, part);
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
