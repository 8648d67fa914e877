import type { Simulator } from '../engine/simulator.js';

/**
 * Timers that all run for the same delay (a client's request timeout, its connect timeout, one
 * step of the SYN retransmission schedule). Started in time order, they expire in that order, so
 * a FIFO holds them and only the earliest live one has an event in the simulator's queue.
 *
 * Nothing is cancelled: a timer whose subject has moved on (the request completed, the SYN was
 * answered) is *dead*, as `isLive` says, and is dropped lazily when it reaches the head, on a
 * start or when the head's event fires. Requests mostly finish in the order they started, so the
 * ring holds about what is in flight, and the event queue holds one event per line, however many
 * timers are pending.
 */
export class DeadlineFifo<T> {
  private times = new Float64Array(64);
  private items: (T | undefined)[] = new Array<T | undefined>(64);
  private head = 0;
  private count = 0;
  /** An event is scheduled (or the line is firing and will re-arm itself when done). */
  private armed = false;

  constructor(
    private readonly sim: Simulator,
    readonly delayNs: number,
    private readonly isLive: (item: T, deadlineNs: number) => boolean,
    private readonly expire: (item: T) => void,
  ) {
    if (!(delayNs >= 0) || !Number.isInteger(delayNs)) throw new RangeError(`delayNs must be a non-negative integer, got ${delayNs}`);
  }

  /** Timers held (live or not yet swept). */
  get pending(): number {
    return this.count;
  }

  /** Starts a timer for `item`: `expire(item)` runs `delayNs` from now if `isLive(item)` still holds then. */
  start(item: T): void {
    this.sweep();
    if (this.count === this.times.length) this.grow();
    const i = (this.head + this.count) & (this.times.length - 1);
    this.times[i] = this.sim.nowNs + this.delayNs;
    this.items[i] = item;
    this.count++;
    if (!this.armed) this.arm();
  }

  private sweep(): void {
    while (this.count > 0 && !this.isLive(this.items[this.head] as T, this.times[this.head]!)) this.pop();
  }

  private pop(): T {
    const h = this.head;
    const item = this.items[h] as T;
    this.items[h] = undefined;
    this.head = (h + 1) & (this.times.length - 1);
    this.count--;
    return item;
  }

  private arm(): void {
    this.armed = true;
    this.sim.scheduleAt(this.times[this.head]!, this.fire);
  }

  private readonly fire = (): void => {
    const now = this.sim.nowNs;
    // `armed` stays true while firing: handlers that start timers here do not schedule a second event.
    while (this.count > 0) {
      const item = this.items[this.head] as T;
      if (!this.isLive(item, this.times[this.head]!)) {
        this.pop();
        continue;
      }
      if (this.times[this.head]! > now) break;
      this.pop();
      this.expire(item);
    }
    this.armed = false;
    if (this.count > 0) this.arm();
  };

  /** Doubles the ring (a power of two, so positions wrap with a mask). */
  private grow(): void {
    const size = this.times.length;
    const times = new Float64Array(size * 2);
    const items = new Array<T | undefined>(size * 2);
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & (size - 1);
      times[k] = this.times[i]!;
      items[k] = this.items[i];
    }
    this.times = times;
    this.items = items;
    this.head = 0;
  }
}
