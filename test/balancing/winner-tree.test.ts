import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Destination, makeDestinations } from '../../sim/balancing/balancer.js';
import { connOverhead, isAvailable } from '../../sim/balancing/dest-state.js';
import { DestinationTable, tableOf } from '../../sim/balancing/destination-table.js';
import { makeBalancer } from '../../sim/balancing/registry.js';
import { WinnerTree } from '../../sim/balancing/winner-tree.js';
import { ctx0, keys, noRandom } from './helpers.js';

/**
 * The kernel's walk, written out as the kernel does it (ip_vs_lc.c, ip_vs_wlc.c, ip_vs_sed.c,
 * ip_vs_nq.c): the first available destination, replaced only by a strictly better later one.
 */
function kernelWalk(name: 'lc' | 'wlc' | 'sed' | 'nq', dests: readonly Destination[]): number {
  let best = -1;
  for (let i = 0; i < dests.length; i++) {
    const d = dests[i]!;
    if (!isAvailable(d)) continue;
    if (name === 'nq' && d.activeConns === 0) return i;
    if (best < 0) {
      best = i;
      continue;
    }
    const b = dests[best]!;
    if (name === 'lc') {
      if (connOverhead(d) < connOverhead(b)) best = i;
    } else {
      const cost = (x: Destination) => (name === 'wlc' ? connOverhead(x) : x.activeConns + 1);
      if (cost(b) * d.weight > cost(d) * b.weight) best = i;
    }
  }
  return best;
}

test('lc, wlc, sed and nq pick what the kernel\'s walk picks, after every change, on tables of 1 to 300 rows', () => {
  const random = keys(2_000_000, 0x2545f491);
  const next = (n: number): number => random.next().value! % n;
  let picks = 0;
  for (const size of [1, 2, 3, 5, 8, 31, 64, 100, 300]) {
    for (const name of ['lc', 'wlc', 'sed', 'nq'] as const) {
      // Few distinct weights and counts, so that ties (first in list wins) happen often.
      const dests = makeDestinations(Array.from({ length: size }, () => next(4)));
      const balancer = makeBalancer(name, dests, noRandom);
      for (let step = 0; step < 400; step++) {
        const d = dests[next(size)]!;
        switch (next(7)) {
          case 0: d.activeConns++; break;
          case 1: if (d.activeConns > 0) d.activeConns--; break;
          case 2: d.inactiveConns += 1 + next(300); break;
          case 3: if (d.inactiveConns > 0) d.inactiveConns--; break;
          case 4: d.weight = next(4); break;
          case 5: d.up = next(5) !== 0; break;
          default: d.overloaded = next(6) === 0;
        }
        assert.equal(balancer.pick(ctx0), kernelWalk(name, dests), `${name}, ${size} rows, step ${step}`);
        picks++;
      }
    }
  }
  assert.equal(picks, 9 * 4 * 400);
});

test('a winner tree reads changes made between picks once, and an empty table has no winner', () => {
  const dests = makeDestinations([1, 1, 1, 1, 1]);
  const table = tableOf(dests)!;
  const tree = new WinnerTree(table, (i) => table.up[i] === 1, (a, b) => table.activeConns[b]! < table.activeConns[a]!);
  assert.equal(tree.pick(), 0);
  dests[0]!.activeConns = 2;
  dests[0]!.activeConns = 3;
  dests[3]!.up = false;
  assert.equal(table.dirtyCount, 2, 'row 0 is recorded once however often it changes');
  assert.equal(tree.pick(), 1);
  assert.equal(table.dirtyCount, 0);
  assert.throws(() => new WinnerTree(table, () => true, () => false), /one tracker/);
  const empty = new DestinationTable([], []);
  assert.equal(new WinnerTree(empty, () => true, () => false).pick(), -1);
});
