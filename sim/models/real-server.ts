import type { ServerCosts } from '../calibration/profile.js';
import type { Sampler } from '../engine/distributions.js';
import { PsResource } from '../engine/resource.js';
import type { Simulator } from '../engine/simulator.js';
import type { Leg } from '../modes/path-spec.js';
import { NetNode, bytesPerNs } from '../net/node.js';
import { type FlowCount, aggregatesOf, ipBytes } from '../net/packets.js';
import { STREAM, type ServerEnd, type StreamStage } from '../net/route.js';
import type { Train } from '../net/train.js';
import type { ObjectServers } from './object-servers.js';
import type { Connection, Request } from './request.js';
import { type SwiftAdmission, type SwiftApp, SwiftWorkers } from './swift-workers.js';
import type { Tls } from './tls.js';

/**
 * A real server: an OpenStack Swift proxy. It runs each request on its cores (per request, per
 * byte, per packet), then talks to the object servers behind it over a separate back-end NIC:
 * a GET reads the object from one replica, a PUT streams it to every replica and answers once
 * a quorum has written it. The proxy streams, it does not spool (docs/model.md, Swift; docs/sources.md §7).
 * Connections and each request's application work go through its worker processes
 * (swift-workers.ts); the application work per request is the method's mean times a draw from
 * the scenario's service-time shape, so a server is an M/G/c node when the shape is not constant.
 */
export class RealServer implements ServerEnd, SwiftApp {
  readonly backendRx: PsResource;
  readonly backendTx: PsResource;
  readonly workers: SwiftWorkers;

  constructor(
    private readonly sim: Simulator,
    readonly index: number,
    readonly node: NetNode,
    private readonly costs: ServerCosts,
    backendNicBps: number,
    private readonly replicas: number,
    private readonly backendLatencyNs: Sampler,
    private readonly decapsulates: boolean,
    admission: SwiftAdmission,
    /** Unit-mean multiplier of the method's application work, one draw per request. */
    private readonly serviceShape: Sampler,
  ) {
    this.workers = new SwiftWorkers(sim, node, admission, this);
    const rate = bytesPerNs(backendNicBps);
    this.backendRx = new PsResource(sim, `${node.id}.backend-rx`, node.id, 'nic-rx', rate);
    this.backendTx = new PsResource(sim, `${node.id}.backend-tx`, node.id, 'nic-tx', rate);
  }

  /** Receive softirq work: the stack per packet (per GRO aggregate), decapsulation, per IP byte. */
  receiveKernelCost(train: Train, legIn: Leg): number {
    const c = this.costs;
    const flow = train.flows[legIn.conn]!;
    return this.stackUnits(flow, c.gro) * (c.kernelNsPerPacket + (this.decapsulates ? c.decapNsPerPacket : 0)) + this.kernelBytes(flow, legIn);
  }

  /**
   * CPU for packets arriving (a new connection's accept too); the request's own work is the
   * worker's. With RSS the receive softirq part runs on its queue's core instead (`rss`).
   */
  receiveCost(train: Train, legIn: Leg): number {
    const c = this.costs;
    const flow = train.flows[legIn.conn]!;
    let ns = (this.node.rxQueues === null ? this.receiveKernelCost(train, legIn) : 0) + flow.payloadBytes * c.nsPerByte;
    const tls = this.tls;
    if (tls !== null) ns += tls.recordsNs(legIn.conn, flow.payloadBytes);
    if (train.carriesRequest && train.opens[legIn.conn] === true) {
      ns += c.connectionNs;
      // The TLS handshake of a new encrypted connection: the client's (full or resumed), or haproxy's (resumed).
      if (tls !== null) ns += tls.handshakeNs(legIn.conn, legIn.conn === 0 ? (train.context as Request).conn!.tlsResumed : true);
    }
    return ns;
  }

  /** CPU for packets sent (the response body streams through the Swift proxy's Python code). */
  sendCost(train: Train, legOut: Leg): number {
    const flow = train.flows[legOut.conn]!;
    return this.stackUnits(flow, this.costs.tso) * this.costs.kernelNsPerPacket + this.kernelBytes(flow, legOut) + flow.payloadBytes * this.costs.nsPerByte + (this.tls?.recordsNs(legOut.conn, flow.payloadBytes) ?? 0);
  }

