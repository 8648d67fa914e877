import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DelayLine } from '../../sim/engine/delay-line.js';
import { Simulator } from '../../sim/engine/simulator.js';

/**
 * A DelayLine must be indistinguishable from scheduling each timer as an event: same firing order
 * against other events (ties included), same times, same count of fired events.
 */
interface Plan {
  /** Per driver event: delay to the next driver event and how many timers it starts. */
  readonly steps: readonly { readonly gapNs: number; readonly timers: number; readonly otherNs: number }[];
  readonly delayNs: number;
}

function runWith(plan: Plan, useLine: boolean): { log: string[]; fired: number } {
  const sim = new Simulator();
  const log: string[] = [];
  const expire = (label: string): void => { log.push(`${sim.nowNs} timer ${label}`); };
  const line = new DelayLine<string>(sim, plan.delayNs, expire);
  let k = 0;
  const step = (i: number): void => {
    const s = plan.steps[i]!;
    for (let t = 0; t < s.timers; t++) {
      const label = `${i}.${t}`;
      if (useLine) line.start(label);
      else sim.schedule(plan.delayNs, expire, label);
      // Another event that may tie with a timer's expiry.
      sim.schedule(s.otherNs, () => { log.push(`${sim.nowNs} other ${k++}`); });
    }
    if (i + 1 < plan.steps.length) sim.schedule(s.gapNs, step, i + 1);
  };
  sim.schedule(0, step, 0);
  sim.run();
  return { log, fired: sim.eventsFired };
}

test('a DelayLine fires its timers exactly where individually scheduled events would', () => {
  const stepArb = fc.record({ gapNs: fc.integer({ min: 0, max: 4 }), timers: fc.integer({ min: 0, max: 3 }), otherNs: fc.integer({ min: 0, max: 12 }) });
  fc.assert(
    fc.property(fc.array(stepArb, { minLength: 1, maxLength: 120 }), fc.integer({ min: 0, max: 8 }), (steps, delayNs) => {
      const plan = { steps, delayNs };
      const events = runWith(plan, false);
      const line = runWith(plan, true);
      assert.deepEqual(line.log, events.log);
      assert.equal(line.fired, events.fired);
    }),
    { numRuns: 300 },
  );
});

test('only the earliest timer waits in the event queue; the ring grows past its first size', () => {
  const sim = new Simulator();
  let expired = 0;
  const line = new DelayLine<number>(sim, 1_000, () => { expired++; });
  for (let i = 0; i < 500; i++) sim.schedule(i, () => line.start(i));
  sim.run({ untilNs: 600 });
  assert.equal(line.pending, 500);
  assert.equal(sim.pendingEvents, 1);
  sim.run();
  assert.equal(expired, 500);
  assert.equal(line.pending, 0);
  assert.equal(sim.pendingEvents, 0);
});
