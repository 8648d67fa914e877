import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { JobHeap } from '../../sim/engine/job-heap.js';
import { SlotArena } from '../../sim/engine/slot-arena.js';

interface RefJob { readonly finishTag: number; readonly seq: number; readonly work: number; readonly arg: number }

/** The order the heap must reproduce: least finishTag first, then least seq (a stable sort). */
function refPop(jobs: RefJob[]): RefJob | undefined {
  let best = -1;
  for (let k = 0; k < jobs.length; k++) {
    const j = jobs[k]!;
    const b = best < 0 ? undefined : jobs[best]!;
    if (b === undefined || j.finishTag < b.finishTag || (j.finishTag === b.finishTag && j.seq < b.seq)) best = k;
  }
  return best < 0 ? undefined : jobs.splice(best, 1)[0];
}

it('JobHeap pops in (finishTag, seq) order like a reference, with ties, interleaved pushes and growth', () => {
  // Few distinct tags (ties are common), runs long enough to grow past the initial capacity.
  const opArb = fc.oneof(
    { weight: 3, arbitrary: fc.record({ push: fc.constant(true as const), tag: fc.integer({ min: 0, max: 5 }), frac: fc.constantFrom(0, 0.25, 0.5) }) },
    { weight: 2, arbitrary: fc.record({ push: fc.constant(false as const) }) },
  );
  fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.array(opArb, { minLength: 1, maxLength: 120 }), (capacity, ops) => {
    // Two heaps in one arena, the other one pushed to as well: ranges must not overlap.
    const arena = new SlotArena();
    const heap = new JobHeap(arena, capacity);
    const other = new JobHeap(arena, 1);
    const ref: RefJob[] = [];
    const fired: number[] = [];
    const note = (arg: unknown): void => { fired.push(arg as number); };
    let seq = 0;
    for (const op of ops) {
      if (op.push) {
        const job = { finishTag: op.tag + op.frac, seq: seq++, work: op.tag * 7 + 1, arg: seq * 10 };
        heap.push(job.finishTag, job.seq, job.work, note, job.arg);
        other.push(-job.finishTag, job.seq, -1, note, -1);
        ref.push(job);
      } else {
        const want = refPop(ref);
        const slot = heap.pop();
        if (want === undefined) {
          assert.equal(slot, -1);
          continue;
        }
        assert.notEqual(slot, -1);
        assert.equal(heap.tagOf(slot), want.finishTag);
        assert.equal(heap.workOf(slot), want.work);
        assert.equal(heap.argOf(slot), want.arg);
        heap.doneOf(slot)(heap.argOf(slot));
        heap.release(slot);
        assert.equal(fired.at(-1), want.arg);
      }
      assert.equal(heap.length, ref.length);
      if (ref.length > 0) assert.equal(heap.headTag(), Math.min(...ref.map((j) => j.finishTag)));
    }
  }), { numRuns: 300 });
});

it('JobHeap.release drops the job\'s argument', () => {
  const heap = new JobHeap(new SlotArena(), 1);
  heap.push(1, 0, 1, () => {}, { big: true });
  const slot = heap.pop();
  heap.release(slot);
  assert.equal(heap.argOf(slot), undefined);
  assert.equal(heap.doneOf(slot), undefined);
});
