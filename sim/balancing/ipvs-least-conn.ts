import type { Balancer, Destination } from './balancer.js';
import { DestinationTable, tableOf } from './destination-table.js';
import { WinnerTree } from './winner-tree.js';

/**
 * IPVS connection-count schedulers: `lc`, `wlc`, `sed`, `nq`. All skip unavailable destinations
 * (down, weight 0, overloaded), keep no state of their own, and break ties in favour of the first
 * destination in list order (the kernel replaces its candidate only on a strict improvement).
 * They pick what the kernel's walk of the list would, kept by a winner tree (winner-tree.ts).
 *
 * lc  (ip_vs_lc.c):  min overhead = active×256 + inactive. Weight is not used.
 * wlc (ip_vs_wlc.c): min overhead/weight, compared as cross-products h1·w2 > h2·w1.
 * sed (ip_vs_sed.c): min (active + 1)/weight, cross-products; inactive ignored.
 * nq  (ip_vs_nq.c):  the first destination with active == 0 if any, else as sed.
 *
 * Products stay below 2^53 for any realistic count (weights ≤ 65535, overhead < 2^36).
 */
export class LeastConnectionBalancer implements Balancer {
  readonly name = 'lc';
  private readonly tree: WinnerTree;
  constructor(dests: readonly Destination[]) {
    const t = scannedTable(dests);
    this.tree = new WinnerTree(t, (i) => usableAt(t, i), (a, b) => overheadAt(t, b) < overheadAt(t, a));
  }

  pick(): number {
    return this.tree.pick();
  }

  membershipChanged(): void {}
}

/** wlc, sed and nq differ only in the overhead term and nq's idle shortcut. */
abstract class WeightedCostBalancer implements Balancer {
  abstract readonly name: 'wlc' | 'sed' | 'nq';
  private readonly tree: WinnerTree;
  constructor(dests: readonly Destination[], cost: (t: DestinationTable, i: number) => number, idleFirst: boolean) {
    const t = scannedTable(dests);
    // Row b beats row a (a < b) on a strictly lower cost/weight, compared as cross-products; with
    // idleFirst (nq) the first idle row beats every busy one whatever its cost.
    const cheaper = (a: number, b: number): boolean => cost(t, a) * t.weight[b]! > cost(t, b) * t.weight[a]!;
    const beats = idleFirst
      ? (a: number, b: number): boolean => t.activeConns[a] !== 0 && (t.activeConns[b] === 0 || cheaper(a, b))
      : cheaper;
    this.tree = new WinnerTree(t, (i) => usableAt(t, i), beats);
  }

  pick(): number {
    return this.tree.pick();
  }

  membershipChanged(): void {}
}

/**
 * The table these schedulers scan: position i of the list is row i (the list must come from
 * makeDestinations, as every list in lbsim does).
 */
function scannedTable(dests: readonly Destination[]): DestinationTable {
  if (dests.length === 0) return new DestinationTable([], []);
  const table = tableOf(dests);
  if (table === null) throw new Error('lc, wlc, sed and nq scan a DestinationTable: build the destinations with makeDestinations');
  return table;
}

/** isAvailable (dest-state.ts) on row i: up, weight above 0, not overloaded. */
function usableAt(t: DestinationTable, i: number): boolean {
  return t.up[i] === 1 && t.weight[i]! > 0 && t.overloaded[i] === 0;
}

/** connOverhead (dest-state.ts: IPVS `ip_vs_dest_conn_overhead()`) of row i. */
function overheadAt(t: DestinationTable, i: number): number {
  return t.activeConns[i]! * 256 + t.inactiveConns[i]!;
}

export class WeightedLeastConnectionBalancer extends WeightedCostBalancer {
  readonly name = 'wlc';
  constructor(dests: readonly Destination[]) {
    super(dests, overheadAt, false);
  }
}

/** sed's cost of row i: its active connections plus the new one. */
function expectedDelayAt(t: DestinationTable, i: number): number {
  return t.activeConns[i]! + 1;
}

export class ShortestExpectedDelayBalancer extends WeightedCostBalancer {
  readonly name = 'sed';
  constructor(dests: readonly Destination[]) {
    super(dests, expectedDelayAt, false);
  }
}

export class NeverQueueBalancer extends WeightedCostBalancer {
  readonly name = 'nq';
  constructor(dests: readonly Destination[]) {
    super(dests, expectedDelayAt, true);
  }
}
