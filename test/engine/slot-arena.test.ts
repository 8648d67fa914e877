import assert from 'node:assert/strict';
import { it } from 'node:test';
import { SlotArena } from '../../sim/engine/slot-arena.js';

it('SlotArena hands out disjoint zeroed ranges, in new chunks when one is full', () => {
  const arena = new SlotArena();
  const taken = Array.from({ length: 3000 }, (_, k) => ({ n: 1 + (k % 13), slots: arena.take(1 + (k % 13)) }));
  // Write each range's owner into its slots, then check nobody overwrote anybody.
  taken.forEach(({ n, slots }, k) => {
    for (let i = 0; i < n; i++) {
      assert.equal(slots.array[slots.at + i], 0, 'a new range starts at zero');
      slots.array[slots.at + i] = k + 1;
    }
    assert.ok(slots.at + n <= slots.array.length);
  });
  taken.forEach(({ n, slots }, k) => {
    for (let i = 0; i < n; i++) assert.equal(slots.array[slots.at + i], k + 1);
  });
  assert.ok(new Set(taken.map((t) => t.slots.array)).size > 1, 'more than one chunk was used');
  const big = arena.take(100_000);
  assert.equal(big.at, 0);
  assert.ok(big.array.length >= 100_000);
  assert.throws(() => arena.take(0), RangeError);
  assert.throws(() => arena.take(1.5), RangeError);
});
