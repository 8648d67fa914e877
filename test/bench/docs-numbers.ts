import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { benchFields, replaceBlock, scaleTable, speedTable, type Baseline, type Machine, type Measurement, type ScalePointRow } from './numbers-block.js';

/**
 * `npm run docs:numbers [-- --only compare,engine,scenario,servers,main,cli,sweep,tests]`: measures every number the
 * README and docs/benchmarks.md quote and rewrites their marked blocks, with the machine and a
 * baseline (phold, the bare engine, run before and after) measured beside them. Each measurement
 * runs in its own process, as a user would run it. `compare` is the simulation's output on the
 * default scenario (deterministic); the rest are speeds (they depend on the machine).
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BENCH = join(ROOT, 'dist', 'test', 'bench', 'main.js');
const BIN = join(ROOT, 'bin', 'lbsim.js');
const PARTS = ['compare', 'engine', 'scenario', 'servers', 'main', 'cli', 'sweep', 'tests'] as const;
type Part = (typeof PARTS)[number];
const SWEEP_VARY = 'topology.servers.count=2,4,8,16,24,32,48,64';

function run(args: readonly string[], label: string): { stdout: string; seconds: number } {
  process.stderr.write(`docs:numbers: ${label}…\n`);
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}):\n${r.stderr}`);
  return { stdout: r.stdout, seconds };
}

const SERVERS_REQUESTS = 300_000;
const SERVERS_PAIRS = 5;

function bench(workload: string, extra: readonly string[] = []): Record<string, number> {
  const line = run(['--expose-gc', BENCH, workload, ...extra], `npm run bench -- ${[workload, ...extra].join(' ')}`).stdout.trim().split('\n').pop() ?? '';
  return benchFields(line);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function machine(): Machine {
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() || 'unknown';
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: totalmem() / 1024 ** 3,
    node: process.version,
    loadAverage: loadavg()[0] ?? 0,
    date: new Date().toISOString().slice(0, 10),
    commit,
  };
}

function compareBlock(): string {
  const out = mkdtempSync(join(tmpdir(), 'lbsim-numbers-'));
  try {
    const text = run([BIN, 'compare', 'scenarios/default.yaml', '--out', out, '--no-png'], 'lbsim compare scenarios/default.yaml').stdout;
    const lines = text.split('\n');
    const start = lines.findIndex((l) => l.startsWith('Mode '));
    const verdict = lines.findIndex((l) => l.startsWith('Verdict: '));
    if (start < 0 || verdict < 0) throw new Error(`unexpected compare output:\n${text}`);
    return ['```', ...lines.slice(start, verdict + 1), '```'].join('\n');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The scale-out table of the last sweep measured (README block `scale`), or null. */
let scale: string | null = null;

