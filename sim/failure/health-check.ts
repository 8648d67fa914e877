import type { EventHandle, Simulator } from '../engine/simulator.js';

/**
 * Active health checks of one server by one checker (a director's keepalived or a proxy's
 * haproxy), in either product's style (docs/failure.md §2, docs/sources.md §3.3 and §4):
 *
 * haproxy: a health counter from 0 to rise + fall − 1; the server is up while it is ≥ rise. A
 *   failure in the up range takes one off, and the one that would take it below rise marks the
 *   server down (counter 0); a success adds one, and reaching rise marks it up (counter full).
 *   At start the counter is rise: up, but one failure marks it down (as haproxy starts a server).
 *   The next check starts `inter` after the previous one *finished* when the counter is full,
 *   `downinter` when it is 0, `fastinter` in between. A check with no answer fails after
 *   `timeoutNs` (haproxy's `timeout check`, or `inter` when that is unset).
 * keepalived: a connect every `delay_loop` after the previous check finished; a failed connect is
 *   retried `retry` times, `delay_before_retry` apart, before the server is removed; a single
 *   success puts it back. A connect with no answer fails after `connect_timeout`.
 *
 * The checker owns the timeout; the probe (real packets to the server and back, supplied by the
 * caller) reports success or failure, or never answers (a black-holed server).
 */
export interface HaproxyCheckSpec {
  readonly style: 'haproxy';
  readonly interNs: number;
  readonly fastInterNs: number;
  readonly downInterNs: number;
  readonly fall: number;
  readonly rise: number;
  readonly timeoutNs: number;
}

export interface KeepalivedCheckSpec {
  readonly style: 'keepalived';
  readonly delayLoopNs: number;
  readonly connectTimeoutNs: number;
  readonly retry: number;
  readonly delayBeforeRetryNs: number;
}

export type CheckSpec = HaproxyCheckSpec | KeepalivedCheckSpec;

/** haproxy's defaults (inter 2 s, fastinter and downinter unset so equal to inter, fall 3, rise 2). */
export function haproxyCheck(overrides: Partial<Omit<HaproxyCheckSpec, 'style'>> = {}): HaproxyCheckSpec {
  const interNs = overrides.interNs ?? 2e9;
  const fastInterNs = overrides.fastInterNs ?? interNs;
  return { style: 'haproxy', interNs, fastInterNs, downInterNs: overrides.downInterNs ?? fastInterNs, fall: overrides.fall ?? 3, rise: overrides.rise ?? 2, timeoutNs: overrides.timeoutNs ?? interNs };
}

/** keepalived's defaults for a TCP_CHECK (delay_loop 60 s, connect_timeout 5 s, retry 1, 1 s between). */
export function keepalivedCheck(overrides: Partial<Omit<KeepalivedCheckSpec, 'style'>> = {}): KeepalivedCheckSpec {
  return { style: 'keepalived', delayLoopNs: overrides.delayLoopNs ?? 60e9, connectTimeoutNs: overrides.connectTimeoutNs ?? 5e9, retry: overrides.retry ?? 1, delayBeforeRetryNs: overrides.delayBeforeRetryNs ?? 1e9 };
}

/** A probe: sends a check and calls `done(ok)` when the answer arrives, or never (no answer). */
export type Probe = (done: (ok: boolean) => void) => void;

export class HealthChecker {
  up = true;
  checks = 0;
  /** haproxy health counter; keepalived: failed attempts in the current run of failures. */
  private counter: number;
  private attempt = 0;
  private timer: EventHandle | null = null;
  private running = false;
  private stopped = false;

  constructor(
    private readonly sim: Simulator,
    readonly spec: CheckSpec,
    private readonly probe: Probe,
    private readonly onChange: (up: boolean, nowNs: number) => void,
  ) {
    this.counter = spec.style === 'haproxy' ? spec.rise : 0;
  }

  /** The first check starts after `offsetNs` (checkers stagger their servers). */
  start(offsetNs: number): void {
    this.timer = this.sim.schedule(offsetNs, this.run, undefined);
  }

