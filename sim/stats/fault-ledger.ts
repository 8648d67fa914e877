import type { Request } from '../models/request.js';

/**
 * Requests each scheduled fault cost (docs/failure.md §6): a request is charged to the fault whose
 * node stopped one of its messages (or refused it). Only measured requests count, as in the
 * run's request counts. Detection instants are reported by whoever detects (a health checker, a
 * VRRP backup): the first one after the fault starts is kept.
 */
export class FaultLedger {
  readonly failed: number[];
  readonly timedOut: number[];
  readonly retried: number[];
  readonly succeededAfterRetry: number[];
  readonly detectedNs: (number | null)[];

  constructor(private readonly startsNs: readonly number[]) {
    const zeros = () => startsNs.map(() => 0);
    this.failed = zeros();
    this.timedOut = zeros();
    this.retried = zeros();
    this.succeededAfterRetry = zeros();
    this.detectedNs = startsNs.map(() => null);
  }

  fail(req: Request): void {
    if (req.measured && req.faultIndex >= 0) this.failed[req.faultIndex]!++;
  }

  timeOut(req: Request): void {
    if (req.measured && req.faultIndex >= 0) this.timedOut[req.faultIndex]!++;
  }

  retry(req: Request): void {
    if (req.measured && req.faultIndex >= 0) this.retried[req.faultIndex]!++;
  }

  complete(req: Request): void {
    if (req.measured && req.faultIndex >= 0 && req.retries > 0) this.succeededAfterRetry[req.faultIndex]!++;
  }

  /** Something noticed fault `index` at `nowNs` (kept only for the first notice after it started). */
  detected(index: number, nowNs: number): void {
    if (index >= 0 && this.detectedNs[index] === null && nowNs >= this.startsNs[index]!) this.detectedNs[index] = nowNs;
  }
}
