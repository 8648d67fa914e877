import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * Scenario workloads on the default scenario (scenarios/default.yaml) under lvs-dr:
 *  - scenario: 32 servers (or --servers), until 1,000,000 requests (or --requests) have been
 *    issued and answered (docs/results.md); with --active N only the first N servers take
 *    connections (weight 0 for the rest): the world of --servers, the traffic of N;
 *  - long: the scenario as it is (16 servers, 52,000 req/s) for one simulated hour (or
 *    --seconds), warm-up and timeline included: what memory does over a long run.
 * Each prints exactly one line; wall time covers runScenario only, peak RSS the whole process.
 */
export interface ScenarioBenchOptions {
  readonly requests?: number;
  readonly servers?: number;
  readonly active?: number;
  readonly seconds?: number;
}

const REQUESTS = 1_000_000;
const SERVERS = 32;
const LONG_SECONDS = 3600;

type RawDefault = Record<string, unknown> & { topology: { servers: Record<string, unknown> }; run: Record<string, unknown> };

function defaultScenario(): RawDefault {
  return parse(readFileSync(new URL('../../../scenarios/default.yaml', import.meta.url), 'utf8')) as RawDefault;
}

/**
 * Live memory, as opposed to peak RSS: with `node --expose-gc` (as `npm run bench` runs), a full
 * collection every SAMPLE_EVERY issued requests and the largest heap left after it. Peak RSS also
 * counts the garbage V8 lets pile up between major collections, and V8 lets more pile up in a
 * longer run; the live heap is what the simulator actually holds. Without --expose-gc: no samples.
 */
const SAMPLE_EVERY = 250_000;

class LiveHeap {
  private issued = 0;
  maxBytes = 0;
  private readonly gc = (globalThis as { gc?: () => void }).gc;
  readonly onIssue = (): void => {
    if (this.gc === undefined || ++this.issued % SAMPLE_EVERY !== 0) return;
    this.gc();
    this.maxBytes = Math.max(this.maxBytes, process.memoryUsage().heapUsed);
  };
  field(): string {
    return this.gc === undefined || this.maxBytes === 0 ? '' : ` live_heap_mb=${(this.maxBytes / 1024 ** 2).toFixed(1)}`;
  }
}

/**
 * The scenario's timeline interval (500 ms), lengthened as `lbsim` requires when a long run would
 * pass its 2,000 timeline points: 2 s for an hour.
 */
function timelineFor(seconds: number): string {
  return `${Math.max(0.5, Math.ceil((seconds / 2000) * 10) / 10)}s`;
}

function peakRssMb(): number {
  // maxRSS is in KiB on Linux.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

interface ScenarioMeasure {
  readonly servers: number;
  /** Servers that take connections. */
  readonly active: number;
  readonly requests: number;
  readonly events: number;
  readonly wallSeconds: number;
  /** CPU seconds of the whole process over the run (the collector's helper threads included). */
  readonly cpuSeconds: number;
  /** ` live_heap_mb=…`, or '' when the process cannot force a collection. */
  readonly liveHeapField: string;
}

function measureScenario(options: ScenarioBenchOptions): ScenarioMeasure {
  const servers = options.servers ?? SERVERS;
  const raw = defaultScenario();
  raw.topology.servers.count = servers;
  const active = options.active;
  if (active !== undefined) {
    if (active > servers) throw new Error(`--active ${active} is more than --servers ${servers}`);
    raw.topology.servers.weights = Array.from({ length: servers }, (_, i) => (i < active ? 1 : 0));
  }
  raw.modes = ['lvs-dr'];
  raw.run = { ...raw.run, duration: '3600s', warmup: '0s', timelineInterval: timelineFor(3600) };
  const scenario = parseScenario(raw, `scenarios/default.yaml (bench: lvs-dr, ${servers} servers)`);
  const live = new LiveHeap();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = runScenario(scenario, { mode: 'lvs-dr', maxRequests: options.requests ?? REQUESTS, onIssue: live.onIssue });
  const wallSeconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { servers, active: active ?? servers, requests: result.requests.issued, events: result.events, wallSeconds, cpuSeconds: (used.user + used.system) / 1e6, liveHeapField: live.field() };
}

/** ` servers=N` when --servers was given, and ` active=N` when --active was. */
function serversFields(options: ScenarioBenchOptions, m: ScenarioMeasure): string {
  return (options.servers === undefined ? '' : ` servers=${m.servers}`) + (options.active === undefined ? '' : ` active=${m.active}`);
}

export function runScenarioBenchmark(options: ScenarioBenchOptions = {}): string {
  const m = measureScenario(options);
  const serversField = serversFields(options, m);
  return `engine=lbsim workload=scenario${serversField} requests=${m.requests} events=${m.events} wall_s=${m.wallSeconds.toFixed(3)} requests_per_s=${(m.requests / m.wallSeconds).toFixed(0)} peak_rss_mb=${peakRssMb()}${m.liveHeapField}`;
}

/**
 * The scenario benchmark as a ratio to the bare engine's speed, for a machine whose speed drifts
 * or is shared: phold before and after the scenario, in the same process; the ratio is scenario
 * requests/s over the mean of the two phold events/s, by wall time and by CPU time (CPU time is
 * much less disturbed by other processes competing for the cores).
 */
export function runRatioBenchmark(options: ScenarioBenchOptions, phold: () => { events: number; wallSeconds: number; cpuSeconds: number }): string {
  const before = phold();
  const m = measureScenario(options);
  const after = phold();
  const pholdWall = (before.events / before.wallSeconds + after.events / after.wallSeconds) / 2;
  const pholdCpu = (before.events / before.cpuSeconds + after.events / after.cpuSeconds) / 2;
  const wallRate = m.requests / m.wallSeconds;
  const cpuRate = m.requests / m.cpuSeconds;
  const serversField = serversFields(options, m);
  return `engine=lbsim workload=ratio${serversField} requests=${m.requests} events=${m.events} phold_events_per_s=${pholdWall.toFixed(0)} requests_per_s=${wallRate.toFixed(0)} ratio=${(wallRate / pholdWall).toFixed(4)} phold_events_per_cpu_s=${pholdCpu.toFixed(0)} requests_per_cpu_s=${cpuRate.toFixed(0)} cpu_ratio=${(cpuRate / pholdCpu).toFixed(4)}`;
}

export function runLongBenchmark(options: ScenarioBenchOptions = {}): string {
  const seconds = options.seconds ?? LONG_SECONDS;
  const raw = defaultScenario();
  raw.modes = ['lvs-dr'];
  raw.run = { ...raw.run, duration: `${seconds}s`, timelineInterval: timelineFor(seconds) };
  const scenario = parseScenario(raw, `scenarios/default.yaml (bench: lvs-dr, ${seconds} s)`);
  const live = new LiveHeap();
  const start = performance.now();
  const result = runScenario(scenario, { mode: 'lvs-dr', onIssue: live.onIssue });
  const wallSeconds = (performance.now() - start) / 1000;
  const requests = result.requests.issued;
  return `engine=lbsim workload=long simulated_s=${seconds} requests=${requests} events=${result.events} wall_s=${wallSeconds.toFixed(3)} requests_per_s=${(requests / wallSeconds).toFixed(0)} peak_rss_mb=${peakRssMb()}${live.field()}`;
}
