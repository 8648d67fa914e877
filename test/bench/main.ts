import { runMm1, runPhold } from './engine-workloads.js';

/**
 * Engine benchmark entry: `node dist/test/bench/main.js <workload...> [--customers N]`
 * (`npm run bench -- mm1 phold`). One line per workload, in the exact format of docs/results.md.
 *
 * Workloads are a table of name → runner returning the line to print, so a new workload is one
 * entry. Runners that live in other files are imported lazily, so that a missing or broken one
 * fails only its own line.
 */
type Runner = (options: BenchOptions) => string | Promise<string>;

interface BenchOptions {
  /** Overrides the customer count of mm1 (default 1,000,000). */
  readonly customers?: number;
  /** scenario: requests to run (default 1,000,000). */
  readonly requests?: number;
  /** scenario: server count (default 32). */
  readonly servers?: number;
  /** scenario, ratio: only the first N servers take connections (the others have weight 0). */
  readonly active?: number;
  /** long: simulated seconds (default 3,600); estimate: seconds per run (default 1). */
  readonly seconds?: number;
  /** main: --workers of the main job (default: its own default, one per core). */
  readonly workers?: number;
  /** fuzz: input cases to try (default 2,000). */
  readonly cases?: number;
  /** fuzz: fast-check seed (default 1). */
  readonly seed?: number;
}

const MM1_CUSTOMERS = 1_000_000;
const MM1_MEMORY_CUSTOMERS = 10_000_000;
const PHOLD_EVENTS = 5_000_000;

function rate(events: number, wallSeconds: number): string {
  return (events / wallSeconds).toFixed(0);
}

function engineLine(workload: string, events: number, wallSeconds: number): string {
  return `engine=lbsim workload=${workload} events=${events} wall_s=${wallSeconds.toFixed(3)} events_per_s=${rate(events, wallSeconds)}`;
}

function peakRssMb(): number {
  // maxRSS is in KiB on Linux.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

const WORKLOADS: Readonly<Record<string, Runner>> = {
  mm1: (o) => {
    const r = runMm1(o.customers ?? MM1_CUSTOMERS);
    return engineLine('mm1', r.events, r.wallSeconds);
  },
  phold: () => {
    const r = runPhold(PHOLD_EVENTS);
    return engineLine('phold', r.events, r.wallSeconds);
  },
  /** Memory check: 10 M customers must stay under 150 MB peak RSS (memory follows what is in flight). */
  'mm1-10m': () => {
    const r = runMm1(MM1_MEMORY_CUSTOMERS);
    return `${engineLine('mm1-10m', r.events, r.wallSeconds)} peak_rss_mb=${peakRssMb()}`;
  },
  scenario: async (o) => (await import('./scenario-workload.js')).runScenarioBenchmark(o),
  /** scenario's requests/s over phold's events/s (phold run before and after), by wall and by CPU time. */
  ratio: async (o) => (await import('./scenario-workload.js')).runRatioBenchmark(o, () => {
    const cpu = process.cpuUsage();
    const r = runPhold(PHOLD_EVENTS);
    const used = process.cpuUsage(cpu);
    return { events: r.events, wallSeconds: r.wallSeconds, cpuSeconds: (used.user + used.system) / 1e6 };
  }),
  /** One simulated hour of the default scenario under lvs-dr: peak RSS must stay under 300 MB. */
  long: async (o) => (await import('./scenario-workload.js')).runLongBenchmark(o),
  /** Wall and CPU seconds of the main job (lbsim compare on the default scenario, charts included). */
  main: async (o) => (await import('./main-job.js')).runMainJobBenchmark(o),
  /** The input fuzzer of the suite at length: N scenario values, each refused with a reason or run and checked. */
  fuzz: async (o) => (await import('./fuzz-workload.js')).runFuzzBenchmark(o),
  /** Peak live heap of 64 MiB GETs against 64 KiB GETs in every mode, alone and 64 at once (needs --expose-gc). */
  'large-object': async () => (await import('./large-object-workload.js')).runLargeObjectBenchmark(),
  /** Events over the pre-run estimate for every shipped scenario and mode (--seconds: run length, default 1). */
  estimate: async (o) => (await import('./estimate-workload.js')).runEstimateBenchmark(o),
};

function usage(): string {
  return `usage: node dist/test/bench/main.js <workload...> [--customers N] [--requests N] [--servers N] [--active N] [--seconds N] [--workers N] [--cases N] [--seed N]\nworkloads: ${Object.keys(WORKLOADS).join(', ')}`;
}

const NUMERIC_OPTIONS = ['customers', 'requests', 'servers', 'active', 'seconds', 'workers', 'cases', 'seed'] as const;

function parseArgs(argv: readonly string[]): { names: string[]; options: BenchOptions } | undefined {
  const names: string[] = [];
  const options: Record<string, number> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      names.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (!(NUMERIC_OPTIONS as readonly string[]).includes(name)) return undefined;
    const value = Number(eq < 0 ? argv[++i] : arg.slice(eq + 1));
    if (!Number.isInteger(value) || value < 1) return undefined;
    options[name] = value;
  }
  return { names, options };
}

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if (parsed === undefined || parsed.names.length === 0 || parsed.names.some((n) => !(n in WORKLOADS))) {
    console.error(usage());
    return 2;
  }
  let status = 0;
  for (const name of parsed.names) {
    try {
      console.log(await WORKLOADS[name]!(parsed.options));
    } catch (err) {
      console.error(`workload ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      status = 1;
    }
  }
  return status;
}

// `node --test dist/test/` runs every .js file under a test/ directory as a test, this one too;
// under the test runner (which sets NODE_TEST_CONTEXT) the benchmark has nothing to do.
if (process.env['NODE_TEST_CONTEXT'] === undefined) process.exitCode = await main();
