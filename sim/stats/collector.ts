import { NS_PER_MS, NS_PER_S } from '../engine/time.js';
import type { Request } from '../models/request.js';
import type { Imbalance, LatencySummaryMs, RequestCounts, ServerShare, TimelinePoint } from '../result.js';
import { CensoredLatency } from './censored-latency.js';
import { CoarseHistogram } from './coarse-histogram.js';

/**
 * Request outcomes for the measured window [warm-up end, window end), by standard definitions:
 *  - counts (issued, completed, failed, timedOut, inFlight, unfinished, retried) and latency
 *    follow the requests *issued* in the window, each closed exactly once, so
 *    issued = completed + failed + timedOut + inFlight holds by construction; after the window
 *    closes the run drains (load continues, new requests are not measured) so that requests issued
 *    just before the end get their outcome instead of being censored (see sim/run.ts);
 *  - latency counts every issued request: exact when it completed, censored at its age otherwise
 *    (CensoredLatency);
 *  - throughput, goodput and the timeline are *departures* in the window, whenever the request
 *    was issued (throughput is a departure rate: a saturated system with a backlog from warm-up
 *    still completes work at its capacity);
 *  - per-server shares are *arrivals at the servers* in the window (see `dispatch`).
 * A response that arrives after the request's deadline counts as timed out: the client had given
 * up (the servers, which never learn of it, still did the work).
 *
 * Models (or the client logic) call: issue, dispatch, then exactly one of complete, fail, timeOut
 * (later calls for a closed request are ignored and return false), and retry for each new attempt.
 */
export class Collector {
  private issuedCount = 0;
  private completedCount = 0;
  private failedCount = 0;
  private timedOutCount = 0;
  private retriedCount = 0;
  private goodputBytes = 0;
  private departures = 0;
  private windowEndNs = Number.POSITIVE_INFINITY;
  private finished = false;
  /** Measured requests not yet closed, as a doubly-linked list through the requests themselves. */
  private openHead: Request | null = null;
  private openCount = 0;
  private readonly latency = new CensoredLatency();
  private readonly serverRequests: number[];
  private readonly serverBytes: number[];
  private readonly buckets: Bucket[] = [];
  /** Called once the window has closed and no measured request is open any more. */
  onDrained: (() => void) | null = null;

  constructor(servers: number, private readonly windowStartNs: number, private readonly intervalNs: number) {
    this.serverRequests = new Array<number>(servers).fill(0);
    this.serverBytes = new Array<number>(servers).fill(0);
  }

  /** Measured requests still open. */
  get inFlight(): number {
    return this.openCount;
  }

  private inWindow(nowNs: number): boolean {
    return nowNs >= this.windowStartNs && nowNs < this.windowEndNs;
  }

  /** The measured window ends: later requests are not measured, later departures not counted. */
  closeWindow(nowNs: number): void {
    this.windowEndNs = nowNs;
    if (this.openCount === 0) this.onDrained?.();
  }

  issue(req: Request): void {
    if (!req.measured || req.issuedNs >= this.windowEndNs) return;
    this.issuedCount++;
    req.open = true;
    req.nextOpen = this.openHead;
    if (this.openHead !== null) this.openHead.prevOpen = req;
    this.openHead = req;
    this.openCount++;
  }

  /**
   * Marks the request closed; true when it is measured (it was on the open list). False, and
   * nothing else happens, for a request already closed.
   */
  private close(req: Request): boolean {
    req.closed = true;
    if (!req.open) return false;
    req.open = false;
    if (req.prevOpen !== null) req.prevOpen.nextOpen = req.nextOpen;
    else this.openHead = req.nextOpen;
    if (req.nextOpen !== null) req.nextOpen.prevOpen = req.prevOpen;
    req.prevOpen = req.nextOpen = null;
    this.openCount--;
    if (this.openCount === 0 && this.windowEndNs !== Number.POSITIVE_INFINITY) this.onDrained?.();
    return true;
  }

  private bucket(nowNs: number): Bucket {
    const i = Math.max(0, Math.floor((nowNs - this.windowStartNs) / this.intervalNs));
    while (this.buckets.length <= i) this.buckets.push({ completed: 0, failed: 0, timedOut: 0, retried: 0, latency: new CoarseHistogram() });
    return this.buckets[i]!;
  }

  /**
   * The last byte of the response reached the client. Returns false when the request was already
   * closed (a response after the client timed out, or after a failure): nothing is counted again.
   */
  complete(req: Request, nowNs: number, timeoutNs: number): boolean {
    if (req.closed) return false;
    const measured = this.close(req);
    const latencyNs = nowNs - req.issuedNs;
    const counted = this.inWindow(nowNs);
    if (latencyNs > timeoutNs) {
      // The client had given up at its deadline: censored there.
      if (measured) {
        this.timedOutCount++;
        this.latency.recordCensored(timeoutNs);
      }
      if (counted) this.bucket(nowNs).timedOut++;
      return true;
    }
    if (measured) {
      this.completedCount++;
      this.latency.recordExact(latencyNs);
    }
    if (counted) {
      this.departures++;
      this.goodputBytes += req.objectBytes;
      const b = this.bucket(nowNs);
      b.completed++;
      b.latency.record(latencyNs);
    }
    return true;
  }

