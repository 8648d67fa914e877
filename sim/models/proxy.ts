import type { Balancer, Destination } from '../balancing/balancer.js';
import type { ProxyCosts } from '../calibration/profile.js';
import type { Leg } from '../modes/path-spec.js';
import type { NetNode } from '../net/node.js';
import { packetsOf } from '../net/packets.js';
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
  private readonly idle: number[];

  constructor(
    readonly node: NetNode,
    private readonly costs: ProxyCosts,
    readonly dests: Destination[],
    readonly balancer: Balancer,
    private readonly reuse: boolean,
    private readonly splice: boolean,
  ) {
    this.idle = new Array<number>(dests.length).fill(0);
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
    if (inFlow !== null) ns += packetsOf(inFlow) * c.kernelNsPerPacket + this.userSide(inFlow.payloadBytes);
    if (outFlow !== null) ns += packetsOf(outFlow) * c.kernelNsPerPacket + this.userSide(outFlow.payloadBytes);
    if (train.carriesRequest && legIn !== null && legIn.conn === 0) {
      ns += c.requestNs;
      if (train.opens[0] === true) ns += c.connectionNs; // accept() of the client's connection
      if (train.opens[1] === true) ns += c.connectionNs; // connect() to the server
    }
    return ns;
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

  /** Takes an idle server connection if reuse allows one; false: a new connection is needed. */
  takeServerConnection(server: number): boolean {
    if (this.reuse && this.idle[server]! > 0) {
      this.idle[server]!--;
      return true;
    }
    return false;
  }

  /** The response is back: the server connection returns to the pool (or was closed per request). */
  finish(server: number): void {
    this.dests[server]!.activeConns--;
    if (this.reuse) this.idle[server]!++;
  }

  /** A request lost to a fault: the server no longer counts it; its server connection is not reused. */
  abandon(server: number): void {
    this.dests[server]!.activeConns--;
  }

  get reusesConnections(): boolean {
    return this.reuse;
  }
}
