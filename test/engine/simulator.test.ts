import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulator } from '../../sim/engine/simulator.js';

test('handlers see now at their own time and receive their argument', () => {
  const sim = new Simulator();
  const seen: [number, string][] = [];
  const note = (label: string): void => {
    seen.push([sim.nowNs, label]);
  };
  sim.schedule(30, note, 'c');
  sim.schedule(10, note, 'a');
  sim.schedule(20, (label: string) => {
    note(label);
    sim.schedule(5, note, 'b2'); // relative to now = 20
  }, 'b');
  sim.run();
  assert.deepEqual(seen, [[10, 'a'], [20, 'b'], [25, 'b2'], [30, 'c']]);
  assert.equal(sim.eventsFired, 4);
  assert.equal(sim.pendingEvents, 0);
});

test('run({untilNs}) fires events at untilNs, stops before later ones, and ends at the bound', () => {
  const sim = new Simulator();
  const fired: number[] = [];
  for (const t of [5, 10, 15]) sim.schedule(t, () => fired.push(sim.nowNs));
  sim.run({ untilNs: 10 });
  assert.deepEqual(fired, [5, 10]);
  assert.equal(sim.nowNs, 10);
  assert.equal(sim.pendingEvents, 1);
  sim.run({ untilNs: 12 });
  assert.equal(sim.nowNs, 12, 'the clock advances to the bound even with nothing to fire');
  assert.deepEqual(fired, [5, 10]);
  sim.run();
  assert.deepEqual(fired, [5, 10, 15]);
  assert.equal(sim.nowNs, 15);
});

test('run({untilNs}) on an empty queue advances the clock to the bound', () => {
  const sim = new Simulator();
  sim.run({ untilNs: 1_000 });
  assert.equal(sim.nowNs, 1_000);
});

test('run({maxEvents}) fires exactly that many in this call and leaves the clock at the last one', () => {
  const sim = new Simulator();
  for (let i = 1; i <= 10; i++) sim.schedule(i * 100, () => {});
  sim.run({ maxEvents: 3 });
  assert.equal(sim.eventsFired, 3);
  assert.equal(sim.nowNs, 300);
  sim.run({ maxEvents: 3, untilNs: 10_000 });
  assert.equal(sim.eventsFired, 6);
  assert.equal(sim.nowNs, 600, 'maxEvents reached first: the clock stays at the last event');
});

test('stop() from a handler returns after that event; a later run resumes', () => {
  const sim = new Simulator();
  const fired: number[] = [];
  for (let i = 1; i <= 5; i++) {
    sim.schedule(i, () => {
      fired.push(i);
      if (i === 2) sim.stop();
    });
  }
  sim.run({ untilNs: 100 });
  assert.deepEqual(fired, [1, 2]);
  assert.equal(sim.nowNs, 2, 'a stopped run does not jump to its bound');
  sim.run();
  assert.deepEqual(fired, [1, 2, 3, 4, 5]);
});

test('cancel prevents a pending event from firing and updates pendingEvents', () => {
  const sim = new Simulator();
  const fired: string[] = [];
  const a = sim.schedule(10, () => fired.push('a'));
  sim.schedule(20, () => fired.push('b'));
  assert.equal(sim.pendingEvents, 2);
  sim.cancel(a);
  assert.equal(sim.pendingEvents, 1);
  sim.run();
  assert.deepEqual(fired, ['b']);
  assert.equal(sim.eventsFired, 1);
});

test('step() fires one event at a time and reports an empty queue', () => {
  const sim = new Simulator();
  let count = 0;
  sim.schedule(7, () => count++);
  sim.schedule(9, () => count++);
  assert.equal(sim.step(), true);
  assert.equal(sim.nowNs, 7);
  assert.equal(count, 1);
  assert.equal(sim.step(), true);
  assert.equal(sim.step(), false);
  assert.equal(count, 2);
});

test('priority orders events at the same time; FIFO within equal priority', () => {
  const sim = new Simulator();
  const fired: string[] = [];
  sim.schedule(5, () => fired.push('p1-first'), undefined, 1);
  sim.schedule(5, () => fired.push('p0'), undefined, 0);
  sim.schedule(5, () => fired.push('p1-second'), undefined, 1);
  sim.scheduleAt(5, () => fired.push('p-1'), undefined, -1);
  sim.run();
  assert.deepEqual(fired, ['p-1', 'p0', 'p1-first', 'p1-second']);
});

test('rejects negative, fractional and NaN delays, and scheduling in the past', () => {
  const sim = new Simulator();
  assert.throws(() => sim.schedule(-1, () => {}), RangeError);
  assert.throws(() => sim.schedule(1.5, () => {}), RangeError);
  assert.throws(() => sim.schedule(Number.NaN, () => {}), RangeError);
  sim.run({ untilNs: 100 });
  assert.throws(() => sim.scheduleAt(50, () => {}), RangeError);
  sim.scheduleAt(100, () => {});
  assert.equal(sim.pendingEvents, 1);
});
