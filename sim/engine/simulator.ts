import { EventQueue, type ScheduledEvent } from './event-queue.js';
import { SlotArena } from './slot-arena.js';

/**
 * The engine: a clock and an event queue, nothing about networks.
 *
 *   schedule(delay) ──► queue ordered by (time, priority, seq) ──► step(): pop, advance now, call
 *
 * Handlers are plain callbacks with one argument (no closures needed on hot paths, no Promises:
 * the order of events is the queue's alone).
 */
export type EventHandle = ScheduledEvent;

export interface RunLimits {
  /** Stop before the first event later than this time; `now` is then set to it. */
  readonly untilNs?: number;
  /** Stop after this many events have fired in this call. */
  readonly maxEvents?: number;
}

export class Simulator {
  private readonly queue = new EventQueue();
  /** Where long-lived model objects keep their numbers, packed together (slot-arena.ts). */
  readonly arena = new SlotArena();
  private nowNsValue = 0;
  private firedCount = 0;
  private stopRequested = false;

  get nowNs(): number {
    return this.nowNsValue;
  }

  /** Events fired since the simulator was made. */
  get eventsFired(): number {
    return this.firedCount;
  }

  get pendingEvents(): number {
    return this.queue.size;
  }

  /** Schedules `handler(arg)` after `delayNs` (≥ 0, integer). Lower priority fires first at equal times. */
  schedule<A>(delayNs: number, handler: (arg: A) => void, arg?: A, priority = 0): EventHandle {
    if (!(delayNs >= 0) || !Number.isInteger(delayNs)) {
      throw new RangeError(`delayNs must be a non-negative integer, got ${delayNs}`);
    }
    return this.queue.push(this.nowNsValue + delayNs, priority, handler as (arg: unknown) => void, arg);
  }

  /**
   * Schedules `handler(arg)` after `delayNs` like `schedule`, same order, but returns no handle:
   * for hot paths that never cancel. The engine reuses the event object once it has fired.
   */
  post<A>(delayNs: number, handler: (arg: A) => void, arg: A, priority = 0): void {
    this.postOwned(delayNs, handler, arg, priority);
  }

  /**
   * Like `post`, returning a handle its owner may cancel, on one condition: the owner drops the
   * handle as soon as the event fires or is cancelled (the engine then reuses the object).
   */
  postOwned<A>(delayNs: number, handler: (arg: A) => void, arg: A, priority = 0): EventHandle {
    if (!(delayNs >= 0) || !Number.isInteger(delayNs)) {
      throw new RangeError(`delayNs must be a non-negative integer, got ${delayNs}`);
    }
    return this.queue.pushPooled(this.nowNsValue + delayNs, priority, handler as (arg: unknown) => void, arg);
  }

  scheduleAt<A>(timeNs: number, handler: (arg: A) => void, arg?: A, priority = 0): EventHandle {
    return this.schedule(timeNs - this.nowNsValue, handler, arg, priority);
  }

  /**
   * For engine helpers that keep events outside the queue until they are due (DelayLine): the
   * sequence number an event scheduled now would get, to be used later with `scheduleReserved`.
   */
  reserveSeq(): number {
    return this.queue.reserveSeq();
  }

  /** Schedules at `timeNs` (≥ now) with a reserved sequence number: it fires where it would have had it been scheduled when reserved. */
  scheduleReserved<A>(timeNs: number, seq: number, handler: (arg: A) => void, arg?: A, priority = 0): EventHandle {
    if (!(timeNs >= this.nowNsValue) || !Number.isInteger(timeNs)) {
      throw new RangeError(`timeNs must be an integer not before now (${this.nowNsValue}), got ${timeNs}`);
    }
    return this.queue.pushWithSeq(timeNs, priority, seq, handler as (arg: unknown) => void, arg);
  }

  cancel(handle: EventHandle): void {
    this.queue.cancel(handle);
  }

  /** Fires the next event. Returns false when the queue is empty. */
  step(): boolean {
    const event = this.queue.pop();
    if (event === undefined) return false;
    this.nowNsValue = event.timeNs;
    this.firedCount++;
    event.handler(event.arg);
    if (event.pooled) this.queue.recycle(event);
    return true;
  }

  /** Asks `run` to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Runs until the queue empties, `untilNs` is reached, `maxEvents` fire, or `stop()` is called. */
  run(limits: RunLimits = {}): void {
    const untilNs = limits.untilNs ?? Number.POSITIVE_INFINITY;
    const lastEvent = this.firedCount + (limits.maxEvents ?? Number.POSITIVE_INFINITY);
    const queue = this.queue;
    this.stopRequested = false;
    while (!this.stopRequested && this.firedCount < lastEvent) {
      const event = queue.pop();
      if (event === undefined) break;
      if (event.timeNs > untilNs) {
        queue.putBack(event);
        break;
      }
      this.nowNsValue = event.timeNs;
      this.firedCount++;
      event.handler(event.arg);
      if (event.pooled) queue.recycle(event);
    }
    // A bounded run ends at its bound when nothing stopped it early, so integrals cover it all.
    if (!this.stopRequested && this.firedCount < lastEvent && untilNs !== Number.POSITIVE_INFINITY) {
      this.nowNsValue = Math.max(this.nowNsValue, untilNs);
    }
  }
}
