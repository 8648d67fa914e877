import type { Balancer, Destination } from '../balancing/balancer.js';
import type { DirectorCosts, LvsMode } from '../calibration/profile.js';
import { DelayLine } from '../engine/delay-line.js';
import { Gauge } from '../engine/resource.js';
import type { Simulator } from '../engine/simulator.js';
import type { Leg } from '../modes/path-spec.js';
import type { NetNode } from '../net/node.js';
import { aggregatesOf, ipBytes, wirePackets } from '../net/packets.js';
import type { Train } from '../net/train.js';
import type { Connection } from './request.js';

/**
 * An LVS/IPVS director. It schedules each new connection once (on its SYN) and from then on only
 * forwards packets; what it does to them, and which directions it sees, is the mode table's business.
 * Connection accounting follows IPVS: an entry is active while the connection is established and
 * inactive (still in the table, still counted by lc/wlc as 1/256 of an active one) until the FIN
 * timeout expires.
 *
 * Admission (docs/sources.md §2.3): a real server whose entries (active + inactive) reach the
 * upper threshold is flagged overloaded and skipped by every scheduler until they fall below the
 * lower one; with persistence, a client's new connection goes to the server of its last one
 * while that was less than `persistenceNs` ago.
 */
export interface DirectorLimits {
  /** `-x`: 0 = none. */
  readonly upperThreshold: number;
  /** `-y`: 0 = three quarters of the upper threshold. */
  readonly lowerThreshold: number;
  /** `-p` in ns; 0 = no persistence. */
  readonly persistenceNs: number;
}

export class Director {
  readonly connTable: Gauge;
  private readonly perPacketNs: number;
  /** Persistence templates: client key → server and when the client last used it. */
  private readonly persistent = new Map<number, { server: number; lastNs: number }>();
  /** Full-size segments per GRO aggregate (set by the world from the MSS). */
  perAggregate = 1;
  /** TCP/IP header bytes per packet (set by the world: 52 with timestamps). */
  headerBytes = 52;
  /** Inactive entries waiting out the FIN timeout (one delay for all, so a FIFO), by index in `dests`. */
  private readonly finTimeouts: DelayLine;

  constructor(
    private readonly sim: Simulator,
    readonly node: NetNode,
    readonly mode: LvsMode,
    private readonly costs: DirectorCosts,
    readonly dests: Destination[],
    readonly balancer: Balancer,
    finTimeoutNs: number,
    private readonly sourceKey: (conn: Connection) => number,
    private readonly limits: DirectorLimits = { upperThreshold: 0, lowerThreshold: 0, persistenceNs: 0 },
  ) {
    this.perPacketNs = costs.cpuNsPerPacket[mode];
    this.finTimeouts = new DelayLine(sim, finTimeoutNs, this.expire);
    this.connTable = new Gauge(sim, `${node.id}.conn-table`, node.id, 'conn-table', Math.floor(costs.connTableMemoryBytes / costs.connEntryBytes));
  }

  /** CPU to forward a train (legOut null never happens for a director: it terminates nothing). */
  cost(train: Train, _legIn: Leg, legOut: Leg | null, fragment: boolean): number {
    if (legOut === null) return 0;
    const flow = train.flows[legOut.conn]!;
    // With GRO, IPVS forwards each aggregate once and GSO cuts it again on the way out.
    const units = this.costs.gro ? flow.ctrl + aggregatesOf(flow.data, true, this.perAggregate) : wirePackets(flow, fragment);
    // Per byte: the IP packets as the director sends them on (the outer header included under TUN).
    const bytes = this.costs.cpuNsPerByte === 0 ? 0 : ipBytes(flow, this.headerBytes, legOut.extraHeaderBytes, fragment) * this.costs.cpuNsPerByte;
    return units * this.perPacketNs + bytes + (train.kind === 'syn' ? this.costs.cpuNsPerConnection : 0);
  }

  /** On a new connection's SYN: pick a real server and add a table entry. -1: refused (no server, table full). */
  schedule(conn: Connection): number {
    const key = this.sourceKey(conn);
    const index = this.persistentServer(key) ?? this.balancer.pick({ sourceKey: key, destKey: 0, hashKey: 0 });
    if (index < 0) return -1;
    if (!this.connTable.acquire()) return -1;
    conn.tableEntry = true;
    const dest = this.dests[index]!;
    dest.activeConns++;
    const upper = this.limits.upperThreshold;
    if (upper > 0 && dest.activeConns + dest.inactiveConns >= upper) dest.overloaded = true;
    if (this.limits.persistenceNs > 0) this.persistent.set(key, { server: index, lastNs: this.sim.nowNs });
    return index;
  }

  private persistentServer(key: number): number | undefined {
    if (this.limits.persistenceNs === 0) return undefined;
    const t = this.persistent.get(key);
    if (t === undefined || this.sim.nowNs - t.lastNs >= this.limits.persistenceNs) return undefined;
    const dest = this.dests[t.server]!;
    return dest.up && dest.weight > 0 ? t.server : undefined;
  }

  /** Clears the overload flag once the server's entries fall below the lower threshold. */
  private underThreshold(dest: Destination): void {
    if (!dest.overloaded) return;
    const total = dest.activeConns + dest.inactiveConns;
    const { upperThreshold: upper, lowerThreshold: lower } = this.limits;
    if (lower > 0 ? total < lower : total * 4 < upper * 3) dest.overloaded = false;
  }

  /**
   * Another director of the pair took the connection over (it had learned it by sync): the entry
   * appears here as an active one and vanishes from `from` (whose table died with it).
   */
  adopt(conn: Connection, from: Director): void {
    if (conn.tableEntry) {
      from.dests[conn.server]!.activeConns--;
      from.connTable.release();
    }
    conn.tableEntry = this.connTable.acquire();
    if (conn.tableEntry) this.dests[conn.server]!.activeConns++;
  }

  /** The client closed: the entry turns inactive and leaves the table after the FIN timeout. */
  close(conn: Connection): void {
    if (!conn.tableEntry) return;
    conn.tableEntry = false;
    const dest = this.dests[conn.server]!;
    dest.activeConns--;
    dest.inactiveConns++;
    if (this.limits.persistenceNs > 0) {
      const t = this.persistent.get(this.sourceKey(conn));
      if (t !== undefined && t.server === conn.server) t.lastNs = this.sim.nowNs;
    }
    this.finTimeouts.start(conn.server);
  }

  private readonly expire = (server: number): void => {
    const dest = this.dests[server]!;
    dest.inactiveConns--;
    this.underThreshold(dest);
    this.connTable.release();
  };
}
