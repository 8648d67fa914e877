import { type Endpoints, type PacketHeaders, type TracePacket, expandPackets, headersFor } from '../net/headers.js';
import { wireBytes, wirePackets } from '../net/packets.js';
import type { PsResource } from '../engine/resource.js';
import type { NicResource } from '../net/nic.js';
import { CPU, DELAY, NIC, SOFTIRQ, STREAM, type Stage, type StageSite } from '../net/route.js';
import type { Message, Train } from '../net/train.js';
import type { Path } from '../models/paths.js';
import type { Lookup } from '../models/selection.js';
import type { Request } from '../models/request.js';
import type { World } from '../models/world.js';

/**
 * One request followed hop by hop: every message (SYN, SYN-ACK, request, response, the proxy's own
 * handshake), every leg with the headers its packets carry, and every stage with its service time
 * and its wait (queueing for a CPU, sharing a NIC). Plain JSON, read by `lbsim trace`.
 */
export interface TraceStep {
  readonly node: string;
  readonly resource: string;
  readonly what: 'cpu' | 'tx' | 'rx' | 'propagation' | 'backend';
  readonly startMs: number;
  readonly serviceUs: number;
  readonly waitUs: number;
  readonly chunk: number;
}

export interface TraceLeg {
  /** 0: the client's TCP connection; 1: the proxy's own connection to the server. */
  readonly connection: 0 | 1;
  readonly from: string;
  readonly to: string;
  readonly link: string;
  readonly headers: PacketHeaders;
  readonly packets: readonly TracePacket[];
  readonly steps: TraceStep[];
}

export interface TraceMessage {
  readonly kind: string;
  readonly connection: 0 | 1;
  readonly legs: TraceLeg[];
}

/** The name or membership lookup the request needed before its connection (DNS, registry). */
export interface TraceLookup {
  readonly service: Lookup['service'];
  /** The node that answers (a resolver, the registry); not asked when `source` is 'client-cache'. */
  readonly node: string;
  readonly source: Lookup['source'];
  readonly startMs: number;
  readonly endMs: number;
  /** DNS: the server whose address the answer put first; null for a membership list. */
  readonly server: string | null;
}

export interface RequestTrace {
  readonly mode: string;
  readonly title: string;
  readonly requestId: number;
  readonly method: string;
  readonly objectBytes: number;
  readonly client: string;
  server: string;
  readonly issuedMs: number;
  completedMs: number | null;
  /** Lookups before the first packet, in the order they were answered (empty for the VIP modes). */
  readonly lookups: TraceLookup[];
  readonly messages: TraceMessage[];
}

const NS_PER_MS = 1e6;

export class RequestTracer {
  private targetId = -1;
  private trace: RequestTrace | null = null;
  private readonly messages = new Map<Message, TraceMessage>();
  private readonly legs = new Map<Message, Map<number, TraceLeg>>();
  /** Lookups of requests that may yet become the traced one (dropped once it is chosen). */
  private pendingLookups = new Map<number, TraceLookup[]>();

  /** Follows the first request issued at or after `fromNs` that opens a new connection. */
  constructor(private readonly world: World, private readonly fromNs: number) {}

  get result(): RequestTrace | null {
    return this.trace;
  }

  readonly observe = (train: Train, stage: Stage, enteredNs: number, leftNs: number, site: StageSite): void => {
    const req = train.context as Request;
    if (this.targetId < 0) {
      if (train.kind !== 'syn' || (train.message.path as Path).kind !== 'syn0' || req.issuedNs < this.fromNs) return;
      this.start(req);
    }
    if (req.id !== this.targetId) return;
    const leg = this.legOf(train);
    const elapsedNs = leftNs - enteredNs;
    const { node, resource } = site;
    const nic = stage.kind === NIC ? (resource as NicResource | null) : null;
    const serviceNs = stage.kind === CPU || stage.kind === SOFTIRQ ? stage.cost(train) : stage.kind === NIC ? (nic === null ? 0 : nic.lineBytes(wireBytes(train.flows[stage.leg.conn]!, stage.headerBytes, stage.leg.extraHeaderBytes, stage.fragment), wirePackets(train.flows[stage.leg.conn]!, stage.fragment)) / nic.ratePerNs) : stage.kind === STREAM ? stage.bytes(train) / (resource as PsResource).ratePerNs : stage.delayNs;
    leg.steps.push({
      node: stage.kind === DELAY ? `${leg.from} → ${leg.to}` : node!.id,
      resource: stage.kind === DELAY ? `${leg.link} link` : (resource?.id ?? `${node!.id} (unlimited link)`),
      what: stage.kind === CPU || stage.kind === SOFTIRQ ? 'cpu' : stage.kind === DELAY ? 'propagation' : stage.kind === STREAM ? 'backend' : stage.inbound ? 'rx' : 'tx',
      startMs: enteredNs / NS_PER_MS,
      serviceUs: serviceNs / 1e3,
      waitUs: Math.max(0, elapsedNs - serviceNs) / 1e3,
      chunk: train.chunkIndex,
    });
  };

