import { withExamples } from '../examples.js';
import type { Argv } from 'yargs';
import { MODES } from '../../../sim/result.js';
import { traceModes } from '../../../sim/trace.js';
import type { ResultRow } from '../../rows.js';
import { formatSummaryText, hasCompletions, hasLatency, latencyCell, summaryTable } from '../../summary-table.js';
import { writeOutputs } from '../../write-outputs.js';
import { verdict } from '../../verdict.js';
import { type CommonArgs, checkOutDir, parseModes, say, withCommonOptions } from '../common.js';
import { loadRawScenario } from '../../../drivers/raw-scenario.js';
import { runModes } from '../../../drivers/run-modes.js';
import { workerCount } from '../../sweep/options.js';
import { replicationsFlag, stringFlag, workersFlag } from '../flags.js';
import { type BudgetArgs, checkBudget, withBudgetOptions } from '../budget.js';

interface RunArgs extends CommonArgs, BudgetArgs {
  readonly scenario: string;
  readonly modes?: string;
  readonly replications?: number;
  readonly workers?: number;
  readonly png: boolean;
}

function quoteArg(s: string): string {
  return /^[\w./=,:@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `run` uses the scenario's own modes; `compare` puts the same workload through all six. */
export function runCommand(name: 'run' | 'compare') {
  return {
    command: `${name} <scenario>`,
    describe: name === 'run'
      ? 'run a scenario (each of its modes) and write results, charts and a report'
      : 'the same workload under every mode, with common random numbers, in one report',
    builder: (y: Argv) =>
      withBudgetOptions(withCommonOptions(withExamples(y, name)))
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
        .option('modes', stringFlag('modes', `comma-separated subset of: ${MODES.join(', ')}, each once`))
        .option('replications', replicationsFlag)
        .option('workers', { ...workersFlag, describe: 'worker threads for the runs, 1..256 (default: one per core); results are the same for any count' })
        .option('png', { type: 'boolean', default: true, describe: 'also render charts to PNG' }),
    handler: async (args: RunArgs) => {
      const input = loadRawScenario(args.scenario);
      const scenario = input.scenario;
      const modes = parseModes(args.modes, name === 'compare' ? MODES : scenario.modes);
      const workers = workerCount(args.workers);
      const seed = args.seed ?? scenario.run.seed;
      const replications = args.replications ?? scenario.run.replications;
      checkBudget([{ scenario, count: modes.length * replications }], args);
      checkOutDir(args.out);
      const timed = await runModes(input, modes, seed, replications, workers, (t) =>
        say(args, `${t.result.mode.padEnd(11)} rep ${t.result.replication}: ${t.result.health.state}, ${t.result.throughput.requestsPerSecond.toFixed(0)} req/s, p99 ${latencyCell(t.result, 'p99')}${hasLatency(t.result) ? ' ms' : ''}, ${t.result.bottleneck.saturated ? 'bottleneck' : 'busiest'} ${t.result.bottleneck.resource} (${(t.result.bottleneck.utilization * 100).toFixed(1)}%)  [${t.wallSeconds.toFixed(1)} s]`));
      const rows: ResultRow[] = timed.map((t) => ({ params: {}, result: t.result }));
      for (const { result: r } of timed) {
        if (!hasCompletions(r) && !args.quiet) process.stderr.write(`lbsim: warning: ${r.mode} rep ${r.replication}: no request completed in the measured window, so it measures nothing (are the capacities and rates what you meant?)\n`);
      }
      say(args, 'tracing one request per mode for the report\'s sequence diagrams');
      const traces = traceModes(scenario, modes, { seed });
      // The command as it determines the results (never --out, --quiet, --json, --no-png, --workers):
      // the same scenario and seed give the same summary.json and report.html wherever written.
      const command = ['lbsim', name, quoteArg(args.scenario), '--modes', modes.join(','), '--seed', String(seed), '--replications', String(replications)].join(' ');
      const timing = { argv: process.argv.slice(2), out: args.out, workers, runs: timed.map((t) => ({ mode: t.result.mode, replication: t.result.replication, events: t.result.events, wallSeconds: t.wallSeconds })) };
      await writeOutputs(args.out, rows, { title: `${scenario.name}: ${name}`, scenarioName: scenario.name, description: scenario.description, command }, { png: args.png, traces, timing: `${JSON.stringify(timing, null, 2)}\n` });
      if (args.json) process.stdout.write(`${JSON.stringify(rows.map((r) => r.result), null, 2)}\n`);
      say(args, `\n${formatSummaryText(summaryTable(rows, {}))}\n\nVerdict: ${verdict(rows, {})}\n\nwrote ${args.out}/report.html, summary.json, CSVs and charts`);
    },
  };
}
