import { hasCompletions } from '../summary-table.js';
import type { RunResult } from '../../sim/result.js';
import { type ExplainFigures, explainFigures } from './figures.js';
import { MODE_NOTES } from './mode-notes.js';

/** The approach in words, each claim with the figure measured on the run beside it. */
const num = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export interface ExplainedClaim {
  readonly kind: 'strength' | 'weakness';
  readonly text: string;
  readonly measured: string;
}

export interface ExplainedMode {
  readonly mode: RunResult['mode'];
  readonly title: string;
  readonly how: string;
  readonly sees: string;
  readonly claims: readonly ExplainedClaim[];
  readonly figures: ExplainFigures;
}

export function explainMode(r: RunResult, title: string): ExplainedMode {
  const notes = MODE_NOTES[r.mode];
  const figures = explainFigures(r);
  const claims: ExplainedClaim[] = [
    ...notes.strengths.map((c) => ({ kind: 'strength' as const, text: c.text, measured: c.figure(figures) })),
    ...notes.weaknesses.map((c) => ({ kind: 'weakness' as const, text: c.text, measured: c.figure(figures) })),
  ];
  return { mode: r.mode, title, how: notes.how, sees: notes.sees, claims, figures };
}

export function formatExplained(e: ExplainedMode, r: RunResult): string {
  const f = e.figures;
  const claim = (c: ExplainedClaim) => `  ${c.kind === 'strength' ? '+' : '-'} ${c.text}\n      [measured: ${c.measured}]`;
  const lines = [
    `${e.mode}: ${e.title}`, '',
    `How it works. ${e.how}`,
    `What the middle sees. ${e.sees}`, '',
    'Strengths:', ...e.claims.filter((c) => c.kind === 'strength').map(claim),
    'Weaknesses:', ...e.claims.filter((c) => c.kind === 'weakness').map(claim), '',
    `Measured on scenario "${r.scenario}" (${num(r.simulatedSeconds, 1)} s simulated after ${num(r.warmupSeconds, 1)} s warm-up, seed ${r.seed}):`,
    `  throughput ${num(f.throughputRps)} req/s, ${num(f.goodputGbps, 2)} Gbps of objects; ${hasCompletions(r) ? `latency p50 ${num(f.p50Ms, 2)} ms, p99 ${num(f.p99Ms, 2)} ms` : 'latency: no completions in the measured window'}`,
    f.middleBox === null
      ? '  per request at a middle box: nothing (no middle box in the data path)'
      : `  per request at ${f.middleBox.node}: ${num(f.middleBox.packets, 1)} packets, ${num(f.middleBox.wireBytes)} B on the wire, ${num(f.middleBox.cpuUs, 1)} µs of CPU`,
    `  bottleneck: ${r.bottleneck.resource} (${(r.bottleneck.utilization * 100).toFixed(1)}%): ${r.bottleneck.evidence}`,
    `  imbalance across servers: max/mean ${num(f.imbalanceMaxOverMean, 2)}, cv ${num(f.imbalanceCv, 2)}`,
  ];
  return `${lines.join('\n')}\n`;
}