  /** Subscribed to the request flow's lookup source: remembers lookups until the target is known. */
  readonly lookup = (req: Request, l: Lookup): void => {
    if (this.targetId >= 0 || req.issuedNs < this.fromNs) return;
    const record: TraceLookup = { service: l.service, node: l.node, source: l.source, startMs: l.startNs / NS_PER_MS, endMs: l.endNs / NS_PER_MS, server: l.server >= 0 ? `server-${l.server}` : null };
    const list = this.pendingLookups.get(req.id);
    if (list === undefined) this.pendingLookups.set(req.id, [record]);
    else list.push(record);
  };

  /** Called when the traced request's response reaches the client. */
  finish(req: Request, nowNs: number): void {
    if (this.trace !== null && req.id === this.targetId) {
      this.trace.completedMs = nowNs / NS_PER_MS;
      this.trace.server = req.server >= 0 ? `server-${req.server}` : 'none';
    }
  }

  private start(req: Request): void {
    this.targetId = req.id;
    const group = this.world.scenario.workload.groups[req.groupIndex]!;
    this.trace = {
      mode: this.world.mode,
      title: this.world.path.title,
      requestId: req.id,
      method: req.method,
      objectBytes: req.objectBytes,
      client: `${group.name}/${req.clientIndex}`,
      server: 'pending',
      issuedMs: req.issuedNs / NS_PER_MS,
      completedMs: null,
      lookups: this.pendingLookups.get(req.id) ?? [],
      messages: [],
    };
    this.pendingLookups = new Map();
  }

  private legOf(train: Train): TraceLeg {
    const msg = train.message;
    const path = msg.path as Path;
    const leg = path.legs[train.leg]!;
    let message = this.messages.get(msg);
    if (message === undefined) {
      message = { kind: msg.kind, connection: leg.conn, legs: [] };
      this.messages.set(msg, message);
      this.legs.set(msg, new Map());
      this.trace!.messages.push(message);
    }
    const byIndex = this.legs.get(msg)!;
    let traced = byIndex.get(train.leg);
    if (traced === undefined) {
      const req = msg.context as Request;
      const conn = req.conn!;
      const endpoints: Endpoints = { client: `203.0.113.${1 + (conn.clientIndex % 250)}`, clientPort: 40_000 + (req.id % 20_000), frontEnd: conn.frontEnd, server: req.server, proxyPort: 50_000 + (req.id % 10_000) };
      const name = (role: string) => (role === 'client' ? `clients-${this.world.scenario.workload.groups[req.groupIndex]!.name}` : role === 'front-end' ? `${this.world.path.frontEnd}-${conn.frontEnd}` : `server-${req.server}`);
      const mss = leg.from === 'client' || (leg.from === 'front-end' && leg.to === 'server') ? this.world.forwardMss : this.world.reverseMss;
      traced = {
        connection: leg.conn,
        from: name(leg.from),
        to: name(leg.to),
        link: leg.link,
        headers: headersFor(this.world.path, leg, endpoints),
        packets: expandPackets(msg, leg.conn, mss, this.world.headerBytes, leg.extraHeaderBytes),
        steps: [],
      };
      byIndex.set(train.leg, traced);
      message.legs.push(traced);
    }
    return traced;
  }
}
