import type { Simulator } from '../engine/simulator.js';
import type { World } from '../models/world.js';
import { type NetNode, REACH_LOST, REACH_REFUSED } from '../net/node.js';
import { ETHERNET_OVERHEAD_BYTES, TCP_IP_HEADER_BYTES } from '../net/packets.js';
import type { FaultLedger } from '../stats/fault-ledger.js';
import { type CheckSpec, HealthChecker } from './health-check.js';

/**
 * Health checks run by every front end (a director's keepalived, a haproxy box) against every
 * real server (docs/failure.md §2). A check is a TCP connection: three packets each way when the
 * server answers (SYN / SYN-ACK / ACK, then the close), one each way when it refuses (SYN, RST),
 * one out and nothing back when it is lost. Each packet costs NIC bytes and kernel CPU on the end
 * that sends or receives it, plus a connect() on the checker and an accept() on the server: check
 * traffic competes with requests. A verdict changes the front end's destination list (`up`), as
 * keepalived removes a real server from the IPVS service and haproxy marks it DOWN.
 */
const CHECK_FRAME_BYTES = TCP_IP_HEADER_BYTES + ETHERNET_OVERHEAD_BYTES;

export class FrontEndChecks {
  private readonly checkers: HealthChecker[][] = [];

  constructor(private readonly world: World, private readonly spec: CheckSpec, private readonly ledger: FaultLedger | null) {}

  /** Starts checking; each front end staggers its servers evenly over one check interval. */
  start(): void {
    for (let f = 0; f < this.world.frontEndNodes.length; f++) this.startFrontEnd(f);
  }

  /** The front end's checker died with its box: no checks, no verdicts. */
  stopFrontEnd(f: number): void {
    for (const c of this.checkers[f] ?? []) c.stop();
    this.checkers[f] = [];
  }

  /** A (re)started checker begins with every server up, as keepalived and haproxy do at start. */
  startFrontEnd(f: number): void {
    this.stopFrontEnd(f);
    const w = this.world;
    const dests = w.serverDests[f]!;
    const loopNs = this.spec.style === 'haproxy' ? this.spec.interNs : this.spec.delayLoopNs;
    const n = w.servers.length;
    let changed = false;
    for (const d of dests) {
      if (!d.up) changed = true;
      d.up = true;
    }
    if (changed) w.frontEndBalancer(f).membershipChanged();
    this.checkers[f] = w.servers.map((server, j) => {
      const checker = new HealthChecker(w.sim, this.spec, (done) => probe(w.sim, w.frontEndNodes[f]!, server.node, this.costs(), w.scenario.topology.lanDelayNs, done), (up, nowNs) => {
        dests[j]!.up = up;
        w.frontEndBalancer(f).membershipChanged();
        if (!up) this.ledger?.detected(server.node.faultIndex, nowNs);
      });
      checker.start(Math.floor((loopNs * j) / n));
      return checker;
    });
  }

  private costs(): ProbeCosts {
    const p = this.world.scenario.profile;
    return { checkerNsPerPacket: p.proxy.kernelNsPerPacket, checkerConnectNs: p.proxy.connectNs, serverNsPerPacket: p.server.kernelNsPerPacket, serverAcceptNs: p.server.connectionNs };
  }
}

interface ProbeCosts {
  readonly checkerNsPerPacket: number;
  readonly checkerConnectNs: number;
  readonly serverNsPerPacket: number;
  readonly serverAcceptNs: number;
}

/** Sends `packets` from `from` to `to` (CPU, NIC, wire, NIC, CPU), then `then()`; they vanish at a lost node. */
function hop(sim: Simulator, from: NetNode, to: NetNode, packets: number, fromCpuNs: number, toCpuNs: number, lanDelayNs: number, then: () => void): void {
  const bytes = packets * CHECK_FRAME_BYTES;
  const cpu = (node: NetNode, ns: number, next: () => void) => {
    const scaled = Math.round(ns * node.cpuFactor);
    node.traffic.cpuNs += scaled;
    if (node.cpu !== null && scaled > 0) node.cpu.submitUrgent(scaled, next, undefined);
    else next();
  };
  const nic = (r: NetNode['tx'], next: () => void) => (r !== null ? r.transfer(bytes, packets, next, undefined) : next());
  cpu(from, fromCpuNs, () => {
    from.traffic.packetsOut += packets;
    from.traffic.bytesOut += bytes;
    nic(from.tx, () => sim.schedule(lanDelayNs + from.extraDelayNs + to.extraDelayNs, () => {
      if (to.reach === REACH_LOST) return;
      to.traffic.packetsIn += packets;
      to.traffic.bytesIn += bytes;
      nic(to.rx, () => cpu(to, toCpuNs, then));
    }, undefined));
  });
}

function probe(sim: Simulator, checker: NetNode, server: NetNode, c: ProbeCosts, lanDelayNs: number, done: (ok: boolean) => void): void {
  if (checker.reach === REACH_LOST) return; // a checker cut off from the network hears nothing back
  hop(sim, checker, server, 1, c.checkerNsPerPacket + c.checkerConnectNs, 0, lanDelayNs, () => {
    if (server.reach === REACH_REFUSED) {
      hop(sim, server, checker, 1, c.serverNsPerPacket, c.checkerNsPerPacket, lanDelayNs, () => done(false));
      return;
    }
    // The server's kernel takes the SYN, answers, accepts; the checker completes and closes.
    hop(sim, server, checker, 2, 3 * c.serverNsPerPacket + c.serverAcceptNs, 2 * c.checkerNsPerPacket, lanDelayNs, () => {
      done(true);
      hop(sim, checker, server, 2, 2 * c.checkerNsPerPacket, 2 * c.serverNsPerPacket, lanDelayNs, () => {});
    });
  });
}
