import { type NetNode, REACH_LOST, REACH_REFUSED, REACH_UP } from '../net/node.js';
import type { World } from '../models/world.js';
import type { Fault } from '../scenario/faults.js';

/**
 * Applies a scenario's faults to a built World at their times (docs/failure.md §5). A fault only
 * changes state that the ordinary paths already read: a node's reach (packets answered normally,
 * lost, or refused with a reset), its CPU factor and extra delay, a server's weight, the DNS
 * records, the registry's list, a resolver's availability. Nothing in the request flow knows
 * which fault is active. A fault on a node the mode does not have (a front end under rr-dns)
 * changes nothing.
 *
 * `onChange(index, active)` tells the caller (health checks, VRRP, the ledger) when fault `index`
 * starts and ends.
 */
export class FaultInjector {
  constructor(
    private readonly world: World,
    private readonly faults: readonly Fault[],
    private readonly onChange: (index: number, active: boolean) => void = () => {},
  ) {}

  schedule(): void {
    // Records and members a fault adds are absent until it starts.
    for (const f of this.faults) {
      for (const j of f.added) {
        if (f.kind === 'dns-records') this.world.authority?.setRecord(j, false);
        else this.world.registry?.setListed(j, false);
      }
    }
    this.faults.forEach((f, i) => {
      this.world.sim.scheduleAt(f.atNs, () => this.apply(i, true), undefined);
      if (f.recoverAtNs !== null) this.world.sim.scheduleAt(f.recoverAtNs, () => this.apply(i, false), undefined);
    });
  }

  /** The node a fault's target names in this world, or null when the mode has none. */
  nodeOf(f: Fault): NetNode | null {
    const w = this.world;
    const t = f.target;
    if (t === null) return null;
    switch (t.role) {
      case 'server': return w.servers[t.index]!.node;
      case 'front-end': return w.frontEndNodes[t.index] ?? null;
      case 'registry': return w.registry?.node ?? null;
      case 'clients': return w.groups[t.index]!.node;
      case 'object':
      case 'resolver':
      case 'dns-authoritative': return null;
    }
  }

  private apply(index: number, active: boolean): void {
    const f = this.faults[index]!;
    const w = this.world;
    switch (f.kind) {
      case 'dns-records':
        for (const j of f.servers) w.authority?.setRecord(j, !active);
        for (const j of f.added) w.authority?.setRecord(j, active);
        break;
      case 'registry-membership':
        for (const j of f.servers) w.registry?.setListed(j, !active);
        for (const j of f.added) w.registry?.setListed(j, active);
        break;
      case 'drain':
        this.drain(f.target!.index, active);
        break;
      default:
        if (f.target!.role === 'object') {
          // Object servers are not network nodes here: their state lives with the object tier.
          if (f.kind !== 'stop') w.objects?.setFault(f.target!.index, f.kind, active, index, f.cpuFactor, f.extraDelayNs);
        } else if (f.target!.role === 'resolver') {
          const r = w.resolvers[f.target!.index];
          if (r !== undefined && f.kind !== 'slow') r.up = !active;
        } else if (f.target!.role === 'dns-authoritative') {
          if (w.authority !== null && f.kind !== 'slow') w.authority.up = !active;
        } else {
          const node = this.nodeOf(f);
          if (node !== null) this.applyToNode(node, f, index, active);
        }
    }
    this.onChange(index, active);
  }

  private applyToNode(node: NetNode, f: Fault, index: number, active: boolean): void {
    const reach = f.kind === 'refuse' ? REACH_REFUSED
      : f.kind === 'crash' || f.kind === 'black-hole' || f.kind === 'stop' || (f.kind === 'link' && f.cut) ? REACH_LOST
      : REACH_UP;
    if (active) {
      // A crashed or restarted process forgets its connections; a partition does not.
      if (f.kind === 'crash' || f.kind === 'refuse' || f.kind === 'stop') {
        node.epoch++;
        node.epochFaultIndex = index;
      }
      if (reach !== REACH_UP) {
        node.reach = reach;
        node.faultIndex = index;
      }
      node.cpuFactor *= f.cpuFactor;
      node.extraDelayNs += f.extraDelayNs;
    } else {
      if (reach !== REACH_UP && node.faultIndex === index) {
        node.reach = REACH_UP;
        node.faultIndex = -1;
      }
      node.cpuFactor /= f.cpuFactor;
      node.extraDelayNs -= f.extraDelayNs;
    }
  }

  /** Weight 0 in every destination list that holds the server; its own weight again on recovery. */
  private drain(server: number, active: boolean): void {
    const w = this.world;
    if (active) w.drained.add(server);
    else w.drained.delete(server);
    const weight = active ? 0 : w.scenario.topology.servers.weights[server]!;
    const lists = [...w.serverDests.map((dests, f) => ({ dests, changed: () => w.frontEndBalancer(f).membershipChanged() }))];
    for (const g of w.groups) for (const c of g.clients) if (c.dests !== null) lists.push({ dests: c.dests, changed: () => c.balancer!.membershipChanged() });
    for (const { dests, changed } of lists) {
      dests[server]!.weight = weight;
      changed();
    }
  }
}
