import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * Scenario benchmark (docs/results.md): the default workload under lvs-dr with 32 servers, until
 * 1,000,000 requests have been issued and answered. Prints exactly one line.
 */
const REQUESTS = 1_000_000;

export function runScenarioBenchmark(): string {
  const raw = parse(readFileSync(new URL('../../../scenarios/default.yaml', import.meta.url), 'utf8')) as Record<string, unknown> & { topology: { servers: Record<string, unknown> } };
  raw.topology.servers.count = 32;
  raw.modes = ['lvs-dr'];
  raw.run = { ...(raw.run as object), duration: '3600s', warmup: '0s' };
  const scenario = parseScenario(raw, 'scenarios/default.yaml (bench: lvs-dr, 32 servers)');
  const start = performance.now();
  const result = runScenario(scenario, { mode: 'lvs-dr', maxRequests: REQUESTS });
  const wallSeconds = (performance.now() - start) / 1000;
  const requests = result.requests.issued;
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  return `engine=lbsim workload=scenario requests=${requests} events=${result.events} wall_s=${wallSeconds.toFixed(3)} requests_per_s=${(requests / wallSeconds).toFixed(0)} peak_rss_mb=${peakRssMb}`;
}