  /** Refused somewhere on the way (no server available, a full table or queue, a 503). */
  fail(req: Request, nowNs: number): boolean {
    return this.end(req, nowNs, 'failed');
  }

  /**
   * The client abandoned the request at its deadline (connect or request timeout, retries spent).
   * A response arriving later is ignored (complete returns false).
   */
  timeOut(req: Request, nowNs: number): boolean {
    return this.end(req, nowNs, 'timedOut');
  }

  /** Closes a request that did not complete: counted, censored at its age, and in its interval. */
  private end(req: Request, nowNs: number, outcome: 'failed' | 'timedOut'): boolean {
    if (req.closed) return false;
    if (this.close(req)) {
      if (outcome === 'failed') this.failedCount++;
      else this.timedOutCount++;
      this.latency.recordCensored(nowNs - req.issuedNs);
    }
    if (this.inWindow(nowNs)) this.bucket(nowNs)[outcome]++;
    return true;
  }

  /**
   * The client sends the request again (a new attempt, not a new request: issued is unchanged and
   * latency still runs from the first attempt). Ignored for a closed request.
   */
  retry(req: Request, nowNs: number): void {
    if (req.closed) return;
    if (req.open) this.retriedCount++;
    if (this.inWindow(nowNs)) this.bucket(nowNs).retried++;
  }

  /**
   * A request reached its server. Shares count what each server was *sent* in the window: a
   * saturated server completes no more than its capacity, so completions would hide imbalance.
   */
  dispatch(req: Request, nowNs: number): void {
    if (!this.inWindow(nowNs)) return;
    this.serverRequests[req.server]!++;
    this.serverBytes[req.server]! += req.objectBytes;
  }

  /**
   * At the end (once): requests still open past their deadline count as timed out (censored at the
   * deadline), the others as in flight (censored at their age). Returns the counts and latency.
   */
  finish(endNs: number, timeoutNsOf: (req: Request) => number): { requests: RequestCounts; latencyMs: LatencySummaryMs } {
    if (this.finished) throw new Error('Collector.finish called twice');
    this.finished = true;
    let late = 0;
    for (let req = this.openHead; req !== null; req = req.nextOpen) {
      const ageNs = endNs - req.issuedNs;
      const timeoutNs = timeoutNsOf(req);
      if (ageNs > timeoutNs) late++;
      this.latency.recordCensored(Math.min(ageNs, timeoutNs));
    }
    return {
      requests: {
        issued: this.issuedCount,
        completed: this.completedCount,
        failed: this.failedCount,
        timedOut: this.timedOutCount + late,
        inFlight: this.openCount - late,
        unfinished: this.openCount,
        retried: this.retriedCount,
      },
      latencyMs: this.latency.summaryMs(),
    };
  }

  throughput(windowNs: number) {
    const seconds = windowNs / NS_PER_S;
    return {
      requestsPerSecond: seconds > 0 ? this.departures / seconds : 0,
      goodputBytesPerSecond: seconds > 0 ? this.goodputBytes / seconds : 0,
    };
  }

  servers(ids: readonly string[]): { servers: ServerShare[]; imbalance: Imbalance } {
    const total = this.serverRequests.reduce((a, b) => a + b, 0);
    const servers = ids.map((id, i) => ({ id, requests: this.serverRequests[i]!, bytes: this.serverBytes[i]!, share: total > 0 ? this.serverRequests[i]! / total : 0 }));
    const n = ids.length;
    const mean = total / n;
    const variance = this.serverRequests.reduce((s, r) => s + (r - mean) ** 2, 0) / n;
    return {
      servers,
      imbalance: { maxOverMean: mean > 0 ? Math.max(...this.serverRequests) / mean : 0, cv: mean > 0 ? Math.sqrt(variance) / mean : 0 },
    };
  }

  /** One point per interval of the window [start, endNs). */
  timeline(endNs: number): TimelinePoint[] {
    const points: TimelinePoint[] = [];
    const windowNs = endNs - this.windowStartNs;
    const count = Math.max(this.buckets.length, Math.ceil(windowNs / this.intervalNs));
    for (let i = 0; i < count; i++) {
      const b = this.buckets[i];
      const startNs = this.windowStartNs + i * this.intervalNs;
      const stopNs = Math.min(endNs, startNs + this.intervalNs);
      const seconds = (stopNs - startNs) / NS_PER_S;
      points.push({
        startS: (startNs - this.windowStartNs) / NS_PER_S,
        endS: (stopNs - this.windowStartNs) / NS_PER_S,
        completed: b?.completed ?? 0,
        failed: b?.failed ?? 0,
        timedOut: b?.timedOut ?? 0,
        retried: b?.retried ?? 0,
        requestsPerSecond: seconds > 0 ? (b?.completed ?? 0) / seconds : 0,
        p99Ms: b !== undefined && b.latency.count > 0 ? b.latency.quantile(0.99) / NS_PER_MS : 0,
      });
    }
    return points;
  }
}

interface Bucket {
  completed: number;
  failed: number;
  timedOut: number;
  retried: number;
  latency: CoarseHistogram;
}