function measure(parts: ReadonlySet<Part>): Measurement[] {
  const ms: Measurement[] = [];
  if (parts.has('engine')) {
    const mm1 = [1, 2, 3].map(() => bench('mm1')['events_per_s'] ?? NaN);
    ms.push({ what: 'engine, M/M/1 (1 M customers; median of 3)', command: 'npm run bench -- mm1', value: median(mm1), unit: 'events/s', kind: 'rate' });
  }
  if (parts.has('scenario')) {
    const s = bench('scenario');
    ms.push({ what: 'default workload, lvs-dr, 32 servers, 1 M requests', command: 'npm run bench -- scenario', value: s['requests_per_s'] ?? NaN, unit: 'requests/s', kind: 'rate', note: `${((s['events'] ?? NaN) / (s['requests'] ?? NaN)).toFixed(1)} events per request, ${s['peak_rss_mb']} MB peak RSS, ${s['live_heap_mb']} MB live heap` });
  }
  if (parts.has('servers')) {
    // Cost per simulated request with many servers, against 32 (the same requests, same load).
    // One pair of runs moves by a third on a shared VM: the median of SERVERS_PAIRS pairs, each
    // 32 then 1,024 servers, is what the figure states.
    const at = (servers: number) => bench('scenario', ['--servers', String(servers), '--requests', String(SERVERS_REQUESTS)]);
    const perRequest = (b: Record<string, number>) => (b['wall_s'] ?? NaN) / (b['requests'] ?? NaN);
    const pairs = Array.from({ length: SERVERS_PAIRS }, () => {
      const few = at(32);
      const many = at(1024);
      return { ratio: perRequest(many) / perRequest(few), rate: many['requests_per_s'] ?? NaN };
    });
    ms.push({
      what: `the scenario workload at 1,024 servers (${SERVERS_REQUESTS.toLocaleString('en-US')} requests; median of ${SERVERS_PAIRS} pairs with 32)`, command: `npm run bench -- scenario --servers 1024 --requests ${SERVERS_REQUESTS}`,
      value: median(pairs.map((p) => p.rate)), unit: 'requests/s', kind: 'rate', note: `${median(pairs.map((p) => p.ratio)).toFixed(2)} × the wall time per request at 32 servers (pairs: ${pairs.map((p) => p.ratio.toFixed(2)).join(', ')})`,
    });
  }
  if (parts.has('main')) {
    const m = bench('main');
    ms.push({ what: 'the main job (lbsim compare on the default scenario, charts included)', command: 'npm run bench -- main', value: m['wall_s'] ?? NaN, unit: 's', kind: 'time', note: `${m['cpu_s']} s of CPU on all threads: wall ${m['wall_over_cpu']} × CPU` });
  }
  if (parts.has('cli')) {
    const median5 = (args: readonly string[], label: string) => median([1, 2, 3, 4, 5].map(() => run([BIN, ...args], label).seconds));
    ms.push({ what: '`lbsim --help` (median of 5)', command: 'npx lbsim --help', value: median5(['--help'], 'lbsim --help'), unit: 's', kind: 'time' });
    ms.push({ what: '`lbsim validate` (median of 5)', command: 'npx lbsim validate scenarios/default.yaml', value: median5(['validate', 'scenarios/default.yaml'], 'lbsim validate'), unit: 's', kind: 'time' });
  }
  if (parts.has('sweep')) {
    const out = mkdtempSync(join(tmpdir(), 'lbsim-numbers-sweep-'));
    try {
      const r = run([BIN, 'sweep', 'scenarios/scale-out.yaml', '--vary', SWEEP_VARY, '--out', out, '--quiet'], 'the README sweep');
      const rows = (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { rows: ScalePointRow[] }).rows;
      const items = rows.length;
      // The sweep's results are deterministic: its chart and table are the README's picture of
      // where each mode stops, regenerated with the timing.
      copyFileSync(join(out, 'charts', 'scaling.png'), join(ROOT, 'docs', 'img', 'scaling.png'));
      scale = scaleTable(rows);
      ms.push({ what: `the README's scale-out sweep (${items} runs, all cores)`, command: `npx lbsim sweep scenarios/scale-out.yaml --vary ${SWEEP_VARY}`, value: r.seconds, unit: 's', kind: 'time' });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  if (parts.has('tests')) {
    const r = run(['--test', '--test-concurrency=2', join(ROOT, 'dist', 'test')], 'the test suite');
    const tests = /^# tests (\d+)/m.exec(r.stdout)?.[1] ?? '?';
    const failed = /^# fail (\d+)/m.exec(r.stdout)?.[1] ?? '?';
    ms.push({ what: 'the test suite', command: 'npm test', value: r.seconds, unit: 's', kind: 'time', note: `${tests} tests, ${failed} failed` });
  }
  return ms;
}

function main(): void {
  const onlyIndex = process.argv.indexOf('--only');
  const wanted = onlyIndex < 0 ? [...PARTS] : (process.argv[onlyIndex + 1] ?? '').split(',');
  for (const p of wanted) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`--only: unknown part '${p}'; parts: ${PARTS.join(', ')}`);
  const parts = new Set(wanted as Part[]);
  const m = machine();
  const readme = join(ROOT, 'README.md');
  const benchmarks = join(ROOT, 'docs', 'benchmarks.md');
  let readmeText = readFileSync(readme, 'utf8');
  let benchText = readFileSync(benchmarks, 'utf8');
  if (parts.has('compare')) readmeText = replaceBlock(readmeText, 'compare', compareBlock());
  const speeds = [...parts].some((p) => p !== 'compare');
  if (speeds) {
    const before = bench('phold');
    const ms = measure(parts);
    const after = bench('phold');
    const runs = [before, after].map((b) => b['events_per_s'] ?? NaN);
    const baseline: Baseline = { eventsPerSecond: (runs[0]! + runs[1]!) / 2, seconds: ((before['wall_s'] ?? NaN) + (after['wall_s'] ?? NaN)) / 2, runs };
    const table = speedTable(m, baseline, ms);
    readmeText = replaceBlock(readmeText, 'speed', table);
    if (scale !== null) readmeText = replaceBlock(readmeText, 'scale', scale);
    benchText = replaceBlock(benchText, 'speed', table);
  }
  writeFileSync(readme, readmeText);
  writeFileSync(benchmarks, benchText);
  process.stderr.write(`docs:numbers: rewrote README.md${speeds ? ' and docs/benchmarks.md' : ''}\n`);
}

// `node --test dist/test/` runs every file under test/, this one too: nothing to do then.
if (process.env['NODE_TEST_CONTEXT'] === undefined) main();
