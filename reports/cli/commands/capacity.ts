import { withExamples } from '../examples.js';
import { performance } from 'node:perf_hooks';
import type { Argv } from 'yargs';
import { MODES, type Mode } from '../../../sim/result.js';
import { capacitySentence } from '../../capacity/capacity-report.js';
import { capacityTable, writeCapacity, type CapacityAnswer, type CapacityDoc } from '../../capacity/capacity-output.js';
import { capacitySeed, fewestNodes, maxRate, NoOpenLoopGroup, poissonRates, type CapacityContext, type Evaluation } from '../../../drivers/capacity-search.js';
import { loadRawScenario } from '../../../drivers/raw-scenario.js';
import { RunPool } from '../../../drivers/run-pool.js';
import { checkSlo, parseSlo } from '../../capacity/slo.js';
import { formatNumber } from '../../summary-table.js';
import { maxSearchProbesLeft, minSearchProbesLeft, type ProbeOutcome } from '../../../drivers/search-estimate.js';
import { checkCount, workerCount } from '../../sweep/options.js';
import { type CommonArgs, checkOutDir, parseModes, say, withCommonOptions } from '../common.js';
import { UsageError } from '../errors.js';
import { type BudgetArgs, capacityBudget, withBudgetOptions } from '../budget.js';
import { editedScenario } from '../../../drivers/run-task.js';
import type { ScenarioEdit } from '../../../drivers/scenario-edit.js';
import { estimateCost } from '../../../sim/scenario/cost-estimate.js';
import { integerFlag, positiveFlag, stringFlag, workersFlag } from '../flags.js';

/**
 *   scenario + SLO ─► per mode, concurrently on the worker pool: a search whose every probe is a
 *   run with the same seed ─► table on stdout, capacity.json + capacity.csv in --out
 */
interface CapacityArgs extends CommonArgs, BudgetArgs {
  readonly scenario: string;
  readonly slo?: string;
  readonly modes?: string;
  readonly tolerance: string;
  readonly 'target-rate'?: number;
  readonly 'vary-servers': boolean;
  readonly 'max-servers': number;
  readonly 'max-front-ends': number;
  readonly workers?: number;
  readonly png: boolean;
}

function parseTolerance(text: string): number {
  const m = /^(\d+(?:\.\d*)?|\.\d+)%$/.exec(text.trim());
  const ratio = m === null ? NaN : Number(m[1]) / 100;
  if (!(ratio > 0 && ratio < 1)) throw new UsageError(`--tolerance ${text}: give a percentage between 0 and 100, e.g. 1%`);
  return ratio;
}

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * Probes made and an estimate of those still to come, per mode, from which the progress lines
 * give an estimate of the time left: probes to go ÷ the rate at which probes have finished so far
 * (which already reflects how many run at once).
 */
class CapacityProgress {
  private readonly probes = new Map<Mode, Evaluation[]>();
  private readonly startedMs = performance.now();
  private done = 0;

  constructor(private readonly modes: readonly Mode[], private readonly probesLeft: (probes: readonly Evaluation[]) => number) {}

  note(mode: Mode, e: Evaluation): string {
    const list = this.probes.get(mode) ?? [];
    list.push(e);
    this.probes.set(mode, list);
    this.done++;
    const left = this.modes.reduce((sum, m) => sum + this.probesLeft(this.probes.get(m) ?? []), 0);
    const rate = this.done / ((performance.now() - this.startedMs) / 1000);
    return left === 0 ? `[${this.done} probes, done]` : `[${this.done} probes, ~${left} to go, ~${formatEta(left / rate)} left]`;
  }
}

function maxRateLeft(relativeTolerance: number): (probes: readonly Evaluation[]) => number {
  return (probes) => maxSearchProbesLeft(probes.map((e) => ({ value: e.offeredRequestsPerSecond, meets: e.meets })), relativeTolerance);
}

/** Servers first (front ends ample, at the maximum), then front ends at the servers found. */
function fewestNodesLeft(maxServers: number, maxFrontEnds: number): (probes: readonly Evaluation[]) => number {
  return (probes) => {
    const outcome = (value: number, e: Evaluation): ProbeOutcome => ({ value, meets: e.meets });
    const serverProbes = probes.filter((e) => e.frontEnds === null || e.frontEnds === maxFrontEnds).map((e) => outcome(e.servers, e));
    const frontProbes = probes.filter((e) => e.frontEnds !== null && e.frontEnds !== maxFrontEnds).map((e) => outcome(e.frontEnds!, e));
    const serversLeft = minSearchProbesLeft(serverProbes, maxServers);
    const hasFront = probes.some((e) => e.frontEnds !== null);
    if (!hasFront || (serversLeft === 0 && !serverProbes.some((p) => p.meets))) return serversLeft;
    const frontLeft = minSearchProbesLeft([...frontProbes, { value: maxFrontEnds, meets: true }], maxFrontEnds);
    return serversLeft + (serversLeft > 0 ? Math.ceil(Math.log2(Math.max(2, maxFrontEnds))) : frontLeft);
  };
}

function probeLine(mode: Mode, e: Evaluation): string {
  const nodes = `${e.servers} server${e.servers === 1 ? '' : 's'}${e.frontEnds === null ? '' : `, ${e.frontEnds} front end${e.frontEnds === 1 ? '' : 's'}`}`;
  const verdict = e.meets ? 'meets' : `fails (${e.violations.join('; ')})`;
  return `capacity: ${mode.padEnd(11)} ${formatNumber(e.offeredRequestsPerSecond, 0)} req/s offered, ${nodes}: p99 ${e.latencyMs.p99.toFixed(2)} ms → ${verdict}`;
}

