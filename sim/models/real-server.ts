import type { ServerCosts } from '../calibration/profile.js';
import type { Sampler } from '../engine/distributions.js';
import { PsResource } from '../engine/resource.js';
import type { Simulator } from '../engine/simulator.js';
import type { Leg } from '../modes/path-spec.js';
import { NetNode, bytesPerNs } from '../net/node.js';
import { packetsOf } from '../net/packets.js';
import type { Train } from '../net/train.js';
import type { Request } from './request.js';

/**
 * A real server: an OpenStack Swift proxy. It runs each request on its cores (per request, per
 * byte, per packet), then talks to the object servers behind it over a separate back-end NIC:
 * a GET reads the object from one replica, a PUT streams it to every replica and answers once
 * the object servers have written it. The proxy streams, it does not spool (docs/sources.md §7).
 */
export class RealServer {
  readonly backendRx: PsResource;
  readonly backendTx: PsResource;

  constructor(
    private readonly sim: Simulator,
    readonly index: number,
    readonly node: NetNode,
    private readonly costs: ServerCosts,
    backendNicBps: number,
    private readonly replicas: number,
    private readonly backendLatencyNs: Sampler,
    private readonly decapsulates: boolean,
  ) {
    const rate = bytesPerNs(backendNicBps);
    this.backendRx = new PsResource(sim, `${node.id}.backend-rx`, node.id, 'nic-rx', rate);
    this.backendTx = new PsResource(sim, `${node.id}.backend-tx`, node.id, 'nic-tx', rate);
  }

  /** CPU for packets arriving (on the last chunk of a request: the request's own work too). */
  receiveCost(train: Train, legIn: Leg): number {
    const c = this.costs;
    const flow = train.flows[legIn.conn]!;
    const packets = packetsOf(flow);
    let ns = packets * (c.kernelNsPerPacket + (this.decapsulates ? c.decapNsPerPacket : 0)) + flow.payloadBytes * c.nsPerByte;
    if (train.carriesRequest) {
      const req = train.context as Request;
      ns += c.requestNs[req.method];
      if (train.opens[legIn.conn] === true) ns += c.connectionNs;
    }
    return ns;
  }

  /** CPU for packets sent (the response body streams through the Swift proxy's Python code). */
  sendCost(train: Train, legOut: Leg): number {
    const flow = train.flows[legOut.conn]!;
    return packetsOf(flow) * this.costs.kernelNsPerPacket + flow.payloadBytes * this.costs.nsPerByte;
  }

  /** Called when the object servers have answered a request (set by the request flow). */
  onBackendDone: (req: Request) => void = () => {};

  /**
   * Object-server round trip for a request that has been parsed. A GET reads from one replica; a
   * PUT streams to every replica and waits for a quorum ((n+1)//2 of n, Swift's quorum_size), so
   * its latency is the quorum-th fastest of n replica latencies.
   */
  backend(req: Request): void {
    if (req.method === 'GET' && req.objectBytes > 0) this.backendRx.submit(req.objectBytes, this.afterTransfer, req);
    else if (req.method === 'PUT' && req.objectBytes > 0) this.backendTx.submit(req.objectBytes * this.replicas, this.afterTransfer, req);
    else this.afterTransfer(req);
  }

  private readonly afterTransfer = (req: Request): void => {
    const latencyNs = req.method === 'PUT' ? this.quorumLatencyNs() : this.backendLatencyNs();
    this.sim.schedule(Math.max(0, Math.round(latencyNs)), this.onBackendDone, req);
  };

  private quorumLatencyNs(): number {
    const samples: number[] = [];
    for (let i = 0; i < this.replicas; i++) samples.push(this.backendLatencyNs());
    samples.sort((a, b) => a - b);
    return samples[Math.floor((this.replicas + 1) / 2) - 1]!;
  }
}
