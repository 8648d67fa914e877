import type { Simulator } from './simulator.js';

/**
 * Timers that all run for the same delay (a FIN timeout, say). Started in time order, they expire
 * in that same order, so a FIFO holds them and only the earliest is in the event queue: the queue
 * stays as small as what is really about to happen, however many timers are pending (at 52,000
 * requests/s a 120 s timeout keeps hundreds of thousands pending).
 *
 * Each timer takes the sequence number it would have had as an event of its own when started, so
 * it fires at exactly the same place in the (time, priority, seq) order, and counts as one fired
 * event, as it would have: swapping scheduled events for a DelayLine changes no result.
 */
export class DelayLine<A> {
  private times = new Float64Array(64);
  private seqs = new Float64Array(64);
  private args: (A | undefined)[] = new Array<A | undefined>(64);
  private head = 0;
  private count = 0;

  constructor(
    private readonly sim: Simulator,
    readonly delayNs: number,
    private readonly handler: (arg: A) => void,
    private readonly priority = 0,
  ) {
    if (!(delayNs >= 0) || !Number.isInteger(delayNs)) throw new RangeError(`delayNs must be a non-negative integer, got ${delayNs}`);
  }

  /** Timers started and not yet expired. */
  get pending(): number {
    return this.count;
  }

  /** Starts a timer: `handler(arg)` runs `delayNs` from now. */
  start(arg: A): void {
    if (this.count === this.times.length) this.grow();
    const i = (this.head + this.count) & (this.times.length - 1);
    this.times[i] = this.sim.nowNs + this.delayNs;
    this.seqs[i] = this.sim.reserveSeq();
    this.args[i] = arg;
    this.count++;
    if (this.count === 1) this.arm();
  }

  private arm(): void {
    const h = this.head;
    this.sim.scheduleReserved(this.times[h]!, this.seqs[h]!, this.expire, undefined, this.priority);
  }

  private readonly expire = (): void => {
    const h = this.head;
    const arg = this.args[h] as A;
    this.args[h] = undefined;
    this.head = (h + 1) & (this.times.length - 1);
    this.count--;
    // The next timer goes into the queue before the handler runs: its place in the order is fixed
    // by its time and reserved seq, so when it is inserted does not matter, only that it is there.
    if (this.count > 0) this.arm();
    this.handler(arg);
  };

  /** Doubles the ring (a power of two, so positions wrap with a mask). */
  private grow(): void {
    const size = this.times.length;
    const times = new Float64Array(size * 2);
    const seqs = new Float64Array(size * 2);
    const args = new Array<A | undefined>(size * 2);
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & (size - 1);
      times[k] = this.times[i]!;
      seqs[k] = this.seqs[i]!;
      args[k] = this.args[i];
    }
    this.times = times;
    this.seqs = seqs;
    this.args = args;
    this.head = 0;
  }
}
