import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODE_TABLE } from '../sim/modes/mode-table.js';
import { MODES, type Mode, type RunResult } from '../sim/result.js';
import { runScenario } from '../sim/run.js';
import { parseScenario } from '../sim/scenario/load.js';
import type { RequestTrace } from '../sim/stats/request-trace.js';
import { traceModes } from '../sim/trace.js';
import type { ResultRow } from '../reports/rows.js';
import { explainMode } from '../reports/explain/explain-text.js';
import type { DnsPoint, GuideResults, ScalePoint } from '../reports/guide/guide-results.js';
import { QUICK_RUN, quickRaw } from './quick-run.js';
import { loadRawScenario } from './raw-scenario.js';
import { setAtPath } from './scenario-edit.js';

/**
 * The studies docs/guide.md is written from: short runs of the shipped scenarios, small enough
 * that `npm run docs` takes a minute or two on a laptop. Every number in the guide comes from here.
 *
 *   default.yaml (quick run, six modes) ──► per-mode figures, bottlenecks, sequence diagrams
 *   scale-out.yaml × servers ∈ SCALE_SERVERS ──► throughput vs servers (where each mode stops)
 *   dns-ttl.yaml × TTL ∈ DNS_TTLS (rr-dns) ──► imbalance vs TTL
 */
const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));
export const GUIDE_SCENARIOS = { default: 'default.yaml', scale: 'scale-out.yaml', dns: 'dns-ttl.yaml' } as const;
export const SCALE_SERVERS = [4, 8, 16, 32] as const;
const SCALE_RUN = { warmup: '0.5s', duration: '1s' } as const;
export const DNS_TTLS = ['1s', '60s'] as const;
const DNS_RUN = { warmup: '1s', duration: '5s' } as const;

export interface GuideStudy {
  readonly results: GuideResults;
  /** For the charts (rendered by the report pipeline). */
  readonly defaultRows: readonly ResultRow[];
  readonly scaleRows: readonly ResultRow[];
  readonly traces: readonly RequestTrace[];
}

/** SHA-256 over the compiled simulator and drivers the studies use, and the scenario files. */
export function guideInputsHash(): string {
  const hash = createHash('sha256');
  const dist = fileURLToPath(new URL('../', import.meta.url));
  const sim = join(dist, 'sim');
  const files = [
    ...(readdirSync(sim, { recursive: true }) as string[]).filter((f) => f.endsWith('.js')).map((f) => join('sim', f)),
    'drivers/guide-studies.js', 'drivers/quick-run.js', 'reports/explain/figures.js', 'reports/explain/mode-notes.js',
  ].sort();
  for (const f of files) hash.update(f).update('\0').update(readFileSync(join(dist, f))).update('\0');
  for (const f of Object.values(GUIDE_SCENARIOS).sort()) hash.update(f).update('\0').update(readFileSync(join(SCENARIOS, f))).update('\0');
  return hash.digest('hex').slice(0, 16);
}

const edit = (raw: unknown, run: { warmup: string; duration: string }, sets: [string[], unknown][] = []) => {
  let out = setAtPath(setAtPath(raw, ['run', 'warmup'], run.warmup), ['run', 'duration'], run.duration);
  out = setAtPath(out, ['run', 'replications'], 1);
  for (const [path, value] of sets) out = setAtPath(out, path, value);
  return out;
};

export function runGuideStudies(progress: (line: string) => void): GuideStudy {
  const def = loadRawScenario(join(SCENARIOS, GUIDE_SCENARIOS.default));
  const quick = parseScenario(quickRaw(def.raw), GUIDE_SCENARIOS.default);
  const defaultResults: RunResult[] = MODES.map((mode) => {
    progress(`guide: ${GUIDE_SCENARIOS.default} ${mode}`);
    return runScenario(quick, { mode });
  });
  progress('guide: tracing one request per mode');
  const traces = traceModes(quick, MODES);

  const scaleFile = loadRawScenario(join(SCENARIOS, GUIDE_SCENARIOS.scale));
  const scale: ScalePoint[] = [];
  const scaleRows: ResultRow[] = [];
  for (const servers of SCALE_SERVERS) {
    const s = parseScenario(edit(scaleFile.raw, SCALE_RUN, [[['topology', 'servers', 'count'], servers]]), GUIDE_SCENARIOS.scale);
    for (const mode of MODES) {
      progress(`guide: ${GUIDE_SCENARIOS.scale} ${servers} servers ${mode}`);
      const r = runScenario(s, { mode });
      scaleRows.push({ params: { 'topology.servers.count': servers }, result: r });
      scale.push({ mode, servers, throughputRps: r.throughput.requestsPerSecond, bottleneck: r.bottleneck.resource, utilization: r.bottleneck.utilization });
    }
  }

  const dnsFile = loadRawScenario(join(SCENARIOS, GUIDE_SCENARIOS.dns));
  const dns: DnsPoint[] = DNS_TTLS.map((ttl) => {
    progress(`guide: ${GUIDE_SCENARIOS.dns} ttl ${ttl} rr-dns`);
    const r = runScenario(parseScenario(edit(dnsFile.raw, DNS_RUN, [[['dns', 'ttl'], ttl]]), GUIDE_SCENARIOS.dns), { mode: 'rr-dns' });
    return { ttl, maxOverMean: r.imbalance.maxOverMean, cv: r.imbalance.cv, throughputRps: r.throughput.requestsPerSecond };
  });

  const raw = def.raw as { topology: { servers: { count: number; cores: number; nic: string }; frontEnd: { cores: number; nic: string } }; dns: { ttl: string }; registry: { refresh: string } };
  const offered = quick.workload.groups.reduce((s, g) => s + (g.arrival.kind === 'poisson' ? g.arrival.ratePerSecond : 0), 0);
  const facts: Record<string, string> = {
    'default.name': quick.name,
    'default.servers': String(raw.topology.servers.count),
    'default.serverCores': String(raw.topology.servers.cores),
    'default.serverNic': raw.topology.servers.nic,
    'default.frontEndCores': String(raw.topology.frontEnd.cores),
    'default.frontEndNic': raw.topology.frontEnd.nic,
    'default.offered': offered.toLocaleString('en-US'),
    'default.ttl': raw.dns.ttl,
    'default.registryRefresh': raw.registry.refresh,
    'scale.name': scaleFile.scenario.name,
    'dns.name': dnsFile.scenario.name,
    'dns.resolvers': String(dnsFile.scenario.dns.resolvers.length),
  };
  return {
    results: {
      inputsHash: guideInputsHash(),
      quickRun: QUICK_RUN,
      scaleRun: SCALE_RUN,
      dnsRun: DNS_RUN,
      facts,
      modes: defaultResults.map((r) => ({ ...explainMode(r, MODE_TABLE[r.mode].title), bottleneckKind: r.bottleneck.kind, evidence: r.bottleneck.evidence })),
      scale,
      dns,
    },
    defaultRows: defaultResults.map((result) => ({ params: {}, result })),
    scaleRows,
    traces,
  };
}
