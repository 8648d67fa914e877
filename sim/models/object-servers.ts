import type { RandomStream } from '../engine/rng.js';
import type { Simulator } from '../engine/simulator.js';

/**
 * The Swift object servers behind every Swift proxy (docs/failure.md §5): `count` nodes, each
 * object on `replicas` of them (the ring spreads partitions evenly, so a request's primaries are
 * `replicas` distinct nodes drawn uniformly). Only built when a scenario schedules faults on them;
 * without, the proxies keep their plain latency model (real-server.ts).
 *
 * How a proxy talks to them (Swift proxy server, docs/sources.md §7):
 *   - a read (GET, HEAD, DELETE as the plain model does) tries the primaries in random order
 *     (`sorting_method = shuffle`): a node that refuses costs a back-end round trip, one that does
 *     not answer costs `conn_timeout` (0.5 s); the first that answers serves it. None: a 503.
 *   - a PUT opens all primaries at once; a primary that fails (or is error-limited) is replaced
 *     by the next handoff node, up to `request_node_count` = 2 × replicas nodes in all; the
 *     answer waits for a quorum ((n + 1) // 2, as the plain model); fewer: a 503.
 *   - error limiting: every failed attempt counts an error for that node at that proxy; a node
 *     with more than `error_suppression_limit` (10) errors, the last within
 *     `error_suppression_interval` (60 s), is skipped by that proxy until the interval has passed
 *     since its last error.
 */
export interface ObjectTierSpec {
  readonly count: number;
  readonly connTimeoutNs: number;
  readonly errorLimit: number;
  readonly errorIntervalNs: number;
}

/** What a request got from the object servers: after `latencyNs`, an answer or (ok false) a 503. */
export interface BackendOutcome {
  latencyNs: number;
  ok: boolean;
  /** The scenario fault behind the first failed attempt, -1: none. */
  faultIndex: number;
}

const UP = 0;
const LOST = 1;
const REFUSED = 2;

export class ObjectServers {
  private readonly reach: Uint8Array;
  private readonly latencyFactor: Float64Array;
  private readonly extraNs: Float64Array;
  private readonly faultOf: Int32Array;
  /** The last fault that made node k fail (kept after recovery: the proxies may still skip it). */
  private readonly blame: Int32Array;
  /** Errors per (proxy, node), and when the last one happened. */
  private readonly errors: Int32Array;
  private readonly lastErrorNs: Float64Array;
  private readonly order: Int32Array;
  /** A node was error-limited by some proxy: (faultIndex, nowNs). */
  onLimited: (faultIndex: number, nowNs: number) => void = () => {};

  constructor(
    private readonly sim: Simulator,
    readonly spec: ObjectTierSpec,
    proxies: number,
    private readonly replicas: number,
    private readonly roundTripNs: number,
    private readonly placement: RandomStream,
  ) {
    const n = spec.count;
    this.reach = new Uint8Array(n);
    this.latencyFactor = new Float64Array(n).fill(1);
    this.extraNs = new Float64Array(n);
    this.faultOf = new Int32Array(n).fill(-1);
    this.blame = new Int32Array(n).fill(-1);
    this.errors = new Int32Array(n * proxies);
    this.lastErrorNs = new Float64Array(n * proxies).fill(Number.NEGATIVE_INFINITY);
    this.order = Int32Array.from({ length: n }, (_, i) => i);
  }

  /** A fault starts (active) or ends on node `k`. */
  setFault(k: number, kind: 'crash' | 'black-hole' | 'refuse' | 'slow' | 'link', active: boolean, faultIndex: number, factor: number, extraNs: number): void {
    if (kind === 'slow' || (kind === 'link' && extraNs > 0)) {
      this.latencyFactor[k] = active ? this.latencyFactor[k]! * factor : this.latencyFactor[k]! / factor;
      this.extraNs[k] = this.extraNs[k]! + (active ? extraNs : -extraNs);
      if (kind === 'slow') return;
    }
    const reach = kind === 'refuse' ? REFUSED : LOST;
    if (active) {
      this.reach[k] = reach;
      this.faultOf[k] = faultIndex;
      this.blame[k] = faultIndex;
    } else if (this.faultOf[k] === faultIndex) {
      this.reach[k] = UP;
      this.faultOf[k] = -1;
    }
  }

