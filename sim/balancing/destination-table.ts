import type { Destination } from './balancer.js';

/**
 * The state of a list of destinations, one typed array per field, indexed by position. A balancer
 * that scans every destination (IPVS lc, wlc, sed, nq, as the kernel walks its list on each new
 * connection) reads contiguous memory instead of a thousand objects: at a thousand real servers
 * that scan was most of a director's cost per connection. The `Destination`s handed out are views
 * of one position each, so callers and the other balancers are unchanged.
 */
export class DestinationTable {
  readonly weight: Float64Array;
  /** 1: up; 0: failed or removed. */
  readonly up: Uint8Array;
  readonly activeConns: Int32Array;
  readonly inactiveConns: Int32Array;
  /** 1: IP_VS_DEST_F_OVERLOAD. */
  readonly overloaded: Uint8Array;
  readonly queued: Int32Array;
  readonly views: Destination[] = [];
  /**
   * Rows whose weight, state or counts changed since the tracker last read them, each once
   * (`dirtyFlag`), for the one balancer that keeps a structure over the table (winner-tree.ts);
   * empty and never filled while nothing tracks the table.
   */
  tracked = false;
  dirtyRows: Int32Array = new Int32Array(0);
  dirtyFlag: Uint8Array = new Uint8Array(0);
  dirtyCount = 0;

  constructor(ids: readonly string[], weights: readonly number[]) {
    const n = ids.length;
    if (weights.length !== n) throw new RangeError(`${n} destinations but ${weights.length} weights`);
    this.weight = Float64Array.from(weights);
    this.up = new Uint8Array(n).fill(1);
    this.activeConns = new Int32Array(n);
    this.inactiveConns = new Int32Array(n);
    this.overloaded = new Uint8Array(n);
    this.queued = new Int32Array(n);
    for (let i = 0; i < n; i++) this.views.push(new TableDestination(this, i, ids[i]!));
  }

  get size(): number {
    return this.views.length;
  }

  /** Starts recording changed rows (once per table: one tracker reads and clears them). */
  track(): void {
    if (this.tracked) throw new Error('a destination table has one tracker at most');
    this.tracked = true;
    this.dirtyRows = new Int32Array(this.size);
    this.dirtyFlag = new Uint8Array(this.size);
  }

  /** Row i changed: recorded once until the tracker reads it. */
  touch(i: number): void {
    if (this.tracked && this.dirtyFlag[i] === 0) {
      this.dirtyFlag[i] = 1;
      this.dirtyRows[this.dirtyCount++] = i;
    }
  }
}

/** One position of a DestinationTable, seen as a Destination. */
class TableDestination implements Destination {
  constructor(readonly table: DestinationTable, readonly index: number, readonly id: string) {}
  get weight(): number { return this.table.weight[this.index]!; }
  set weight(w: number) { this.table.weight[this.index] = w; this.table.touch(this.index); }
  get up(): boolean { return this.table.up[this.index] === 1; }
  set up(u: boolean) { this.table.up[this.index] = u ? 1 : 0; this.table.touch(this.index); }
  get activeConns(): number { return this.table.activeConns[this.index]!; }
  set activeConns(c: number) { this.table.activeConns[this.index] = c; this.table.touch(this.index); }
  get inactiveConns(): number { return this.table.inactiveConns[this.index]!; }
  set inactiveConns(c: number) { this.table.inactiveConns[this.index] = c; this.table.touch(this.index); }
  get overloaded(): boolean { return this.table.overloaded[this.index] === 1; }
  set overloaded(o: boolean) { this.table.overloaded[this.index] = o ? 1 : 0; this.table.touch(this.index); }
  get queued(): number { return this.table.queued[this.index]!; }
  set queued(q: number) { this.table.queued[this.index] = q; }
}

/** Destinations with idle counters, the given ids (default d0, d1, …) and weights, in one table. */
export function makeDestinations(weights: readonly number[], ids: readonly string[] = weights.map((_, i) => `d${i}`)): Destination[] {
  return new DestinationTable(ids, weights).views;
}

/**
 * The table behind a list made by makeDestinations, when the list is that table's views in order
 * (so position i of the list is row i of the table); null otherwise.
 */
export function tableOf(dests: readonly Destination[]): DestinationTable | null {
  const first = dests[0];
  if (!(first instanceof TableDestination)) return null;
  const table = first.table;
  if (table.views.length !== dests.length) return null;
  for (let i = 0; i < dests.length; i++) if (dests[i] !== table.views[i]) return null;
  return table;
}
