import type { RegistryCosts } from '../calibration/profile.js';
import type { Simulator } from '../engine/simulator.js';
import type { NetNode } from '../net/node.js';
import { ETHERNET_OVERHEAD_BYTES, TCP_IP_HEADER_BYTES } from '../net/packets.js';

/**
 * The client-side mode's nameserver: it answers membership lookups (the list of live servers).
 * A lookup crosses the network to it, is received, runs on its cores, and the reply (which grows
 * with the cluster) is sent back: the registry's CPU and NIC are on the request path whenever a
 * client has no fresh copy of the list.
 */
const QUERY_BYTES = 200;

export class Registry {
  constructor(
    private readonly sim: Simulator,
    readonly node: NetNode,
    private readonly costs: RegistryCosts,
    private readonly rttNs: number,
    private readonly members: number,
  ) {}

  get replyBytes(): number {
    return this.costs.replyBaseBytes + this.costs.replyBytesPerMember * this.members;
  }

  lookup(done: () => void): void {
    const half = Math.round(this.rttNs / 2);
    const node = this.node;
    const queryWire = QUERY_BYTES + TCP_IP_HEADER_BYTES + ETHERNET_OVERHEAD_BYTES;
    const replyPackets = Math.ceil(this.replyBytes / 1460);
    const replyWire = this.replyBytes + replyPackets * (TCP_IP_HEADER_BYTES + ETHERNET_OVERHEAD_BYTES);
    this.sim.schedule(half, () => {
      node.traffic.packetsIn++;
      node.traffic.bytesIn += queryWire;
      node.rx!.submit(queryWire, () => {
        node.traffic.cpuNs += this.costs.nsPerLookup;
        node.cpu!.submit(this.costs.nsPerLookup, () => {
          node.traffic.packetsOut += replyPackets;
          node.traffic.bytesOut += replyWire;
          node.tx!.submit(replyWire, () => this.sim.schedule(half, done), undefined);
        }, undefined);
      }, undefined);
    });
  }
}
