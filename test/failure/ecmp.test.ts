import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeStream } from '../../sim/engine/rng.js';
import { EcmpGroup, type EcmpHashing, flowHash } from '../../sim/failure/ecmp.js';

const FLOWS = 20_000;

function flows(seed: number): number[] {
  const rng = makeStream(seed, 0, 'ecmp-test/flows');
  return Array.from({ length: FLOWS }, () => flowHash(Math.floor(rng.next() * 2 ** 32), 1024 + Math.floor(rng.next() * 60_000)));
}

/** Share of flows whose next hop changes, with a 95 % binomial half-width. */
function moved(hashing: EcmpHashing, n: number, change: (g: EcmpGroup) => void, seed: number) {
  const g = new EcmpGroup(n, hashing);
  const hashes = flows(seed);
  const before = hashes.map((h) => g.pick(h));
  change(g);
  let count = 0;
  hashes.forEach((h, i) => {
    if (g.pick(h) !== before[i]) count++;
  });
  const p = count / FLOWS;
  return { p, halfWidth: 1.96 * Math.sqrt((p * (1 - p)) / FLOWS) + 1e-9 };
}

test('flows spread evenly over the next hops, and a flow always maps to the same hop', () => {
  for (const hashing of ['mod-n', 'resilient'] as const) {
    const g = new EcmpGroup(5, hashing);
    const counts = [0, 0, 0, 0, 0];
    for (const h of flows(1)) {
      counts[g.pick(h)]!++;
      assert.equal(g.pick(h), g.pick(h));
    }
    for (const c of counts) assert.ok(Math.abs(c / FLOWS - 0.2) < 0.015, `${hashing}: ${counts.join(',')}`);
  }
});

for (const n of [2, 4, 8]) {
  test(`${n} directors, one fails: mod-N moves (N−1)/N of flows, resilient hashing 1/N (within the 95 % CI)`, () => {
    for (let dead = 0; dead < n; dead += Math.max(1, n - 1)) {
      const m = moved('mod-n', n, (g) => g.remove(dead), 10 + dead);
      // The expected share is exact only on average over which hop dies; removing the last one gives it exactly.
      const expected = (n - 1) / n;
      assert.ok(Math.abs(m.p - expected) <= 3 * m.halfWidth + 0.5 / n, `mod-n dead ${dead}: ${m.p} vs ${expected}`);
      const r = moved('resilient', n, (g) => g.remove(dead), 20 + dead);
      assert.ok(Math.abs(r.p - 1 / n) <= 3 * r.halfWidth + 0.01, `resilient dead ${dead}: ${r.p} vs ${1 / n}`);
    }
    const last = moved('mod-n', n, (g) => g.remove(n - 1), 30);
    assert.ok(Math.abs(last.p - (n - 1) / n) <= 3 * last.halfWidth, `mod-n, last hop removed: ${last.p}`);
  });
}

test('resilient hashing: only the dead hop\'s flows move; on its return about 1/N move back, mod-N renumbers again', () => {
  const n = 4;
  const g = new EcmpGroup(n, 'resilient');
  const hashes = flows(3);
  const before = hashes.map((h) => g.pick(h));
  g.remove(1);
  hashes.forEach((h, i) => {
    if (before[i] !== 1) assert.equal(g.pick(h), before[i], 'a flow on a live hop never moves');
    else assert.notEqual(g.pick(h), 1);
  });
  const add = moved('resilient', n, (x) => { x.remove(3); }, 4);
  assert.ok(add.p > 0.2 && add.p < 0.3);
  const g2 = new EcmpGroup(n, 'resilient');
  g2.remove(3);
  const mid = hashes.map((h) => g2.pick(h));
  g2.add(3);
  let m = 0;
  hashes.forEach((h, i) => {
    if (g2.pick(h) !== mid[i]) m++;
  });
  assert.ok(Math.abs(m / FLOWS - 1 / n) < 0.02, `on the return ${m / FLOWS} moved`);
  const g3 = new EcmpGroup(n, 'mod-n');
  g3.remove(3);
  const mid3 = hashes.map((h) => g3.pick(h));
  g3.add(3);
  let m3 = 0;
  hashes.forEach((h, i) => {
    if (g3.pick(h) !== mid3[i]) m3++;
  });
  assert.ok(Math.abs(m3 / FLOWS - (n - 1) / n) < 0.03, `mod-n on the return: ${m3 / FLOWS}`);
});

test('no live hop: -1; every hop removed and one added back takes all flows', () => {
  const g = new EcmpGroup(3, 'resilient');
  for (let i = 0; i < 3; i++) g.remove(i);
  assert.equal(g.pick(12345), -1);
  g.add(2);
  assert.equal(g.pick(12345), 2);
  assert.throws(() => new EcmpGroup(0, 'mod-n'), RangeError);
});
