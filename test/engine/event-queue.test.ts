import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EventQueue, type ScheduledEvent } from '../../sim/engine/event-queue.js';

const noop = (): void => {};

function byKey(a: ScheduledEvent, b: ScheduledEvent): number {
  return a.timeNs - b.timeNs || a.priority - b.priority || a.seq - b.seq;
}

type Op =
  | { readonly kind: 'push'; readonly timeNs: number; readonly priority: number }
  | { readonly kind: 'pop' }
  | { readonly kind: 'cancel'; readonly pick: number }
  | { readonly kind: 'peek' };

// Small time and priority ranges so that ties, the interesting case, are frequent.
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('push' as const), timeNs: fc.integer({ min: 0, max: 30 }), priority: fc.integer({ min: -2, max: 2 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pop' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('peek' as const) }) },
);

test('pops live events in (time, priority, seq) order under random pushes, pops and cancels', () => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
      const queue = new EventQueue();
      // Model: the live events, and every event ever pushed (cancel may target a fired one).
      let live: ScheduledEvent[] = [];
      const all: ScheduledEvent[] = [];
      for (const op of ops) {
        if (op.kind === 'push') {
          const ev = queue.push(op.timeNs, op.priority, noop, undefined);
          live.push(ev);
          all.push(ev);
        } else if (op.kind === 'pop') {
          const expected = [...live].sort(byKey)[0];
          const got = queue.pop();
          assert.equal(got, expected);
          if (got !== undefined) live = live.filter((e) => e !== got);
        } else if (op.kind === 'cancel') {
          if (all.length === 0) continue;
          const victim = all[op.pick % all.length]!;
          queue.cancel(victim);
          live = live.filter((e) => e !== victim);
        } else {
          assert.equal(queue.peekTimeNs(), [...live].sort(byKey)[0]?.timeNs);
        }
        assert.equal(queue.size, live.length);
      }
      // Drain: what is left comes out sorted, with no cancelled event among it.
      const rest: ScheduledEvent[] = [];
      for (let ev = queue.pop(); ev !== undefined; ev = queue.pop()) rest.push(ev);
      assert.deepEqual(rest, [...live].sort(byKey));
      assert.ok(rest.every((e) => !e.cancelled));
      assert.equal(queue.size, 0);
    }),
    { numRuns: 300 },
  );
});

test('seq is strictly increasing in push order', () => {
  const queue = new EventQueue();
  const seqs = Array.from({ length: 50 }, () => queue.push(0, 0, noop, undefined).seq);
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i]! > seqs[i - 1]!);
});

test('FIFO at equal time and priority beyond ten events (no string comparison of ids)', () => {
  // The counterexample: ordering "event-10" before "event-9" as strings breaks FIFO at the 11th event.
  const queue = new EventQueue();
  const n = 1000;
  for (let i = 0; i < n; i++) queue.push(42, 0, noop, i);
  const order: unknown[] = [];
  for (let ev = queue.pop(); ev !== undefined; ev = queue.pop()) order.push(ev.arg);
  assert.deepEqual(order, Array.from({ length: n }, (_, i) => i));
});

test('lower priority fires first at equal times; time dominates priority', () => {
  const queue = new EventQueue();
  queue.push(10, 5, noop, 'late-high');
  queue.push(5, 9, noop, 'early-low');
  queue.push(10, -1, noop, 'late-urgent');
  queue.push(10, 5, noop, 'late-high-2');
  const order: unknown[] = [];
  for (let ev = queue.pop(); ev !== undefined; ev = queue.pop()) order.push(ev.arg);
  assert.deepEqual(order, ['early-low', 'late-urgent', 'late-high', 'late-high-2']);
});

test('cancel is a tombstone: idempotent, and a no-op once the event has fired', () => {
  const queue = new EventQueue();
  const a = queue.push(1, 0, noop, 'a');
  const b = queue.push(2, 0, noop, 'b');
  queue.push(3, 0, noop, 'c');
  queue.cancel(b);
  queue.cancel(b);
  assert.equal(queue.size, 2);
  assert.equal(queue.pop(), a);
  queue.cancel(a); // already fired
  assert.equal(queue.size, 1);
  assert.equal(queue.peekTimeNs(), 3);
  assert.equal(queue.pop()?.arg, 'c');
  assert.equal(queue.pop(), undefined);
  assert.equal(queue.size, 0);
});

test('putBack restores a popped event in its place', () => {
  const queue = new EventQueue();
  for (let i = 0; i < 20; i++) queue.push(i % 4, 0, noop, i);
  const first = queue.pop()!;
  queue.putBack(first);
  assert.equal(queue.size, 20);
  const order: unknown[] = [];
  for (let ev = queue.pop(); ev !== undefined; ev = queue.pop()) order.push(ev.arg);
  assert.deepEqual(order, [0, 4, 8, 12, 16, 1, 5, 9, 13, 17, 2, 6, 10, 14, 18, 3, 7, 11, 15, 19]);
});

test('a large random heap drains in sorted order (grows past its initial capacity)', () => {
  const queue = new EventQueue();
  let x = 12345;
  const pushed: ScheduledEvent[] = [];
  for (let i = 0; i < 5000; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    pushed.push(queue.push(x % 1000, (x >> 10) % 3, noop, i));
  }
  const popped: ScheduledEvent[] = [];
  for (let ev = queue.pop(); ev !== undefined; ev = queue.pop()) popped.push(ev);
  assert.deepEqual(popped, pushed.sort(byKey));
});

test('the hand-written heap pops in exactly the order heap-js does with the (time, priority, seq) comparator', async () => {
  // heap-js is the reference implementation the engine replaced for speed (docs/benchmarks.md):
  // the same random schedule must come out of both in the same order, event for event.
  const { Heap } = await import('heap-js');
  fc.assert(
    fc.property(fc.array(fc.record({ timeNs: fc.integer({ min: 0, max: 50 }), priority: fc.integer({ min: -1, max: 1 }) }), { maxLength: 400 }), (items) => {
      const queue = new EventQueue();
      const reference = new Heap<{ timeNs: number; priority: number; seq: number }>((a, b) => a.timeNs - b.timeNs || a.priority - b.priority || a.seq - b.seq);
      items.forEach((it, seq) => {
        queue.push(it.timeNs, it.priority, () => {}, seq);
        reference.push({ ...it, seq });
      });
      for (;;) {
        const ours = queue.pop();
        const theirs = reference.pop();
        if (ours === undefined || theirs === undefined) {
          assert.equal(ours, theirs);
          break;
        }
        assert.equal(ours.arg, theirs.seq);
      }
    }),
  );
});

test('mass cancellation compacts the heap without changing what is popped, or in what order', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 3000, maxLength: 5000 }), fc.integer({ min: 1, max: 1000 }), (times, salt) => {
      const queue = new EventQueue();
      const events = times.map((t, i) => queue.push(t, (i * salt) % 3, noop, i));
      const kept: ScheduledEvent[] = [];
      events.forEach((e, i) => ((i * 7919 + salt) % 10 < 8 ? queue.cancel(e) : kept.push(e)));
      assert.equal(queue.size, kept.length);
      kept.sort(byKey);
      for (const expected of kept) assert.equal(queue.pop(), expected);
      assert.equal(queue.pop(), undefined);
    }),
    { numRuns: 20 },
  );
});
