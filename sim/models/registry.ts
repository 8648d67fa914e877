import type { RegistryCosts } from '../calibration/profile.js';
import type { Simulator } from '../engine/simulator.js';
import { type NetNode, REACH_REFUSED, REACH_UP } from '../net/node.js';
import { ETHERNET_OVERHEAD_BYTES, TCP_IP_HEADER_BYTES } from '../net/packets.js';

/**
 * The client-side mode's nameserver: it answers membership lookups (the list of live servers).
 * A lookup crosses the network to it, is received, runs on its cores, and the reply (which grows
 * with the cluster) is sent back: the registry's CPU and NIC are on the request path whenever a
 * client has no fresh copy of the list.
 */
const QUERY_BYTES = 200;

/** A client gives up on a registry that does not answer after this long [A] (docs/failure.md §5). */
export const REGISTRY_TIMEOUT_NS = 5e9;

export class Registry {
  /** Which servers the registry lists (a fault can remove some); shared, replaced on change. */
  listed: readonly boolean[];
  private listedCount: number;

  constructor(
    private readonly sim: Simulator,
    readonly node: NetNode,
    private readonly costs: RegistryCosts,
    private readonly rttNs: number,
    members: number,
  ) {
    this.listed = Object.freeze(new Array<boolean>(members).fill(true));
    this.listedCount = members;
  }

  setListed(server: number, listed: boolean): void {
    const next = [...this.listed];
    next[server] = listed;
    this.listed = Object.freeze(next);
    this.listedCount = next.filter(Boolean).length;
  }

  get replyBytes(): number {
    return this.costs.replyBaseBytes + this.costs.replyBytesPerMember * this.listedCount;
  }

  /** `done(listed)` with the membership list, or `failed` after the client's timeout when the registry is unreachable. */
  lookup(done: (listed: readonly boolean[]) => void, failed: () => void): void {
    const half = Math.round(this.rttNs / 2);
    const node = this.node;
    if (node.reach !== REACH_UP) {
      this.sim.schedule(node.reach === REACH_REFUSED ? 2 * half : REGISTRY_TIMEOUT_NS, failed, undefined);
      return;
    }
    const extraNs = 2 * node.extraDelayNs;
    const queryWire = QUERY_BYTES + TCP_IP_HEADER_BYTES + ETHERNET_OVERHEAD_BYTES;
    const replyPackets = Math.ceil(this.replyBytes / 1460);
    const replyWire = this.replyBytes + replyPackets * (TCP_IP_HEADER_BYTES + ETHERNET_OVERHEAD_BYTES);
    this.sim.schedule(half + extraNs, () => {
      node.traffic.packetsIn++;
      node.traffic.bytesIn += queryWire;
      node.rx!.transfer(queryWire, 1, () => {
        node.traffic.cpuNs += this.costs.nsPerLookup;
        node.cpu!.submit(this.costs.nsPerLookup, () => {
          node.traffic.packetsOut += replyPackets;
          node.traffic.bytesOut += replyWire;
          const listed = this.listed;
          node.tx!.transfer(replyWire, replyPackets, () => this.sim.schedule(half, done, listed), undefined);
        }, undefined);
      }, undefined);
    });
  }
}
