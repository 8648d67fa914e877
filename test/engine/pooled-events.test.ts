import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Simulator } from '../../sim/engine/simulator.js';

/**
 * Pooled events (`post`, `postOwned`) reuse event objects once fired or cancelled. They must be
 * indistinguishable from `schedule`: same firing order (ties included), same times, same count,
 * and a cancelled owned event never fires, even after its object has been reused.
 */
interface Op {
  readonly delayNs: number;
  /** 0: plain event; 1: pooled; 2: owned and cancelled by the next event this one's chain fires. */
  readonly how: 0 | 1 | 2;
  readonly children: number;
}

function runWith(ops: readonly Op[], pooled: boolean): { log: string[]; fired: number } {
  const sim = new Simulator();
  const log: string[] = [];
  let next = 0;
  let toCancel: ReturnType<Simulator['schedule']> | null = null;
  const fire = (label: number): void => {
    log.push(`${sim.nowNs} ${label}`);
    if (toCancel !== null) {
      sim.cancel(toCancel);
      toCancel = null;
    }
    const op = ops[label % ops.length]!;
    for (let c = 0; c < op.children && next < 4 * ops.length; c++) {
      const id = next++;
      const o = ops[id % ops.length]!;
      if (!pooled || o.how === 0) {
        const h = sim.schedule(o.delayNs, fire, id);
        if (o.how === 2) toCancel = h;
      } else if (o.how === 1) sim.post(o.delayNs, fire, id);
      else toCancel = sim.postOwned(o.delayNs, fire, id);
    }
  };
  sim.schedule(0, fire, next++);
  sim.run();
  return { log, fired: sim.eventsFired };
}

test('pooled and owned events fire exactly where scheduled events would, and cancelled ones never', () => {
  const opArb = fc.record({
    delayNs: fc.integer({ min: 0, max: 6 }),
    how: fc.constantFrom(0 as const, 1 as const, 2 as const),
    children: fc.integer({ min: 0, max: 3 }),
  });
  fc.assert(fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
    const plain = runWith(ops, false);
    const pooled = runWith(ops, true);
    assert.deepEqual(pooled.log, plain.log);
    assert.equal(pooled.fired, plain.fired);
  }), { numRuns: 300 });
});

test('a pooled event object is reused after it fires', () => {
  const sim = new Simulator();
  const seen: number[] = [];
  const first = sim.postOwned(1, (x: number) => seen.push(x), 1);
  sim.run();
  const second = sim.postOwned(1, (x: number) => seen.push(x), 2);
  assert.equal(second, first);
  sim.cancel(second);
  sim.post(2, (x: number) => seen.push(x), 3);
  sim.run();
  assert.deepEqual(seen, [1, 3]);
});