  /** TLS on the connections this server terminates (set by the world; null: TLS off). */
  tls: Tls | null = null;

  /** TCP/IP header bytes per packet (set by the world: 52 with timestamps). */
  headerBytes = 52;
  /** Full-size encapsulated packets arrive as two fragments (LVS-TUN with pmtu_disc = 0; set by the world). */
  fragmentEncapsulated = false;

  /**
   * Kernel per-byte work on the IP bytes a leg carries: payload, TCP/IP headers and, on a
   * tunnelled leg, the 20 B outer header (and the fragments' extra headers) the server strips.
   */
  private kernelBytes(f: FlowCount, leg: Leg): number {
    if (this.costs.kernelNsPerByte === 0) return 0;
    return ipBytes(f, this.headerBytes, leg.extraHeaderBytes, this.fragmentEncapsulated && leg.extraHeaderBytes > 0) * this.costs.kernelNsPerByte;
  }

  /** Full-size segments per GRO/TSO aggregate (set by the world from the MSS). */
  perAggregate = 1;

  /** Packets the kernel handles one by one: header-only segments, and data per aggregate with offload. */
  private stackUnits(f: FlowCount, offload: boolean): number {
    return f.ctrl + aggregatesOf(f.data, offload, this.perAggregate);
  }

  /** The object servers as separate nodes (set by the world when faults target them); null: the latency model alone. */
  objects: ObjectServers | null = null;

  /** Called when the object servers have answered a request (set by the request flow). */
  onBackendDone: (req: Request) => void = () => {};

  /** A request arrived on `conn`: its worker runs it, then the object servers answer. */
  receive(req: Request, conn: Connection): void {
    this.workers.process(req, conn);
  }

  /**
   * The object servers' part once a request has been parsed: their first-byte latency, after which
   * the response starts. A GET reads from one replica and its body streams in over the back-end
   * NIC chunk by chunk while earlier chunks go out to the client (the response path's first stage,
   * `streamFrom`); a PUT body has already streamed to every replica chunk by chunk as it arrived
   * (`streamTo`), and the answer waits for a quorum ((n+1)//2 of n, Swift's quorum_size): the
   * quorum-th fastest of n replica latencies. Nothing waits for a whole object.
   */
  /** A request's application work (ns): the method's mean times this request's draw of the shape. */
  appNs(req: Request): number {
    return this.costs.requestNs[req.method] * this.serviceShape();
  }

  /** Called by the worker once the request's application work is done (see `receive`). */
  backend(req: Request): void {
    if (this.objects !== null) {
      const o = this.objects.serve(this.index, req.method === 'PUT', this.backendLatencyNs);
      if (!o.ok) {
        req.serverError = true;
        req.faultIndex = o.faultIndex;
      }
      this.sim.schedule(Math.max(0, Math.round(o.latencyNs)), this.onBackendDone, req);
      return;
    }
    const latencyNs = req.method === 'PUT' ? this.quorumLatencyNs() : this.backendLatencyNs();
    this.sim.schedule(Math.max(0, Math.round(latencyNs)), this.onBackendDone, req);
  }

  private quorumLatencyNs(): number {
    const samples: number[] = [];
    for (let i = 0; i < this.replicas; i++) samples.push(this.backendLatencyNs());
    samples.sort((a, b) => a - b);
    return samples[Math.floor((this.replicas + 1) / 2) - 1]!;
  }
}

/** Back-end bytes a response train brings from an object server (a GET body), for a leg on connection `conn`; at whichever server the train is at. */
export function backendStreamIn(conn: 0 | 1): StreamStage {
  return { kind: STREAM, inbound: true, bytes: (t) => {
    const req = t.context as Request;
    return req.method === 'GET' && !req.serverError ? t.flows[conn]!.payloadBytes : 0;
  } };
}

/** Back-end bytes a request train sends on to the `replicas` object servers (a PUT body, once per replica). */
export function backendStreamOut(conn: 0 | 1, replicas: number): StreamStage {
  return { kind: STREAM, inbound: false, bytes: (t) => ((t.context as Request).method === 'PUT' ? t.flows[conn]!.payloadBytes * replicas : 0) };
}
