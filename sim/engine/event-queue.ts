import { Heap } from 'heap-js';

/**
 * A pending event. The total order is (timeNs, priority, seq): seq is a strictly increasing
 * integer, so events at the same time and priority fire in the order they were scheduled (FIFO),
 * and the order never depends on object identity or string comparison.
 */
export interface ScheduledEvent {
  readonly timeNs: number;
  readonly priority: number;
  readonly seq: number;
  readonly handler: (arg: unknown) => void;
  readonly arg: unknown;
  /** Tombstone: a cancelled event stays in the heap and is skipped when popped. */
  cancelled: boolean;
}

function compareEvents(a: ScheduledEvent, b: ScheduledEvent): number {
  return a.timeNs - b.timeNs || a.priority - b.priority || a.seq - b.seq;
}

/** Min-heap of events on heap-js. */
export class EventQueue {
  private readonly heap = new Heap<ScheduledEvent>(compareEvents);
  private nextSeq = 0;
  private live = 0;

  push(timeNs: number, priority: number, handler: (arg: unknown) => void, arg: unknown): ScheduledEvent {
    const event: ScheduledEvent = { timeNs, priority, seq: this.nextSeq++, handler, arg, cancelled: false };
    this.heap.push(event);
    this.live++;
    return event;
  }

  /** The next live event, removed from the queue, or undefined when none is left. */
  pop(): ScheduledEvent | undefined {
    for (;;) {
      const event = this.heap.pop();
      if (event === undefined) return undefined;
      if (!event.cancelled) {
        this.live--;
        return event;
      }
    }
  }

  /** Time of the next live event, discarding tombstones on the way. */
  peekTimeNs(): number | undefined {
    for (;;) {
      const event = this.heap.peek();
      if (event === undefined) return undefined;
      if (!event.cancelled) return event.timeNs;
      this.heap.pop();
    }
  }

  /** Puts back an event just popped (its key is unchanged, so the order is too). */
  putBack(event: ScheduledEvent): void {
    this.heap.push(event);
    this.live++;
  }

  cancel(event: ScheduledEvent): void {
    if (event.cancelled) return;
    event.cancelled = true;
    this.live--;
  }

  /** Live (not cancelled) events still pending. */
  get size(): number {
    return this.live;
  }
}