  /** Proxy `proxy` serves a request's back-end part; `latency()` draws one node's answer time. */
  serve(proxy: number, write: boolean, latency: () => number): BackendOutcome {
    this.shuffle();
    return write ? this.put(proxy, latency) : this.read(proxy, latency);
  }

  private read(proxy: number, latency: () => number): BackendOutcome {
    const out: BackendOutcome = { latencyNs: 0, ok: false, faultIndex: -1 };
    for (let i = 0; i < this.replicas; i++) {
      const k = this.order[i]!;
      if (this.limited(proxy, k)) {
        if (out.faultIndex < 0) out.faultIndex = this.blame[k]!;
        continue;
      }
      const answered = this.attempt(proxy, k, out, latency);
      if (answered >= 0) {
        out.latencyNs += answered;
        out.ok = true;
        return out;
      }
    }
    return out;
  }

  private put(proxy: number, latency: () => number): BackendOutcome {
    const out: BackendOutcome = { latencyNs: 0, ok: false, faultIndex: -1 };
    const limit = Math.min(this.spec.count, 2 * this.replicas);
    let next = this.replicas;
    const done: number[] = [];
    /** The longest a slot spent before giving up (a 503 is sent once every slot has answered or failed). */
    let gaveUpNs = 0;
    for (let i = 0; i < this.replicas; i++) {
      // Each primary slot: its node, else handoffs in turn until one answers or none is left.
      let k = this.order[i]!;
      const probe: BackendOutcome = { latencyNs: 0, ok: false, faultIndex: -1 };
      for (;;) {
        if (this.limited(proxy, k)) {
          if (probe.faultIndex < 0) probe.faultIndex = this.blame[k]!;
        } else {
          const answered = this.attempt(proxy, k, probe, latency);
          if (answered >= 0) {
            done.push(probe.latencyNs + answered);
            break;
          }
        }
        if (next >= limit) {
          gaveUpNs = Math.max(gaveUpNs, probe.latencyNs);
          break;
        }
        k = this.order[next++]!;
      }
      if (out.faultIndex < 0) out.faultIndex = probe.faultIndex;
    }
    const quorum = Math.floor((this.replicas + 1) / 2);
    done.sort((a, b) => a - b);
    out.ok = done.length >= quorum;
    out.latencyNs = out.ok ? done[quorum - 1]! : Math.max(gaveUpNs, ...done);
    return out;
  }

  /** One attempt at node k: its answer time (≥ 0), or -1 after adding the failure's cost to `out`. */
  private attempt(proxy: number, k: number, out: BackendOutcome, latency: () => number): number {
    const reach = this.reach[k]!;
    if (reach === UP) return Math.max(0, latency()) * this.latencyFactor[k]! + this.extraNs[k]!;
    out.latencyNs += reach === REFUSED ? this.roundTripNs : this.spec.connTimeoutNs;
    if (out.faultIndex < 0) out.faultIndex = this.faultOf[k]!;
    this.error(proxy, k);
    return -1;
  }

  private error(proxy: number, k: number): void {
    const i = proxy * this.spec.count + k;
    const now = this.sim.nowNs;
    if (now - this.lastErrorNs[i]! > this.spec.errorIntervalNs) this.errors[i] = 0;
    this.errors[i]!++;
    this.lastErrorNs[i] = now;
    if (this.errors[i] === this.spec.errorLimit + 1) this.onLimited(this.blame[k]!, now);
  }

  private limited(proxy: number, k: number): boolean {
    const i = proxy * this.spec.count + k;
    if (this.sim.nowNs - this.lastErrorNs[i]! > this.spec.errorIntervalNs) return false;
    return this.errors[i]! > this.spec.errorLimit;
  }

  /** The first 2 × replicas places of a fresh random order of the nodes (partial Fisher–Yates). */
  private shuffle(): void {
    const n = this.spec.count;
    const m = Math.min(n, 2 * this.replicas);
    for (let i = 0; i < m; i++) {
      const j = i + Math.min(n - i - 1, Math.floor(this.placement.next() * (n - i)));
      const t = this.order[i]!;
      this.order[i] = this.order[j]!;
      this.order[j] = t;
    }
  }
}
