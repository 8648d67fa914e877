import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Mode, RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * Runs scenarios/scale-out.yaml at a reduced size (a 1 s measured window after 0.5 s of warm-up;
 * at 4 servers a session's queue cycle is ≈ 0.25 s, so the window sees steady state) with a given
 * number of servers and optional edits of the raw scenario.
 */
export function scaleOut(mode: Mode, servers: number, edit?: (raw: ScenarioRaw) => void): RunResult {
  const raw = parse(readFileSync(new URL('../../../scenarios/scale-out.yaml', import.meta.url), 'utf8')) as ScenarioRaw;
  raw.topology.servers.count = servers;
  raw.run = { ...raw.run, duration: '1.5s', warmup: '0.5s' };
  edit?.(raw);
  return runScenario(parseScenario(raw, 'scenarios/scale-out.yaml'), { mode });
}

export interface ScenarioRaw {
  topology: { servers: { count: number }; frontEnd: Record<string, unknown> };
  run: Record<string, unknown>;
  registry: Record<string, unknown>;
  dns: Record<string, unknown>;
  [key: string]: unknown;
}

/** Throughput at n servers over n × the per-server throughput at the 4-server baseline. */
export function linearity(result: RunResult, baseline: RunResult, servers: number, baselineServers = 4): number {
  return result.throughput.requestsPerSecond / ((servers / baselineServers) * baseline.throughput.requestsPerSecond);
}
