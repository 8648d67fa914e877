/**
 * A binary min-heap of processor-sharing jobs ordered by (finishTag, seq), written out by hand
 * because a NIC holds only a few jobs at a time and is touched on every transfer: no comparator
 * closure, no generic container. Finished jobs go back to a free list, so a steady state of
 * transfers allocates nothing.
 */
export interface PsJob {
  finishTag: number;
  seq: number;
  work: number;
  done: (arg: unknown) => void;
  arg: unknown;
}

function before(a: PsJob, b: PsJob): boolean {
  return a.finishTag < b.finishTag || (a.finishTag === b.finishTag && a.seq < b.seq);
}

export class JobHeap {
  private readonly items: PsJob[] = [];
  private readonly free: PsJob[] = [];

  get length(): number {
    return this.items.length;
  }

  peek(): PsJob | undefined {
    return this.items[0];
  }

  push(finishTag: number, seq: number, work: number, done: (arg: unknown) => void, arg: unknown): void {
    const job = this.free.pop() ?? { finishTag: 0, seq: 0, work: 0, done, arg: undefined };
    job.finishTag = finishTag;
    job.seq = seq;
    job.work = work;
    job.done = done;
    job.arg = arg;
    const items = this.items;
    let i = items.length;
    items.push(job);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (!before(job, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = job;
  }

  /** Removes the least job. The caller must `release` it once done with its fields. */
  pop(): PsJob | undefined {
    const items = this.items;
    const top = items[0];
    if (top === undefined) return undefined;
    const last = items.pop()!;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && before(items[right]!, items[left]!) ? right : left;
        if (!before(items[child]!, last)) break;
        items[i] = items[child]!;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }

  release(job: PsJob): void {
    job.arg = undefined;
    this.free.push(job);
  }
}