  /** The checker itself stops (its box crashed): no more checks, no more verdicts. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.sim.cancel(this.timer);
    this.timer = null;
  }

  private readonly run = (): void => {
    this.timer = null;
    if (this.stopped) return;
    this.checks++;
    this.running = true;
    const attempt = ++this.attempt;
    const timeoutNs = this.spec.style === 'haproxy' ? this.spec.timeoutNs : this.spec.connectTimeoutNs;
    const timeout = this.sim.schedule(timeoutNs, () => this.finish(attempt, false), undefined);
    this.probe((ok) => {
      this.sim.cancel(timeout);
      this.finish(attempt, ok);
    });
  };

  private finish(attempt: number, ok: boolean): void {
    if (attempt !== this.attempt || !this.running || this.stopped) return; // a late answer to a check that already timed out
    this.running = false;
    const nextNs = this.spec.style === 'haproxy' ? this.haproxyVerdict(this.spec, ok) : this.keepalivedVerdict(this.spec, ok);
    this.timer = this.sim.schedule(nextNs, this.run, undefined);
  }

  private haproxyVerdict(s: HaproxyCheckSpec, ok: boolean): number {
    const full = s.rise + s.fall - 1;
    if (ok) {
      if (!this.up && this.counter + 1 >= s.rise) this.mark(true);
      this.counter = this.up ? full : this.counter + 1;
    } else if (this.up) {
      if (this.counter - 1 < s.rise) {
        this.counter = 0;
        this.mark(false);
      } else this.counter--;
    } else this.counter = 0;
    return this.counter === full ? s.interNs : this.counter === 0 ? s.downInterNs : s.fastInterNs;
  }

  private keepalivedVerdict(s: KeepalivedCheckSpec, ok: boolean): number {
    if (ok) {
      this.counter = 0;
      if (!this.up) this.mark(true);
      return s.delayLoopNs;
    }
    if (!this.up) return s.delayLoopNs;
    if (this.counter < s.retry) {
      this.counter++;
      return s.delayBeforeRetryNs;
    }
    this.counter = 0;
    this.mark(false);
    return s.delayLoopNs;
  }

  private mark(up: boolean): void {
    this.up = up;
    this.onChange(up, this.sim.nowNs);
  }
}

/**
 * Bounds on the time from a server failing to its checker marking it down, for a checker that has
 * seen the server healthy (haproxy counter full). A check takes `okNs` when answered and `failNs`
 * when it fails (a refusal: one round trip; no answer: the timeout). The first failing check starts
 * between a check's length before the failure and one whole interval plus a check after it; then
 * `fall` (haproxy) or `retry + 1` (keepalived) failing checks run back to back with their gaps.
 */
export function detectionBoundsNs(spec: CheckSpec, okNs: number, failNs: number): { minNs: number; maxNs: number } {
  const chain = spec.style === 'haproxy'
    ? spec.fall * failNs + (spec.fall - 1) * spec.fastInterNs
    : (spec.retry + 1) * failNs + spec.retry * spec.delayBeforeRetryNs;
  const loopNs = spec.style === 'haproxy' ? spec.interNs : spec.delayLoopNs;
  return { minNs: Math.max(0, chain - okNs), maxNs: chain + loopNs + okNs };
}

/**
 * Bounds on the time from a server recovering to its checker marking it up again, from the
 * checker's settled down state (haproxy counter 0: checks every `downinter`; keepalived: every
 * `delay_loop`). One failing check may be under way when it recovers.
 */
export function recoveryBoundsNs(spec: CheckSpec, okNs: number, failNs: number): { minNs: number; maxNs: number } {
  const chain = spec.style === 'haproxy' ? spec.rise * okNs + (spec.rise - 1) * spec.fastInterNs : okNs;
  const loopNs = spec.style === 'haproxy' ? spec.downInterNs : spec.delayLoopNs;
  return { minNs: Math.max(0, chain - okNs), maxNs: chain + loopNs + failNs };
}
