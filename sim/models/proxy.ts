import type { Balancer, Destination } from '../balancing/balancer.js';
import type { ProxyCosts } from '../calibration/profile.js';
import type { Leg } from '../modes/path-spec.js';
import type { NetNode } from '../net/node.js';
import type { TcpConnection } from '../net/ack-policy.js';
import { type FlowCount, aggregatesOf } from '../net/packets.js';
import type { Train } from '../net/train.js';
import type { Request } from './request.js';

/**
 * An application-layer proxy (haproxy in HTTP mode). It terminates the client's TCP connection,
 * parses each request, picks a server per request and forwards it on a second TCP connection
 * (reused from an idle pool, or opened per request), then copies the response back. Every byte is
 * received into user space and sent out again (two copies, a read and a write per buffer) unless
 * splicing, and the kernel handles the packets of both connections.
 */
export class Proxy {
  /** Idle server-side connections per server, ready for reuse (haproxy http-reuse). */
  private readonly idle: TcpConnection[][];
  /** Full-size segments per GRO/TSO aggregate (set by the world from the MSS). */
  perAggregate = 1;

  constructor(
    readonly node: NetNode,
    private readonly costs: ProxyCosts,
    readonly dests: Destination[],
    private readonly balancer: Balancer,
    private readonly reuse: boolean,
    private readonly splice: boolean,
  ) {
    this.idle = dests.map(() => []);
  }

  /**
   * CPU to carry a train from one side to the other. With legOut null the train ends here (a
   * handshake packet of the client's connection); with a train that starts here, legIn is null.
   */
  cost(train: Train, legIn: Leg | null, legOut: Leg | null): number {
    const c = this.costs;
    const inFlow = legIn === null ? null : train.flows[legIn.conn]!;
    const outFlow = legOut === null ? null : train.flows[legOut.conn]!;
    let ns = 0;
    if (inFlow !== null) ns += this.stackUnits(inFlow, c.gro) * c.kernelNsPerPacket + this.userSide(inFlow.payloadBytes);
    if (outFlow !== null) ns += this.stackUnits(outFlow, c.tso) * c.kernelNsPerPacket + this.userSide(outFlow.payloadBytes);
    if (train.carriesRequest && legIn !== null && legIn.conn === 0) {
      ns += c.requestNs;
      if (train.opens[0] === true) ns += c.acceptNs; // accept() of the client's connection
      if (train.opens[1] === true) ns += c.connectNs; // connect() to the server
    }
    return ns;
  }

  /** Packets the kernel handles one by one: header-only segments, and data per aggregate with offload. */
  private stackUnits(f: FlowCount, offload: boolean): number {
    return f.ctrl + aggregatesOf(f.data, offload, this.perAggregate);
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

  /** Takes an idle server connection if reuse allows one; null: a new connection is needed. */
  takeServerConnection(server: number): TcpConnection | null {
    return this.reuse ? (this.idle[server]!.pop() ?? null) : null;
  }

  /** The response is back: the server connection returns to the pool (or was closed per request). */
  finish(server: number, tcp: TcpConnection | null): void {
    this.dests[server]!.activeConns--;
    if (this.reuse && tcp !== null) this.idle[server]!.push(tcp);
  }

  get reusesConnections(): boolean {
    return this.reuse;
  }
}
