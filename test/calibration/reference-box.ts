import type { Mode, RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * Short saturating runs of one front end on a published source's own hardware description, with
 * everything around it made free and fast so that the front end is what binds: closed-loop
 * clients with no think time on a 50 µs RTT, servers with 64 cores and no costs, back ends with no
 * latency. Used by the calibration tests, which compare the measured rates with the source.
 */
export interface BoxRun {
  readonly mode: Mode;
  readonly profile?: 'modern' | 'lvs-classic';
  readonly cores: number;
  readonly nic: string;
  readonly objectBytes: number;
  readonly requestsPerConnection: number;
  readonly proxyServerConnections?: 'reuse' | 'per-request';
  readonly clients: number;
  readonly durationMs: number;
  /** Warm-up before measuring (default a third of the duration). */
  readonly warmupMs?: number;
  /** Cores of the front end reserved for network interrupts (topology.frontEnd.rss.irqCores); absent: one pool, no RSS. */
  readonly irqCores?: number;
  readonly clientGro?: boolean;
  readonly costs?: Record<string, Record<string, unknown>>;
  readonly tls?: { readonly enabled: boolean; readonly resumedFraction?: number };
}

export function runBox(b: BoxRun): RunResult {
  const scenario = parseScenario({
    name: 'reference-box',
    description: 'a front end on its source\'s hardware, saturated',
    profile: b.profile ?? 'modern',
    modes: [b.mode],
    run: { duration: `${b.durationMs}ms`, warmup: `${b.warmupMs ?? b.durationMs / 3}ms`, seed: 1 },
    workload: {
      groups: [{
        name: 'gen', clients: b.clients, arrival: { kind: 'closed', think: { kind: 'constant', value: 0 } }, mix: { GET: 1 },
        objectSize: { kind: 'constant', value: b.objectBytes }, requestsPerConnection: b.requestsPerConnection, rtt: '50us', timeout: '60s',
      }],
    },
    topology: {
      servers: { count: 8, cores: 64, nic: '100Gbps' },
      frontEnd: { count: 1, cores: b.cores, nic: b.nic, ...(b.irqCores === undefined ? {} : { rss: { irqCores: b.irqCores } }) },
      lanDelay: '5us',
      backend: { latency: { kind: 'constant', value: 0 }, nic: '1000Gbps' },
    },
    proxy: { serverConnections: b.proxyServerConnections ?? 'reuse' },
    ...(b.tls === undefined ? {} : { tls: b.tls }),
    costs: {
      tcp: { clientGro: b.clientGro ?? true },
      server: { requestNs: { GET: 0, PUT: 0, HEAD: 0, DELETE: 0 }, kernelNsPerPacket: 0, decapNsPerPacket: 0, nsPerByte: 0, connectionNs: 0 },
      ...b.costs,
    },
  });
  return runScenario(scenario, { mode: b.mode });
}

/** Relative residual of a model figure against a published one. */
export function residual(model: number, published: number): number {
  return model / published - 1;
}

export function pct(x: number): string {
  return `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %`;
}
