import type { DestinationTable } from './destination-table.js';

/**
 * The row a linear scan of a DestinationTable would pick, kept up to date in O(log n) per changed
 * row instead of found in O(n) per pick.
 *
 * IPVS's lc, wlc, sed and nq walk the whole destination list on every new connection and keep the
 * first row that no later row strictly beats. That is the lowest-indexed best row, so a winner
 * (tournament) tree gives the same answer: each inner node holds the row its two halves prefer
 * (the left one, whose rows come first, unless the right one's strictly beats it), the root the
 * row the whole table prefers. The kernel's own cost of the walk is a model parameter of the
 * director (its CPU per connection); this is only how the simulator finds the same row faster.
 * At a thousand servers the scan was a tenth of the run; a pick now costs the changed rows' paths
 * (about three rows per connection: opened, closed, expired), ten levels each.
 *
 * `usable(i)` says whether row i may be picked at all, `beats(a, b)` whether row b (a < b) is
 * strictly better than row a; both read the table, whose setters record the rows they change
 * (`DestinationTable.touch`), and this tree brings those rows' paths up to date before each pick.
 * The comparison must be a strict weak order (exact integer cross-products are), or the
 * tournament and the scan could disagree.
 */
export class WinnerTree {
  /** Heap layout: node k's halves are 2k and 2k+1, the leaves are at [leaves, 2·leaves); -1: no usable row below. */
  private readonly win: Int32Array;
  private readonly leaves: number;

  constructor(
    private readonly table: DestinationTable,
    private readonly usable: (i: number) => boolean,
    private readonly beats: (a: number, b: number) => boolean,
  ) {
    let leaves = 1;
    while (leaves < table.size) leaves *= 2;
    this.leaves = leaves;
    this.win = new Int32Array(2 * leaves).fill(-1);
    table.track();
    for (let i = 0; i < table.size; i++) this.win[leaves + i] = usable(i) ? i : -1;
    for (let k = leaves - 1; k >= 1; k--) this.win[k] = this.better(this.win[2 * k]!, this.win[2 * k + 1]!);
  }

  /** The row a scan would pick now, -1 when no row is usable. */
  pick(): number {
    const t = this.table;
    const n = t.dirtyCount;
    if (n > 0) {
      const rows = t.dirtyRows;
      const flag = t.dirtyFlag;
      for (let j = 0; j < n; j++) {
        const i = rows[j]!;
        flag[i] = 0;
        this.update(i);
      }
      t.dirtyCount = 0;
    }
    return this.win[1]!;
  }

  private better(a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    return this.beats(a, b) ? b : a;
  }

  /** Row i changed: its leaf, then every node above it (a winner's own cost may have changed, so no early stop). */
  private update(i: number): void {
    const win = this.win;
    let k = this.leaves + i;
    win[k] = this.usable(i) ? i : -1;
    for (k >>= 1; k >= 1; k >>= 1) win[k] = this.better(win[2 * k]!, win[2 * k + 1]!);
  }
}
