import { hasCompletions } from '../summary-table.js';
import type { RunResult } from '../../sim/result.js';
import { MODE_NOTES } from './mode-notes.js';

/** The approach in words, then what a run of it measured: per request at the middle box, and overall. */
const pct = (u: number) => `${(u * 100).toFixed(1)}%`;
const num = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function middleBoxPerRequest(r: RunResult) {
  const departures = r.throughput.requestsPerSecond * r.simulatedSeconds;
  const box = r.traffic.find((t) => /^(director|proxy|registry)-?\d*$/.test(t.node));
  if (box === undefined || departures === 0) return null;
  return {
    node: box.node,
    packets: (box.packetsIn + box.packetsOut) / departures,
    bytes: (box.bytesIn + box.bytesOut) / departures,
    cpuUs: box.cpuNs / departures / 1e3,
  };
}

export function explainMode(r: RunResult, title: string): string {
  const notes = MODE_NOTES[r.mode];
  const lines = [`${r.mode}: ${title}`, '', `How it works. ${notes.how}`, `What the middle sees. ${notes.sees}`, '', 'Strengths:', ...notes.strengths.map((s) => `  + ${s}`), 'Weaknesses:', ...notes.weaknesses.map((s) => `  - ${s}`), ''];
  lines.push(`Measured on scenario "${r.scenario}" (${num(r.simulatedSeconds, 1)} s simulated, seed ${r.seed}):`);
  lines.push(`  throughput ${num(r.throughput.requestsPerSecond)} req/s, ${num((r.throughput.goodputBytesPerSecond * 8) / 1e9, 2)} Gbps of objects; ${hasCompletions(r) ? `latency p50 ${num(r.latencyMs.p50, 2)} ms, p99 ${num(r.latencyMs.p99, 2)} ms` : 'latency: no completions in the measured window'}`);
  const box = middleBoxPerRequest(r);
  if (box !== null) lines.push(`  per request at ${box.node}: ${num(box.packets, 1)} packets, ${num(box.bytes)} B on the wire, ${num(box.cpuUs, 1)} µs of CPU`);
  else lines.push('  per request at a middle box: nothing (no middle box in the data path)');
  lines.push(`  bottleneck: ${r.bottleneck.resource} (${pct(r.bottleneck.utilization)}): ${r.bottleneck.evidence}`);
  lines.push(`  imbalance across servers: max/mean ${num(r.imbalance.maxOverMean, 2)}, cv ${num(r.imbalance.cv, 2)}`);
  return `${lines.join('\n')}\n`;
}
