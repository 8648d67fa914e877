import { join } from 'node:path';
import type { Argv } from 'yargs';
import { MODES } from '../../../sim/result.js';
import { traceModes } from '../../../sim/trace.js';
import type { ResultRow } from '../../rows.js';
import { formatSummaryText, summaryTable } from '../../summary-table.js';
import { writeOutputs } from '../../write-outputs.js';
import { writeFileAtomic } from '../../atomic-write.js';
import { type CommonArgs, checkOutDir, parseModes, say, withCommonOptions } from '../common.js';
import { loadRawScenario } from '../../../drivers/raw-scenario.js';
import { runModes } from '../../../drivers/run-modes.js';
import { checkCount, workerCount } from '../../sweep/options.js';

interface RunArgs extends CommonArgs {
  readonly scenario: string;
  readonly modes?: string;
  readonly replications?: number;
  readonly workers?: number;
  readonly png: boolean;
}

/** `run` uses the scenario's own modes; `compare` puts the same workload through all six. */
export function runCommand(name: 'run' | 'compare') {
  return {
    command: `${name} <scenario>`,
    describe: name === 'run'
      ? 'run a scenario (each of its modes) and write results, charts and a report'
      : 'the same workload under every mode, with common random numbers, in one report',
    builder: (y: Argv) =>
      withCommonOptions(y)
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
        .option('modes', { type: 'string', describe: `comma-separated subset of: ${MODES.join(', ')}` })
        .option('replications', { type: 'number', describe: 'independent replications per mode (default: the scenario\'s)' })
        .option('workers', { type: 'number', describe: 'worker threads for the runs (default: one per core); results are the same for any count' })
        .option('png', { type: 'boolean', default: true, describe: 'also render charts to PNG' }),
    handler: async (args: RunArgs) => {
      const input = loadRawScenario(args.scenario);
      const scenario = input.scenario;
      const modes = parseModes(args.modes, name === 'compare' ? MODES : scenario.modes);
      const workers = workerCount(args.workers);
      checkCount('replications', args.replications, 1);
      checkOutDir(args.out);
      const seed = args.seed ?? scenario.run.seed;
      const replications = args.replications ?? scenario.run.replications;
      const timed = await runModes(input, modes, seed, replications, workers, (t) =>
        say(args, `${t.result.mode.padEnd(11)} rep ${t.result.replication}: ${t.result.throughput.requestsPerSecond.toFixed(0)} req/s, p99 ${t.result.latencyMs.p99.toFixed(2)} ms, bottleneck ${t.result.bottleneck.resource} (${(t.result.bottleneck.utilization * 100).toFixed(1)}%)  [${t.wallSeconds.toFixed(1)} s]`));
      const rows: ResultRow[] = timed.map((t) => ({ params: {}, result: t.result }));
      say(args, 'tracing one request per mode for the report\'s sequence diagrams');
      const traces = traceModes(scenario, modes, { seed });
      const command = `lbsim ${process.argv.slice(2).join(' ')}`;
      await writeOutputs(args.out, rows, { title: `${scenario.name}: ${name}`, scenarioName: scenario.name, description: scenario.description, command }, { png: args.png, traces });
      await writeFileAtomic(join(args.out, 'timing.json'), `${JSON.stringify(timed.map((t) => ({ mode: t.result.mode, replication: t.result.replication, events: t.result.events, wallSeconds: t.wallSeconds })), null, 2)}\n`);
      if (args.json) process.stdout.write(`${JSON.stringify(rows.map((r) => r.result), null, 2)}\n`);
      say(args, `\n${formatSummaryText(summaryTable(rows, {}))}\n\nwrote ${args.out}/report.html, summary.json, CSVs and charts`);
    },
  };
}
