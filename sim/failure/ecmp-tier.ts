import type { Client } from '../models/client.js';
import type { Connection } from '../models/request.js';
import type { World } from '../models/world.js';
import { REACH_UP } from '../net/node.js';
import type { EcmpResult } from '../result.js';
import { ETHERNET_OVERHEAD_BYTES } from '../net/packets.js';
import type { EcmpSpec } from '../scenario/ecmp-schema.js';
import type { FaultLedger } from '../stats/fault-ledger.js';
import { EcmpGroup, flowHash } from './ecmp.js';
import { SyncChannel, countPacketsIn, defaultSyncSpec } from './ipvs-sync.js';

/**
 * The front ends of a run as one ECMP tier (docs/failure.md §4): every box announces the VIP and
 * the router picks one per flow with sim/failure/ecmp.ts. Each box keeps its own connection table
 * and scheduler state (a director sees only its share of flows).
 *
 * A connection is routed again whenever its next request starts. If the router now sends it to
 * another box, that box carries it on only if
 *   - it learned it by IPVS sync after it came up (every director multicasts to all the others), or
 *   - it is a director with sloppy_tcp on, and its scheduler picks the server the connection
 *     already uses (with `mh` on every director, it always does while their server lists agree);
 * otherwise the box (or the real server behind a wrong pick) answers with a reset and the
 * connection breaks. A haproxy box shares nothing: a moved connection always breaks.
 *
 * Limitation: a response already on its way when the route changes is not re-routed; the
 * connection is judged at its next request.
 */
const EPHEMERAL_FIRST_PORT = 32_768; // Linux ip_local_port_range default 32768..60999
const EPHEMERAL_PORTS = 60_999 - 32_768 + 1;

export class EcmpTier {
  readonly group: EcmpGroup;
  /** One sync daemon per director; null without sync or for proxies. */
  readonly sync: SyncChannel<Connection>[] | null;
  /** Changes of the group so far: a connection first used after a change is counted once. */
  generation = 0;
  /** Connections whose first request after a change found them on a box, moved or not. */
  returned = 0;
  /** Of those, the ones the router sent to another box. */
  moved = 0;
  survivedBySync = 0;
  survivedByScheduler = 0;
  broken = 0;
  private changeFault = -1;
  private readonly upSinceNs: number[];
  private readonly downSeq: number[];
  private readonly nextPort: Int32Array;

  constructor(private readonly world: World, private readonly spec: EcmpSpec, private readonly ledger: FaultLedger | null) {
    const boxes = world.frontEndNodes.length;
    this.group = new EcmpGroup(boxes, spec.hashing, spec.buckets);
    this.upSinceNs = new Array<number>(boxes).fill(0);
    this.downSeq = new Array<number>(boxes).fill(0);
    this.nextPort = new Int32Array(world.groups.reduce((s, g) => s + g.clients.length, 0));
    const lan = world.scenario.topology.lanDelayNs;
    const mtu = world.scenario.topology.mtuBytes;
    this.sync = spec.sync !== null && world.path.frontEnd === 'director'
      ? world.frontEndNodes.map((node) => new SyncChannel<Connection>(world.sim, { ...defaultSyncSpec(mtu, lan), threshold: spec.sync!.threshold, period: spec.sync!.period }, () => {
        node.traffic.packetsOut++;
        node.traffic.bytesOut += mtu + ETHERNET_OVERHEAD_BYTES;
      }))
      : null;
  }

  /** A new connection of `client`: its flow hash (client address, next ephemeral port). */
  newFlowHash(client: Client): number {
    const port = EPHEMERAL_FIRST_PORT + (this.nextPort[client.globalIndex]! % EPHEMERAL_PORTS);
    this.nextPort[client.globalIndex]!++;
    return flowHash(client.globalIndex, port);
  }

  /** The box the router sends a flow to now; -1 when none is live. */
  pick(hash: number): number {
    return this.group.pick(hash);
  }

  /**
   * A kept-alive connection is about to carry a request: true if it goes on (on its box, or
   * carried over to the box the router now picks), false if it breaks (a reset).
   */
  route(conn: Connection): boolean {
    const fresh = conn.routeGeneration !== this.generation;
    conn.routeGeneration = this.generation;
    const box = this.group.pick(conn.flowHash);
    if (fresh) this.returned++;
    if (box === conn.frontEnd || box < 0) return true;
    this.moved++;
    const w = this.world;
    const from = conn.frontEnd;
    const director = w.path.frontEnd === 'director';
    let carried = false;
    if (director && this.sync !== null && this.sync[from]!.learnedAtNs(conn) >= this.upSinceNs[box]!) {
      this.survivedBySync++;
      carried = true;
    } else if (director && this.spec.sloppyTcp) {
      // The new director schedules the packet as if it opened the connection: fine only if it picks the same server.
      const server = w.directors[box]!.balancer.pick({ sourceKey: conn.clientIndex, destKey: 0, hashKey: 0 });
      if (server === conn.server) {
        this.survivedByScheduler++;
        carried = true;
      }
    }
    if (!carried) {
      this.broken++;
      return false;
    }
    w.directors[box]!.adopt(conn, w.directors[from]!);
    this.sync?.[from]!.forget(conn);
    conn.frontEnd = box;
    conn.frontEndEpoch = w.frontEndNodes[box]!.epoch;
    return true;
  }

  result(): EcmpResult {
    return { returned: this.returned, moved: this.moved, survivedBySync: this.survivedBySync, survivedByScheduler: this.survivedByScheduler, broken: this.broken };
  }

  /** The fault whose change of the group moved connections last (charged for the resets). */
  get faultIndex(): number {
    return this.changeFault;
  }

  /**
   * A box failed or came back (a fault on `front-end-N`). A crash or a cut is noticed by the
   * router after the detection time; a clean stop withdraws the route at once; a box that comes
   * back announces it at once.
   */
  boxChanged(box: number, kind: string, active: boolean, faultIndex: number): void {
    const sim = this.world.sim;
    const seq = ++this.downSeq[box]!;
    if (active) {
      this.sync?.[box]!.masterLost();
      const withdraw = (): void => {
        if (this.downSeq[box] !== seq || this.world.frontEndNodes[box]!.reach === REACH_UP) return;
        this.change(faultIndex, () => this.group.remove(box));
        this.ledger?.detected(faultIndex, sim.nowNs);
      };
      if (kind === 'stop') withdraw();
      else sim.schedule(this.spec.detectionNs, withdraw, undefined);
      return;
    }
    this.upSinceNs[box] = sim.nowNs;
    this.change(faultIndex, () => this.group.add(box));
  }

  private change(faultIndex: number, apply: () => void): void {
    apply();
    this.generation++;
    this.changeFault = faultIndex;
  }

  /** Inbound packets of a connection at its director (the sync rule counts them). */
  packetsIn(conn: Connection, packets: number): void {
    countPacketsIn(this.sync, conn, packets);
  }

  /** The connection ended: no director keeps its entry. */
  forget(conn: Connection): void {
    if (this.sync === null || conn.frontEnd < 0) return;
    for (const s of this.sync) s.forget(conn);
  }
}
