import type { Simulator } from './simulator.js';

/**
 * One resource primitive, measured the same way everywhere, so that "what saturated first" is one
 * generic question asked of every CPU, NIC, link and connection table.
 *
 * Integrals are kept exactly (piecewise-constant functions integrated at every change):
 *  - busy: Σ busy servers × dt (FCFS), or dt while any job is present (PS), or occupancy × dt (gauge);
 *  - queue: Σ waiting jobs × dt (FCFS), jobs present × dt (PS), occupancy × dt (gauge).
 * `resetStats()` starts a new observation window (warm-up exclusion) without touching state.
 */
export type ResourceKind = 'cpu' | 'nic-rx' | 'nic-tx' | 'link' | 'conn-table' | 'workers' | 'accept-queue' | 'queue';

export interface ResourceSnapshot {
  readonly id: string;
  readonly node: string;
  readonly kind: ResourceKind;
  /** Fraction of capacity in use, time-averaged over the observation window, in [0, 1]. */
  readonly utilization: number;
  readonly meanQueue: number;
  readonly maxQueue: number;
  /** Jobs completed (or, for a gauge, acquisitions) in the window. */
  readonly served: number;
  /** Jobs refused because the queue limit was reached, in the window. */
  readonly dropped: number;
  /** Work units completed in the window: ns of service (FCFS) or bytes (PS). */
  readonly work: number;
  /** What limits this resource, in words, when a subclass knows more than its utilization (absent otherwise). */
  readonly limitNote?: string;
}

export type Done<A> = (arg: A) => void;

/**
 * The numbers a resource keeps, as consecutive slots of the simulator's arena (offsets below,
 * from the resource's `at`). V8 boxes a double held in an object field in a heap number of its
 * own, allocated wherever the heap was when the field first held a non-integer, so a resource's
 * integrals, clock and work would be a handful of scattered cache lines; as slots they are one,
 * beside those of the resources built with it, in an array whose header all of them share. With
 * a thousand servers each touched a few times per second, that locality is most of the cost of a
 * request. Subclasses with numbers of their own put them after RESOURCE_SLOTS.
 */
export const LAST_CHANGE_NS = 0;
export const BUSY_INTEGRAL = 1;
export const QUEUE_INTEGRAL = 2;
export const MAX_QUEUE = 3;
export const WORK_DONE = 4;
export const WINDOW_START_NS = 5;
export const RESOURCE_SLOTS = 6;

/**
 * Integrates the levels held since the last change up to `nowNs` (exact: piecewise constant), for
 * the resource whose slots start at `at` in `v`.
 */
export function addLevels(v: Float64Array, at: number, nowNs: number, busyLevel: number, queueLevel: number): void {
  const dt = nowNs - v[at + LAST_CHANGE_NS]!;
  if (dt > 0) {
    v[at + BUSY_INTEGRAL] = v[at + BUSY_INTEGRAL]! + busyLevel * dt;
    v[at + QUEUE_INTEGRAL] = v[at + QUEUE_INTEGRAL]! + queueLevel * dt;
    v[at + LAST_CHANGE_NS] = nowNs;
  }
}

export function noteQueueLevel(v: Float64Array, at: number, queueLevel: number): void {
  if (queueLevel > v[at + MAX_QUEUE]!) v[at + MAX_QUEUE] = queueLevel;
}

/** Starts an observation window at `nowNs` for the slots at `at`: integrals and work from zero, the peak queue from the level now. */
export function startWindow(v: Float64Array, at: number, nowNs: number, queueLevel: number): void {
  v[at + WINDOW_START_NS] = nowNs;
  v[at + LAST_CHANGE_NS] = nowNs;
  v[at + BUSY_INTEGRAL] = 0;
  v[at + QUEUE_INTEGRAL] = 0;
  v[at + MAX_QUEUE] = queueLevel;
  v[at + WORK_DONE] = 0;
}

/** What the slots at `at` measured over their window up to `nowNs` (integrate the levels up to now first), for `capacityUnits` of capacity. */
export function windowMeasures(v: Float64Array, at: number, nowNs: number, capacityUnits: number): { utilization: number; meanQueue: number; maxQueue: number; work: number } {
  const span = nowNs - v[at + WINDOW_START_NS]!;
  return {
    utilization: span > 0 ? v[at + BUSY_INTEGRAL]! / (span * capacityUnits) : 0,
    meanQueue: span > 0 ? v[at + QUEUE_INTEGRAL]! / span : 0,
    maxQueue: v[at + MAX_QUEUE]!,
    work: v[at + WORK_DONE]!,
  };
}

export abstract class Resource {
  /**
   * Integrals, clock and work: slots [at, at + slots) of a chunk of the simulator's arena, shared
   * with other resources (slot-arena.ts). Subclasses on hot paths call `addLevels` with their
   * levels instead of `accrue()` (same sums).
   */
  protected readonly levels: Float64Array;
  protected readonly at: number;
  protected servedCount = 0;
  protected droppedCount = 0;

  constructor(
    protected readonly sim: Simulator,
    readonly id: string,
    readonly node: string,
    readonly kind: ResourceKind,
    slots = RESOURCE_SLOTS,
  ) {
    const taken = sim.arena.take(slots);
    this.levels = taken.array;
    this.at = taken.at;
    startWindow(this.levels, this.at, sim.nowNs, 0);
  }

  /** Busy level in [0, capacityUnits] right now. */
  protected abstract busyLevel(): number;
  /** Queue level right now (see the class comment for what each kind counts). */
  protected abstract queueLevel(): number;
  protected abstract capacityUnits(): number;

  /** Must be called before any change of busy or queue level. */
  protected accrue(): void {
    addLevels(this.levels, this.at, this.sim.nowNs, this.busyLevel(), this.queueLevel());
  }

  protected noteQueue(): void {
    noteQueueLevel(this.levels, this.at, this.queueLevel());
  }

  resetStats(): void {
    this.accrue();
    startWindow(this.levels, this.at, this.sim.nowNs, this.queueLevel());
    this.servedCount = 0;
    this.droppedCount = 0;
  }

  /** A subclass's word on what limits it over a window of `spanNs` (see ResourceSnapshot.limitNote). */
  protected limitNote(_spanNs: number): string | undefined {
    return undefined;
  }

  snapshot(): ResourceSnapshot {
    this.accrue();
    const now = this.sim.nowNs;
    const note = this.limitNote(now - this.levels[this.at + WINDOW_START_NS]!);
    const m = windowMeasures(this.levels, this.at, now, this.capacityUnits());
    const s: { -readonly [K in keyof ResourceSnapshot]: ResourceSnapshot[K] } = {
      id: this.id,
      node: this.node,
      kind: this.kind,
      utilization: m.utilization,
      meanQueue: m.meanQueue,
      maxQueue: m.maxQueue,
      served: this.servedCount,
      dropped: this.droppedCount,
      work: m.work,
    };
    if (note !== undefined) s.limitNote = note;
    return s;
  }
}
