import type { Simulator } from '../engine/simulator.js';

/** Below this many held timers a line is never compacted (a scan would cost more than it frees). */
const MIN_COMPACT = 64;

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
 *
 * A dead timer behind a live head is still held (with its item) until the head moves on, so one
 * long-lived item at the head (a request near its timeout) would keep every item started after it:
 * at 52,000 requests/s and a 10 s timeout, half a million requests and all they reference. A line
 * whose dead timers stay dead (`deadStaysDead`: once `isLive` is false for a timer after the
 * instant it started, it stays false; `!finished` is, and so is an idle timeout's "still the same
 * idle spell", which only the very instant a connection went idle can repeat) is therefore
 * compacted: when it holds twice as many timers as were live at the last compaction (and at least
 * 64), the dead ones started before now are dropped wherever they are. That fires nothing and
 * changes no timer's order; the event armed for the head fires when it would have, and finds the
 * same live timers it would have found after popping the dead ones, so results and event counts
 * are unchanged. Lines whose items can come back to life later (an attempt connecting again) are
 * never compacted.
 */
export class DeadlineFifo<T> {
  private times = new Float64Array(64);
  private items: (T | undefined)[] = new Array<T | undefined>(64);
  private head = 0;
  private count = 0;
  /** An event is scheduled (or the line is firing and will re-arm itself when done). */
  private armed = false;
  /** Held timers at which a final-liveness line drops its dead ones. */
  private compactAt = MIN_COMPACT;

  constructor(
    private readonly sim: Simulator,
    readonly delayNs: number,
    private readonly isLive: (item: T, deadlineNs: number) => boolean,
    private readonly expire: (item: T) => void,
    private readonly deadStaysDead = false,
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
    if (this.deadStaysDead && this.count >= this.compactAt) this.compact();
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

  /** Drops every dead timer started before now, keeping the others in order (only for lines whose dead stay dead). */
  private compact(): void {
    const mask = this.times.length - 1;
    const n = this.count;
    // A timer started at this very instant may still come back to life (see the class comment).
    const startedNowNs = this.sim.nowNs + this.delayNs;
    let kept = 0;
    for (let k = 0; k < n; k++) {
      const from = (this.head + k) & mask;
      const item = this.items[from] as T;
      const deadlineNs = this.times[from]!;
      this.items[from] = undefined;
      if (deadlineNs !== startedNowNs && !this.isLive(item, deadlineNs)) continue;
      const to = (this.head + kept) & mask;
      this.times[to] = deadlineNs;
      this.items[to] = item;
      kept++;
    }
    this.count = kept;
    this.compactAt = Math.max(MIN_COMPACT, 2 * kept);
  }

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
