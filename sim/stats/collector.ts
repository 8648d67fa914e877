import type { ResourceSnapshot } from '../engine/resource.js';
import { NS_PER_MS, NS_PER_S } from '../engine/time.js';
import type { Request } from '../models/request.js';
import type { Bottleneck, Imbalance, LatencySummaryMs, RequestCounts, ServerShare, TimelinePoint } from '../result.js';
import { LatencyHistogram } from './histogram.js';

/**
 * Request outcomes for the measured window (after warm-up), by two standard definitions:
 *  - counts (issued, completed, failed, timedOut, inFlight) follow the requests *issued* in the
 *    window, each counted exactly once, so issued = completed + failed + timedOut + inFlight holds
 *    by construction;
 *  - throughput, latency and the timeline are *departures* in the window,
 *    whenever the request was issued (throughput is a departure rate: a saturated system with a
 *    backlog from warm-up still completes work at its capacity);
 *  - per-server shares are *arrivals at the servers* in the window (see `dispatch`).
 * A response that arrives after the request's timeout counts as timed out: the client had given up
 * (the servers, which never learn of it, still did the work).
 */
export class Collector {
  private issuedCount = 0;
  private completedCount = 0;
  private failedCount = 0;
  private timedOutCount = 0;
  private goodputBytes = 0;
  private departures = 0;
  /** Measured requests not yet finished, as a doubly-linked list through the requests themselves. */
  private openHead: Request | null = null;
  private openCount = 0;
  private readonly latency = new LatencyHistogram();
  private readonly serverRequests: number[];
  private readonly serverBytes: number[];
  private readonly buckets: { completed: number; failed: number; timedOut: number; latency: LatencyHistogram }[] = [];

  constructor(servers: number, private readonly windowStartNs: number, private readonly intervalNs: number) {
    this.serverRequests = new Array<number>(servers).fill(0);
    this.serverBytes = new Array<number>(servers).fill(0);
  }

  get inFlight(): number {
    return this.openCount;
  }

  issue(req: Request): void {
    if (!req.measured) return;
    this.issuedCount++;
    req.open = true;
    req.nextOpen = this.openHead;
    if (this.openHead !== null) this.openHead.prevOpen = req;
    this.openHead = req;
    this.openCount++;
  }

  /** Removes a request from the open list; false if it was not there (not measured, or already closed). */
  private close(req: Request): boolean {
    if (!req.open) return false;
    req.open = false;
    if (req.prevOpen !== null) req.prevOpen.nextOpen = req.nextOpen;
    else this.openHead = req.nextOpen;
    if (req.nextOpen !== null) req.nextOpen.prevOpen = req.prevOpen;
    req.prevOpen = req.nextOpen = null;
    this.openCount--;
    return true;
  }

  private bucket(nowNs: number) {
    const i = Math.max(0, Math.floor((nowNs - this.windowStartNs) / this.intervalNs));
    while (this.buckets.length <= i) this.buckets.push({ completed: 0, failed: 0, timedOut: 0, latency: new LatencyHistogram() });
    return this.buckets[i]!;
  }

  /** The last byte of the response reached the client. */
  complete(req: Request, nowNs: number, timeoutNs: number): void {
    const counted = this.close(req);
    if (nowNs < this.windowStartNs) return;
    const latencyNs = nowNs - req.issuedNs;
    const b = this.bucket(nowNs);
    if (latencyNs > timeoutNs) {
      if (counted) this.timedOutCount++;
      b.timedOut++;
      return;
    }
    if (counted) this.completedCount++;
    this.departures++;
    this.latency.record(latencyNs);
    b.completed++;
    b.latency.record(latencyNs);
    this.goodputBytes += req.objectBytes;
  }

  /**
   * A request reached its server. Shares count what each server was *sent* in the window: a
   * saturated server completes no more than its capacity, so completions would hide imbalance.
   */
  dispatch(req: Request, nowNs: number): void {
    if (nowNs < this.windowStartNs) return;
    this.serverRequests[req.server]!++;
    this.serverBytes[req.server]! += req.objectBytes;
  }

  /** Refused somewhere on the way (no server available, a full table or queue). */
  fail(req: Request, nowNs: number): void {
    if (this.close(req)) this.failedCount++;
    if (nowNs >= this.windowStartNs) this.bucket(nowNs).failed++;
  }

  /** The client gave up on a request at its deadline (no answer came: a lost message). */
  timeOut(req: Request, nowNs: number): void {
    if (this.close(req)) this.timedOutCount++;
    if (nowNs >= this.windowStartNs) this.bucket(nowNs).timedOut++;
  }

  /** At the end: requests still open past their deadline count as timed out. */
  counts(endNs: number, timeoutNsOf: (req: Request) => number): RequestCounts {
    let late = 0;
    for (let req = this.openHead; req !== null; req = req.nextOpen) if (endNs - req.issuedNs > timeoutNsOf(req)) late++;
    return {
      issued: this.issuedCount,
      completed: this.completedCount,
      failed: this.failedCount,
      timedOut: this.timedOutCount + late,
      inFlight: this.openCount - late,
    };
  }

  throughput(windowNs: number) {
    const seconds = windowNs / NS_PER_S;
    return {
      requestsPerSecond: seconds > 0 ? this.departures / seconds : 0,
      goodputBytesPerSecond: seconds > 0 ? this.goodputBytes / seconds : 0,
    };
  }

  latencyMs(): LatencySummaryMs {
    const h = this.latency;
    const q = (p: number) => (h.count > 0 ? h.quantile(p) / NS_PER_MS : 0);
    return { mean: h.count > 0 ? h.mean / NS_PER_MS : 0, p50: q(0.5), p90: q(0.9), p99: q(0.99), p999: q(0.999), max: h.count > 0 ? h.max / NS_PER_MS : 0 };
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
        requestsPerSecond: seconds > 0 ? (b?.completed ?? 0) / seconds : 0,
        p99Ms: b !== undefined && b.latency.count > 0 ? b.latency.quantile(0.99) / NS_PER_MS : 0,
      });
    }
    return points;
  }
}

/**
 * The bottleneck: the resource with the highest utilization. The evidence names its queue and
 * drops and the runner-up, so a reader can see how clear-cut the verdict is.
 */
export function findBottleneck(resources: readonly ResourceSnapshot[]): Bottleneck {
  const ranked = [...resources].sort((a, b) => b.utilization - a.utilization || a.id.localeCompare(b.id));
  const top = ranked[0];
  if (top === undefined) return { resource: 'none', node: 'none', kind: 'cpu', utilization: 0, evidence: 'no resources' };
  const second = ranked[1];
  const pct = (u: number) => `${(u * 100).toFixed(1)}%`;
  const parts = [`${top.id} busy ${pct(top.utilization)} of the time`, `mean queue ${top.meanQueue.toFixed(2)}`, `max queue ${top.maxQueue}`];
  if (top.dropped > 0) parts.push(`${top.dropped} refused`);
  if (second !== undefined) parts.push(`next: ${second.id} at ${pct(second.utilization)}`);
  return { resource: top.id, node: top.node, kind: top.kind, utilization: top.utilization, evidence: parts.join('; ') };
}
