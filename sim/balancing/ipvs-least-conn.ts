import type { Balancer, Destination } from './balancer.js';
import { DestinationTable, tableOf } from './destination-table.js';

/**
 * IPVS connection-count schedulers: `lc`, `wlc`, `sed`, `nq`. All skip unavailable destinations
 * (down, weight 0, overloaded), keep no state, and break ties in favour of the first destination
 * in list order (the kernel replaces its candidate only on a strict improvement).
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
  private readonly table: DestinationTable;
  constructor(dests: readonly Destination[]) {
    this.table = scannedTable(dests);
  }

  pick(): number {
    const t = this.table;
    // The table's arrays read once, not once per row; isAvailable (dest-state.ts) inline.
    const { up, weight, overloaded } = t;
    const n = t.size;
    let best = -1;
    let bestOverhead = 0;
    for (let i = 0; i < n; i++) {
      if (up[i] !== 1 || !(weight[i]! > 0) || overloaded[i] !== 0) continue;
      const h = overheadAt(t, i);
      if (best < 0 || h < bestOverhead) {
        best = i;
        bestOverhead = h;
      }
    }
    return best;
  }

  membershipChanged(): void {}
}

/** wlc, sed and nq differ only in the overhead term and nq's idle shortcut. */
abstract class WeightedCostBalancer implements Balancer {
  abstract readonly name: 'wlc' | 'sed' | 'nq';
  private readonly table: DestinationTable;
  constructor(dests: readonly Destination[]) {
    this.table = scannedTable(dests);
  }

  protected abstract cost(t: DestinationTable, i: number): number;
  protected idleFirst = false;

  pick(): number {
    const t = this.table;
    // The table's arrays read once, not once per row: the scan is the director's only O(servers) work.
    const { up, weight, overloaded, activeConns } = t;
    const n = t.size;
    const idleFirst = this.idleFirst;
    let best = -1;
    let bestCost = 0;
    let bestWeight = 1;
    for (let i = 0; i < n; i++) {
      const w = weight[i]!;
      // isAvailable (dest-state.ts) on row i.
      if (up[i] !== 1 || !(w > 0) || overloaded[i] !== 0) continue;
      if (idleFirst && activeConns[i] === 0) return i;
      const c = this.cost(t, i);
      if (best < 0 || bestCost * w > c * bestWeight) {
        best = i;
        bestCost = c;
        bestWeight = w;
      }
    }
    return best;
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

/** connOverhead (dest-state.ts: IPVS `ip_vs_dest_conn_overhead()`) of row i. */
function overheadAt(t: DestinationTable, i: number): number {
  return t.activeConns[i]! * 256 + t.inactiveConns[i]!;
}

export class WeightedLeastConnectionBalancer extends WeightedCostBalancer {
  readonly name = 'wlc';
  protected cost(t: DestinationTable, i: number): number {
    return overheadAt(t, i);
  }
}

export class ShortestExpectedDelayBalancer extends WeightedCostBalancer {
  readonly name: 'sed' | 'nq' = 'sed';
  protected cost(t: DestinationTable, i: number): number {
    return t.activeConns[i]! + 1;
  }
}

export class NeverQueueBalancer extends ShortestExpectedDelayBalancer {
  override readonly name = 'nq';
  protected override idleFirst = true;
}
