import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DelayLine, type DelayLineLayout } from '../../sim/engine/delay-line.js';
import { Simulator } from '../../sim/engine/simulator.js';

/**
 * A DelayLine must be indistinguishable from scheduling each timer as an event: same firing order
 * against other events (ties included), same times, same argument, same count of fired events,
 * whatever its block layout (tiny blocks and tiny offset limits force every block change: full
 * blocks, time offsets and seq offsets that do not fit, the lone block emptied and reused).
 */
interface Plan {
  /** Per driver event: delay to the next driver event and how many timers it starts. */
  readonly steps: readonly { readonly gapNs: number; readonly timers: number; readonly otherNs: number }[];
  readonly delayNs: number;
}

function runWith(plan: Plan, layout: DelayLineLayout | null): { log: string[]; fired: number } {
  const sim = new Simulator();
  const log: string[] = [];
  const expire = (index: number): void => { log.push(`${sim.nowNs} timer ${index}`); };
  const line = layout === null ? null : new DelayLine(sim, plan.delayNs, expire, 0, layout);
  let k = 0;
  let index = 0;
  const step = (i: number): void => {
    const s = plan.steps[i]!;
    for (let t = 0; t < s.timers; t++) {
      // Indices cover the whole unsigned 32-bit range, its top included.
      const arg = (index++ * 2_654_435_761) >>> 0;
      if (line !== null) line.start(arg);
      else sim.schedule(plan.delayNs, expire, arg);
      // Another event that may tie with a timer's expiry.
      sim.schedule(s.otherNs, () => { log.push(`${sim.nowNs} other ${k++}`); });
    }
    if (i + 1 < plan.steps.length) sim.schedule(s.gapNs, step, i + 1);
  };
  sim.schedule(0, step, 0);
  sim.run();
  return { log, fired: sim.eventsFired };
}

test('a DelayLine fires its timers exactly where individually scheduled events would, whatever its block layout', () => {
  const stepArb = fc.record({ gapNs: fc.integer({ min: 0, max: 4 }), timers: fc.integer({ min: 0, max: 3 }), otherNs: fc.integer({ min: 0, max: 12 }) });
  const layoutArb = fc.oneof(
    fc.constant<DelayLineLayout>({}),
    fc.record({ blockEntries: fc.integer({ min: 1, max: 5 }), offsetLimit: fc.integer({ min: 0, max: 20 }) }),
  );
  fc.assert(
    fc.property(fc.array(stepArb, { minLength: 1, maxLength: 120 }), fc.integer({ min: 0, max: 8 }), layoutArb, (steps, delayNs, layout) => {
      const plan = { steps, delayNs };
      const events = runWith(plan, null);
      const line = runWith(plan, layout);
      assert.deepEqual(line.log, events.log);
      assert.equal(line.fired, events.fired);
    }),
    { numRuns: 400 },
  );
});

test('only the earliest timer waits in the event queue; blocks follow the pending count, not the total started', () => {
  const sim = new Simulator();
  let expired = 0;
  const line = new DelayLine(sim, 1_000, () => { expired++; }, 0, { blockEntries: 64 });
  for (let i = 0; i < 500; i++) sim.schedule(i, () => line.start(i));
  sim.run({ untilNs: 600 });
  assert.equal(line.pending, 500);
  assert.equal(sim.pendingEvents, 1);
  assert.equal(line.blocksHeld, 8);
  sim.run();
  assert.equal(expired, 500);
  assert.equal(line.pending, 0);
  assert.equal(sim.pendingEvents, 0);
  // A steady stream, 100 pending at a time for 100,000 timers: two or three blocks, the spare included.
  const steady = new Simulator();
  const fifo = new DelayLine(steady, 100, () => {}, 0, { blockEntries: 64 });
  for (let i = 0; i < 100_000; i++) steady.schedule(i, () => fifo.start(0));
  steady.run();
  assert.ok(fifo.blocksHeld <= 3, `blocks held: ${fifo.blocksHeld}`);
});

test('timers far apart in time or in event order each still fire at their own time', () => {
  // 10 s gaps exceed a 32-bit nanosecond offset, so every timer opens a block of its own.
  const sim = new Simulator();
  const fired: number[] = [];
  const line = new DelayLine(sim, 30_000_000_000, (index) => { fired.push(sim.nowNs, index); });
  for (let i = 0; i < 4; i++) sim.schedule(i * 10_000_000_000, () => line.start(0xffff_ffff - i));
  sim.run();
  assert.deepEqual(fired, [30e9, 0xffff_ffff, 40e9, 0xffff_fffe, 50e9, 0xffff_fffd, 60e9, 0xffff_fffc]);
});

test('a DelayLine refuses arguments that are not unsigned 32-bit integers, and bad layouts', () => {
  const line = new DelayLine(new Simulator(), 1, () => {});
  for (const bad of [-1, 1.5, 2 ** 32, Number.NaN]) assert.throws(() => line.start(bad), RangeError);
  assert.throws(() => new DelayLine(new Simulator(), 1, () => {}, 0, { blockEntries: 0 }), RangeError);
  assert.throws(() => new DelayLine(new Simulator(), 1, () => {}, 0, { offsetLimit: 2 ** 32 }), RangeError);
});
