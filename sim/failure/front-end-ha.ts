import type { Simulator } from '../engine/simulator.js';
import type { Client } from '../models/client.js';
import type { Connection } from '../models/request.js';
import type { World } from '../models/world.js';
import { REACH_UP } from '../net/node.js';
import { ETHERNET_OVERHEAD_BYTES } from '../net/packets.js';
import type { FaultLedger } from '../stats/fault-ledger.js';
import { SyncChannel, countPacketsIn, defaultSyncSpec } from './ipvs-sync.js';
import { type VrrpSpec, VrrpGroup } from './vrrp.js';

/**
 * Front-end boxes in VRRP groups (docs/failure.md §1, §3). Boxes k·size … k·size + size − 1 share
 * virtual address k; clients are spread over the addresses; the gateway sends an address's
 * traffic to the box its ARP entry names (the group's `vipHolder`). When a connection's next
 * packets reach a box other than the one that opened it, the new box keeps it only if it is a
 * director that learned it from the old one's sync daemon; otherwise it answers with a reset
 * (a haproxy pair shares nothing). Advertisements, gratuitous ARPs and sync messages are packets
 * on the boxes' NICs.
 */
export interface HaSpec {
  readonly vrrp: Omit<VrrpSpec, 'deliveryDelayNs' | 'routers'> & { readonly priorities: readonly number[]; readonly preempt: boolean; readonly preemptDelayNs: number };
  readonly sync: { readonly threshold: number; readonly period: number } | null;
}

const VRRP_FRAME_BYTES = 20 + 20 + ETHERNET_OVERHEAD_BYTES; // IP + VRRP header with one address [D]

export class FrontEndHa {
  readonly groups: VrrpGroup[] = [];
  readonly size: number;
  /** One sync daemon per box, used while it is master; null without sync or for proxies. */
  readonly sync: SyncChannel<Connection>[] | null;
  /** Connections carried over to another box, and those reset because the new box did not know them. */
  survived = 0;
  broken = 0;

  constructor(private readonly world: World, spec: HaSpec, private readonly ledger: FaultLedger | null) {
    const sim: Simulator = world.sim;
    this.size = spec.vrrp.priorities.length;
    const boxes = world.frontEndNodes.length;
    const lan = world.scenario.topology.lanDelayNs;
    for (let g = 0; g * this.size < boxes; g++) {
      const base = g * this.size;
      this.groups.push(new VrrpGroup(sim, {
        version: spec.vrrp.version,
        advertIntervalNs: spec.vrrp.advertIntervalNs,
        deliveryDelayNs: lan,
        garp: spec.vrrp.garp,
        routers: spec.vrrp.priorities.map((priority) => ({ priority, preempt: spec.vrrp.preempt, preemptDelayNs: spec.vrrp.preemptDelayNs })),
      }, {
        onPackets: (k, _kind, packets) => {
          const t = world.frontEndNodes[base + k]!.traffic;
          t.packetsOut += packets;
          t.bytesOut += packets * VRRP_FRAME_BYTES;
        },
        onState: (k, state, nowNs) => {
          if (state !== 'master') return;
          for (let j = 0; j < this.size; j++) {
            const node = world.frontEndNodes[base + j]!;
            if (j !== k && node.reach !== REACH_UP) this.ledger?.detected(node.faultIndex, nowNs);
          }
        },
      }));
    }
    const directors = world.path.frontEnd === 'director';
    this.sync = spec.sync !== null && directors
      ? world.frontEndNodes.map((node) => new SyncChannel<Connection>(sim, { ...defaultSyncSpec(world.scenario.topology.mtuBytes, lan), threshold: spec.sync!.threshold, period: spec.sync!.period }, () => {
        node.traffic.packetsOut++;
        node.traffic.bytesOut += world.scenario.topology.mtuBytes + ETHERNET_OVERHEAD_BYTES;
      }))
      : null;
  }

  start(): void {
    for (const g of this.groups) g.start();
  }

  vipOf(client: Client): number {
    return client.globalIndex % this.groups.length;
  }

  /** The box the gateway sends address `vip`'s packets to. */
  holderBox(vip: number): number {
    return vip * this.size + Math.max(0, this.groups[vip]!.vipHolder);
  }

  /** A box failed or came back (a fault on `front-end-N`): VRRP reacts, its sync daemon's queue dies with it. */
  boxChanged(box: number, kind: 'crash' | 'stop', active: boolean): void {
    const group = this.groups[Math.floor(box / this.size)];
    if (group === undefined) return;
    const k = box % this.size;
    if (active) {
      if (kind === 'stop') group.stop(k);
      else group.crash(k);
      this.sync?.[box]!.masterLost();
    } else group.recover(k);
  }

  /** Inbound packets of a connection at its director (the sync rule counts them). */
  packetsIn(conn: Connection, packets: number): void {
    countPacketsIn(this.sync, conn, packets);
  }

  /** The connection ended: no backup keeps its entry. */
  forget(conn: Connection): void {
    if (this.sync === null || conn.frontEnd < 0) return;
    const base = Math.floor(conn.frontEnd / this.size) * this.size;
    for (let j = 0; j < this.size; j++) this.sync[base + j]!.forget(conn);
  }

  /** The connection's packets now reach `box`: true if that box carries it on, false if it resets it. */
  takeOver(conn: Connection, box: number): boolean {
    const w = this.world;
    const known = this.sync !== null && this.sync[conn.frontEnd]!.knows(conn);
    if (!known) {
      this.broken++;
      return false;
    }
    const from = conn.frontEnd;
    w.directors[box]!.adopt(conn, w.directors[from]!);
    this.sync![from]!.forget(conn);
    conn.frontEnd = box;
    conn.frontEndEpoch = w.frontEndNodes[box]!.epoch;
    // The new master's daemon will sync it onwards by the same rule.
    this.survived++;
    return true;
  }
}
