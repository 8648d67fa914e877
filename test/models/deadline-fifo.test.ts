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

function runWith(steps: readonly Step[], delayNs: number, deadStaysDead: boolean): { log: string[]; fired: number; maxHeld: number } {
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
    deadStaysDead,
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

/** Over random plans and delays, the compacted line logs the same expiries, in the same order, with the same event count. */
function sameWithAndWithoutCompaction<S>(stepArb: fc.Arbitrary<S>, run: (steps: readonly S[], delayNs: number, deadStaysDead: boolean) => { log: string[]; fired: number }): void {
  fc.assert(
    fc.property(fc.array(stepArb, { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 25 }), (steps, delayNs) => {
      const plain = run(steps, delayNs, false);
      const compacted = run(steps, delayNs, true);
      assert.deepEqual(compacted.log, plain.log);
      assert.equal(compacted.fired, plain.fired);
    }),
    { numRuns: 300 },
  );
}

test('compacting a line whose dead stay dead changes no expiry, no order and no event count', () => {
  const stepArb = fc.record({
    gapNs: fc.integer({ min: 0, max: 5 }),
    starts: fc.integer({ min: 0, max: 40 }),
    lifeNs: fc.integer({ min: -1, max: 30 }),
    otherNs: fc.integer({ min: 0, max: 40 }),
  });
  sameWithAndWithoutCompaction(stepArb, runWith);
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

/**
 * An idle-timeout line (idle-connections.ts): a timer is live while its connection is still in the
 * idle spell it timed. A connection is reused (not idle) and may go idle again, possibly within
 * the same nanosecond, which revives a timer started at that instant; compaction keeps those.
 */
interface Conn {
  readonly id: number;
  idleSinceNs: number;
  closed: boolean;
}

interface IdleStep {
  readonly gapNs: number;
  readonly conns: number;
  /** After going idle: reused after reuseNs (-1: never), idle again idleAgainNs later (-1: closed instead). */
  readonly reuseNs: number;
  readonly idleAgainNs: number;
  readonly otherNs: number;
}

function runIdle(steps: readonly IdleStep[], delayNs: number, deadStaysDead: boolean): { log: string[]; fired: number } {
  const sim = new Simulator();
  const log: string[] = [];
  let nextId = 0;
  let other = 0;
  const line: DeadlineFifo<Conn> = new DeadlineFifo<Conn>(
    sim,
    delayNs,
    (c, deadlineNs) => !c.closed && c.idleSinceNs >= 0 && c.idleSinceNs + delayNs === deadlineNs,
    (c) => {
      log.push(`${sim.nowNs} expire ${c.id}`);
      c.closed = true;
    },
    deadStaysDead,
  );
  const goIdle = (c: Conn, s: IdleStep, round: number): void => {
    c.idleSinceNs = sim.nowNs;
    line.start(c);
    if (s.reuseNs < 0 || round > 2) return;
    sim.schedule(s.reuseNs, () => {
      if (c.closed || c.idleSinceNs < 0) return;
      c.idleSinceNs = -1;
      if (s.idleAgainNs < 0) c.closed = true;
      else sim.schedule(s.idleAgainNs, () => goIdle(c, s, round + 1));
    });
  };
  const step = (i: number): void => {
    const s = steps[i]!;
    for (let t = 0; t < s.conns; t++) {
      goIdle({ id: nextId++, idleSinceNs: -1, closed: false }, s, 0);
      sim.schedule(s.otherNs, () => { log.push(`${sim.nowNs} other ${other++}`); });
    }
    if (i + 1 < steps.length) sim.schedule(s.gapNs, step, i + 1);
  };
  sim.schedule(0, step, 0);
  sim.run();
  return { log, fired: sim.eventsFired };
}

test('compacting an idle-timeout line changes nothing, even when a connection goes idle twice in one nanosecond', () => {
  const stepArb = fc.record({
    gapNs: fc.integer({ min: 0, max: 4 }),
    conns: fc.integer({ min: 0, max: 40 }),
    reuseNs: fc.integer({ min: -1, max: 6 }),
    idleAgainNs: fc.integer({ min: -1, max: 3 }),
    otherNs: fc.integer({ min: 0, max: 30 }),
  });
  sameWithAndWithoutCompaction(stepArb, runIdle);
});
