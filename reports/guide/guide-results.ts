import type { Mode } from '../../sim/result.js';
import type { ExplainedMode } from '../explain/explain-text.js';

/** What the guide's studies measured (docs/guide/results.json), as drivers/guide-studies.ts writes it. */
export interface RunLength {
  readonly warmup: string;
  readonly duration: string;
}

export interface ScalePoint {
  readonly mode: Mode;
  readonly servers: number;
  readonly throughputRps: number;
  readonly bottleneck: string;
  readonly utilization: number;
}

export interface DnsPoint {
  readonly ttl: string;
  readonly maxOverMean: number;
  readonly cv: number;
  readonly throughputRps: number;
}

export interface GuideResults {
  /** Hash of everything the numbers depend on (compiled simulator, this file's studies, scenarios). */
  readonly inputsHash: string;
  readonly quickRun: RunLength;
  readonly scaleRun: RunLength;
  readonly dnsRun: RunLength;
  /** Scenario facts quoted in the text, read from the files. */
  readonly facts: Readonly<Record<string, string>>;
  readonly modes: readonly (ExplainedMode & { readonly bottleneckKind: string; readonly evidence: string })[];
  readonly scale: readonly ScalePoint[];
  readonly dns: readonly DnsPoint[];
}

