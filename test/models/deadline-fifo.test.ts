import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Simulator } from '../../sim/engine/simulator.js';
import { DeadlineFifo } from '../../sim/models/deadline-fifo.js';

/**
 * Compacting a line whose dead timers stay dead must change nothing: the same timers expire at the
 * same times, in the same order against other events, and the simulator fires the same number of
 * events. Items die at random (some before their deadline, some never), and handlers start new
 * timers while the line fires.
 */
interface Item {
  readonly id: number;
  dead: boolean;
}

interface Step {
  readonly gapNs: number;
  readonly starts: number;
  /** Delay after which each started item dies; -1: it never dies (it expires). */
  readonly lifeNs: number;
  readonly otherNs: number;
}

function runWith(steps: readonly Step[], delayNs: number, deadIsFinal: boolean): { log: string[]; fired: number; maxHeld: number } {
  const sim = new Simulator();
  const log: string[] = [];
  let maxHeld = 0;
  let nextId = 0;
  let other = 0;
  const start = (life: number): void => {
    const item: Item = { id: nextId++, dead: false };
    line.start(item);
    maxHeld = Math.max(maxHeld, line.pending);
    if (life >= 0) sim.schedule(life, () => { item.dead = true; });
  };
  const line: DeadlineFifo<Item> = new DeadlineFifo<Item>(
    sim,
    delayNs,
    (item) => !item.dead,
    (item) => {
      log.push(`${sim.nowNs} expire ${item.id}`);
      // A handler that starts a timer while the line fires.
      if (item.id % 3 === 0) start(item.id % 2 === 0 ? 1 : -1);
    },
    deadIsFinal,
  );
  const step = (i: number): void => {
    const s = steps[i]!;
    for (let t = 0; t < s.starts; t++) {
      start(s.lifeNs < 0 ? -1 : s.lifeNs + t);
      sim.schedule(s.otherNs, () => { log.push(`${sim.nowNs} other ${other++}`); });
    }
    if (i + 1 < steps.length) sim.schedule(s.gapNs, step, i + 1);
  };
  sim.schedule(0, step, 0);
  sim.run();
  return { log, fired: sim.eventsFired, maxHeld };
}

test('compacting a line whose dead stay dead changes no expiry, no order and no event count', () => {
  const stepArb = fc.record({
    gapNs: fc.integer({ min: 0, max: 5 }),
    starts: fc.integer({ min: 0, max: 40 }),
    lifeNs: fc.integer({ min: -1, max: 30 }),
    otherNs: fc.integer({ min: 0, max: 40 }),
  });
  fc.assert(
    fc.property(fc.array(stepArb, { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 25 }), (steps, delayNs) => {
      const plain = runWith(steps, delayNs, false);
      const compacted = runWith(steps, delayNs, true);
      assert.deepEqual(compacted.log, plain.log);
      assert.equal(compacted.fired, plain.fired);
    }),
    { numRuns: 300 },
  );
});

test('a long-lived head no longer holds every dead timer started after it', () => {
  // One item lives to its deadline; 100,000 more each die 1 ns after starting.
  const steps: Step[] = [{ gapNs: 1, starts: 1, lifeNs: -1, otherNs: 0 }];
  for (let i = 0; i < 10_000; i++) steps.push({ gapNs: 1, starts: 10, lifeNs: 1, otherNs: 0 });
  const plain = runWith(steps, 1_000_000, false);
  const compacted = runWith(steps, 1_000_000, true);
  assert.deepEqual(compacted.log, plain.log);
  assert.ok(plain.maxHeld > 99_000, `without compaction: ${plain.maxHeld} held`);
  assert.ok(compacted.maxHeld <= 200, `with compaction: ${compacted.maxHeld} held`);
});
