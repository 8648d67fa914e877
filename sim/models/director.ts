import type { Balancer, Destination } from '../balancing/balancer.js';
import type { DirectorCosts, LvsMode } from '../calibration/profile.js';
import { DelayLine } from '../engine/delay-line.js';
import { Gauge } from '../engine/resource.js';
import type { Simulator } from '../engine/simulator.js';
import type { Leg } from '../modes/path-spec.js';
import type { NetNode } from '../net/node.js';
import { aggregatesOf, wirePackets } from '../net/packets.js';
import type { Train } from '../net/train.js';
import type { Connection } from './request.js';

/**
 * An LVS/IPVS director. It schedules each new connection once (on its SYN) and from then on only
 * forwards packets; what it does to them, and which directions it sees, is the mode table's business.
 * Connection accounting follows IPVS: an entry is active while the connection is established and
 * inactive (still in the table, still counted by lc/wlc as 1/256 of an active one) until the FIN
 * timeout expires.
 */
export class Director {
  readonly connTable: Gauge;
  private readonly perPacketNs: number;
  /** Full-size segments per GRO aggregate (set by the world from the MSS). */
  perAggregate = 1;
  /** Inactive entries waiting out the FIN timeout (one delay for all, so a FIFO). */
  private readonly finTimeouts: DelayLine<Destination>;

  constructor(
    sim: Simulator,
    readonly node: NetNode,
    readonly mode: LvsMode,
    private readonly costs: DirectorCosts,
    readonly dests: Destination[],
    private readonly balancer: Balancer,
    finTimeoutNs: number,
    private readonly sourceKey: (conn: Connection) => number,
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
    return units * this.perPacketNs + flow.payloadBytes * this.costs.cpuNsPerByte + (train.kind === 'syn' ? this.costs.cpuNsPerConnection : 0);
  }

  /** On a new connection's SYN: pick a real server and add a table entry. -1: refused (no server, table full). */
  schedule(conn: Connection): number {
    const index = this.balancer.pick({ sourceKey: this.sourceKey(conn), destKey: 0, hashKey: 0 });
    if (index < 0) return -1;
    if (!this.connTable.acquire()) return -1;
    conn.tableEntry = true;
    this.dests[index]!.activeConns++;
    return index;
  }

  /** The client closed: the entry turns inactive and leaves the table after the FIN timeout. */
  close(conn: Connection): void {
    if (!conn.tableEntry) return;
    conn.tableEntry = false;
    const dest = this.dests[conn.server]!;
    dest.activeConns--;
    dest.inactiveConns++;
    this.finTimeouts.start(dest);
  }

  private readonly expire = (dest: Destination): void => {
    dest.inactiveConns--;
    this.connTable.release();
  };
}