export const capacityCommand = {
  command: 'capacity <scenario>',
  describe: 'per mode, the highest offered rate meeting an SLO; or (--target-rate R --vary-servers) the fewest servers and front ends meeting it at R',
  builder: (y: Argv) =>
    withBudgetOptions(withCommonOptions(withExamples(y, 'capacity')))
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON) with at least one Poisson client group' })
      .option('slo', { ...stringFlag('slo', 'bounds, e.g. p99=50ms,errors=0.1% (keys: p50, p90, p99, p999 with a time unit; errors in %); a run with > 10 % of requests unfinished at its end never meets it'), demandOption: true })
      .option('modes', stringFlag('modes', `comma-separated subset of: ${MODES.join(', ')}, each once (default: the scenario's)`))
      .option('tolerance', stringFlag('tolerance', 'max-rate search: stop when the bracket is this narrow (relative), a percentage in (0, 100)', { default: '1%' }))
      .option('target-rate', positiveFlag('target-rate', 1e8, 'offered req/s for the fewest-nodes search (with --vary-servers), up to 1e8'))
      .option('vary-servers', { type: 'boolean', default: false, describe: 'find the fewest servers (and front-end nodes) meeting the SLO at --target-rate' })
      .option('max-servers', { ...integerFlag('max-servers', 1, 1024, 'fewest-nodes search: largest server count tried, 1..1024'), default: '256' as const })
      .option('max-front-ends', { ...integerFlag('max-front-ends', 1, 64, 'fewest-nodes search: front-end nodes while servers are searched (ample), and the largest count tried, 1..64'), default: '16' as const })
      .option('workers', workersFlag)
      .option('png', { type: 'boolean', default: true, describe: 'also render the charts to PNG' }),
  handler: async (args: CapacityArgs) => {
    const base = loadRawScenario(args.scenario);
    const slo = parseSlo(args.slo);
    const modes = parseModes(args.modes, base.scenario.modes);
    const relativeTolerance = parseTolerance(args.tolerance);
    const workers = workerCount(args.workers);
    checkCount('seed', args.seed, 0);
    checkCount('max-servers', args['max-servers'], 1);
    checkCount('max-front-ends', args['max-front-ends'], 1);
    const target = args['target-rate'];
    if (args['vary-servers'] !== (target !== undefined)) throw new UsageError('--target-rate and --vary-servers go together: --target-rate R --vary-servers finds the fewest nodes meeting the SLO at R req/s');
    if (target !== undefined && !(target > 0 && Number.isFinite(target))) throw new UsageError(`--target-rate ${target}: give a positive rate in requests per second`);
    const seed = capacitySeed(args.seed, base.scenario);
    // Fails here (exit 2) when the scenario has no open-loop group to scale.
    let rates: ReturnType<typeof poissonRates>;
    try {
      rates = poissonRates(base);
    } catch (err) {
      throw err instanceof NoOpenLoopGroup ? new UsageError(err.message) : err;
    }
    const estimateEvents = (set: readonly ScenarioEdit[]) => estimateCost(editedScenario(base.raw, base.file, set)).events;
    // The first probe: the scenario's own rates, or the target rate on one server with ample front ends.
    const firstSet = target === undefined
      ? rates.settings(1)
      : [...rates.settings(target / rates.offeredPerSecond), { path: ['topology', 'servers', 'count'], value: 1 }, { path: ['topology', 'frontEnd', 'count'], value: args['max-front-ends'] }];
    const eventsPerMode = capacityBudget(editedScenario(base.raw, base.file, firstSet), modes.length, args);
    checkOutDir(args.out);

    // Each mode's search is sequential, so more threads than modes would idle.
    const pool = new RunPool(Math.min(workers, modes.length));
    const progress = new CapacityProgress(modes, target === undefined ? maxRateLeft(relativeTolerance) : fewestNodesLeft(args['max-servers'], args['max-front-ends']));
    const ctx: CapacityContext = {
      base, pool, seed, eventsPerMode, estimateEvents,
      judge: (result) => checkSlo(result, slo),
      onProbe: (mode, e) => {
        const eta = progress.note(mode, e);
        if (!args.quiet) process.stderr.write(`${probeLine(mode, e)}  ${eta}\n`);
      },
    };
    let answer: CapacityAnswer;
    try {
      answer = target === undefined
        ? { search: 'max-rate', relativeTolerance, results: await Promise.all(modes.map((m) => maxRate(ctx, m, { relativeTolerance, maxSteps: 12 }))) }
        : { search: 'fewest-nodes', targetRequestsPerSecond: target, results: await Promise.all(modes.map((m) => fewestNodes(ctx, m, { targetRequestsPerSecond: target, maxServers: args['max-servers'], maxFrontEnds: args['max-front-ends'] }))) };
    } finally {
      await pool.close();
    }
    const doc: CapacityDoc = { scenario: base.scenario.name, scenarioFile: args.scenario, slo, seed, answer };
    await writeCapacity(args.out, doc, { png: args.png });
    if (args.json) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    say(args, `${capacityTable(doc)}\n\n${capacitySentence(doc)}\n\nwrote ${args.out}/capacity.html (the answer, every probe, two charts), capacity.json, capacity.csv and capacity-probes.csv`);
  },
};
