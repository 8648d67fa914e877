import type { RunResult } from '../../sim/result.js';

/**
 * The measured figures `explain` quotes beside its claims, all derived from one RunResult, so
 * that a `run` of the same scenario and seed reproduces every one of them exactly.
 */
export interface PerRequest {
  readonly node: string;
  readonly packets: number;
  readonly wireBytes: number;
  readonly cpuUs: number;
}

export interface ExplainFigures {
  readonly throughputRps: number;
  readonly goodputGbps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Mean object bytes moved per completed request (goodput / throughput). */
  readonly objectBytesPerRequest: number;
  readonly bottleneck: { readonly resource: string; readonly utilization: number };
  /** The director, proxy or registry, per completed request; null when there is none. */
  readonly middleBox: PerRequest | null;
  /** Busiest CPU and NIC direction of the middle box, as utilisation in [0, 1]. */
  readonly middleBoxCpuUtilization: number | null;
  readonly middleBoxNicUtilization: number | null;
  /** Mean wire bytes per packet into and out of the middle box (IP-in-IP adds 20 B on the way out). */
  readonly middleBoxBytesPerPacket: { readonly in: number; readonly out: number } | null;
  /** Share of all real servers' outbound bytes that also crossed the middle box (0: replies bypass it). */
  readonly responseBytesThroughMiddleBox: number | null;
  /** The busiest real server, per completed request it served. */
  readonly server: PerRequest;
  readonly imbalanceMaxOverMean: number;
  readonly imbalanceCv: number;
}

const MIDDLE_BOX = /^(director|proxy)-\d+$|^registry$/;

function perRequest(r: RunResult, node: string, requests: number): PerRequest | null {
  const t = r.traffic.find((x) => x.node === node);
  if (t === undefined || requests === 0) return null;
  return { node, packets: (t.packetsIn + t.packetsOut) / requests, wireBytes: (t.bytesIn + t.bytesOut) / requests, cpuUs: t.cpuNs / requests / 1e3 };
}

const maxUtilization = (r: RunResult, node: string, kinds: readonly string[]) => {
  const us = r.resources.filter((x) => x.node === node && kinds.includes(x.kind)).map((x) => x.utilization);
  return us.length === 0 ? null : Math.max(...us);
};

export function explainFigures(r: RunResult): ExplainFigures {
  const completed = r.throughput.requestsPerSecond * r.simulatedSeconds;
  const box = r.traffic.find((t) => MIDDLE_BOX.test(t.node));
  const busiest = [...r.servers].sort((a, b) => b.requests - a.requests || a.id.localeCompare(b.id))[0];
  const servers = r.traffic.filter((t) => /^server-\d+$/.test(t.node));
  const serverBytesOut = servers.reduce((s, t) => s + t.bytesOut, 0);
  return {
    throughputRps: r.throughput.requestsPerSecond,
    goodputGbps: (r.throughput.goodputBytesPerSecond * 8) / 1e9,
    p50Ms: r.latencyMs.p50,
    p99Ms: r.latencyMs.p99,
    objectBytesPerRequest: r.throughput.requestsPerSecond === 0 ? 0 : r.throughput.goodputBytesPerSecond / r.throughput.requestsPerSecond,
    bottleneck: { resource: r.bottleneck.resource, utilization: r.bottleneck.utilization },
    middleBox: box === undefined ? null : perRequest(r, box.node, completed),
    middleBoxCpuUtilization: box === undefined ? null : maxUtilization(r, box.node, ['cpu']),
    middleBoxNicUtilization: box === undefined ? null : maxUtilization(r, box.node, ['nic-rx', 'nic-tx']),
    middleBoxBytesPerPacket: box === undefined || box.packetsIn === 0 || box.packetsOut === 0 ? null : { in: box.bytesIn / box.packetsIn, out: box.bytesOut / box.packetsOut },
    responseBytesThroughMiddleBox: box === undefined || box.node === 'registry' || serverBytesOut === 0 ? null : Math.min(1, box.bytesOut / serverBytesOut),
    server: perRequest(r, busiest?.id ?? 'server-0', busiest?.requests ?? 0) ?? { node: 'server-0', packets: 0, wireBytes: 0, cpuUs: 0 },
    imbalanceMaxOverMean: r.imbalance.maxOverMean,
    imbalanceCv: r.imbalance.cv,
  };
}
