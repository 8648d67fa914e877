import { withExamples } from '../examples.js';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeParents } from '../../atomic-write.js';
import type { Argv } from 'yargs';
import { MODES, type RunResult } from '../../../sim/result.js';
import { loadRawScenario } from '../../../drivers/raw-scenario.js';
import { executeItems } from '../../../drivers/sweep-execute.js';
import { makeManifest, writeManifest } from '../../sweep/manifest.js';
import { planSweep, type WorkItem } from '../../sweep/plan.js';
import { readPoint, writePoint } from '../../sweep/point-store.js';
import { makeProgress } from '../../sweep/progress.js';
import { checkCount, workerCount } from '../../sweep/options.js';
import { inShard, MAX_SHARDS } from '../../sweep/shard.js';
import { resolveShard } from '../../sweep/shard-auto.js';
import { writeSweepReport } from '../../sweep/sweep-report.js';
import { parseVaries } from '../../sweep/vary.js';
import { type CommonArgs, checkOutDir, parseModes, say, withCommonOptions } from '../common.js';
import { integerFlag, replicationsFlag, stringFlag, workersFlag } from '../flags.js';
import { type BudgetArgs, checkBudget, withBudgetOptions } from '../budget.js';
import { parseScenario } from '../../../sim/scenario/load.js';
import type { Scenario } from '../../../sim/scenario/types.js';

/** One budget entry per distinct grid point, counted once per work item (mode × replication). */
function budgetRuns(items: readonly WorkItem[]): { scenario: Scenario; count: number }[] {
  const byPoint = new Map<string, { scenario: Scenario; count: number }>();
  for (const item of items) {
    const key = JSON.stringify(item.scenario);
    const entry = byPoint.get(key);
    if (entry !== undefined) entry.count++;
    else byPoint.set(key, { scenario: parseScenario(item.scenario), count: 1 });
  }
  return [...byPoint.values()];
}

/**
 *   scenario + --vary axes ─► manifest (sweep.json) ─► plan: grid × modes × replications, every
 *   point validated ─► (shard slice) ─► run missing items on worker threads, each stored in
 *   points/ as it finishes ─► (whole sweep only) report from the point files
 */
interface SweepArgs extends CommonArgs, BudgetArgs {
  readonly scenario: string;
  readonly vary?: string[];
  readonly modes?: string;
  readonly replications?: number;
  readonly workers?: number;
  readonly shard?: string;
  readonly 'shard-count'?: number;
  readonly png: boolean;
}

export const sweepCommand = {
  command: 'sweep <scenario>',
  describe: 'run a grid over scenario fields (--vary path=v1,v2,…; several make a cartesian grid) on all cores; resumable, shardable',
  builder: (y: Argv) =>
    withBudgetOptions(withCommonOptions(withExamples(y, 'sweep')))
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
      .option('vary', { type: 'string', array: true, describe: 'path=v1,v2,… a field of the scenario file (e.g. topology.servers.count=1,2,4, workload.groups[0].arrival.rate=1000,2000); repeatable' })
      .option('modes', stringFlag('modes', `comma-separated subset of: ${MODES.join(', ')}, each once (default: the scenario's)`))
      .option('replications', replicationsFlag)
      .option('workers', workersFlag)
      .option('shard', stringFlag('shard', 'i/N: run only work items with index ≡ i (mod N), write their point files, no report (join with lbsim merge); auto: i and N from the scheduler (Slurm array, Kubernetes Indexed Job, GNU parallel)'))
      .option('shard-count', integerFlag('shard-count', 1, MAX_SHARDS, `with --shard auto where the scheduler gives only the index (Kubernetes, GNU parallel): how many shards, 1..${MAX_SHARDS} (or set LBSIM_SHARD_COUNT)`))
      .option('png', { type: 'boolean', default: true, describe: 'also render charts to PNG' }),
  handler: async (args: SweepArgs) => {
    const started = performance.now();
    const base = loadRawScenario(args.scenario);
    const axes = parseVaries(args.vary ?? []);
    const modes = parseModes(args.modes, base.scenario.modes);
    const workers = workerCount(args.workers);
    const shard = resolveShard(args.shard, args['shard-count'], process.env);
    checkCount('replications', args.replications, 1);
    checkCount('seed', args.seed, 0);
    const manifest = makeManifest({
      scenarioFile: args.scenario,
      scenario: base.raw,
      axes: axes.map((a) => ({ path: a.path, values: a.values })),
      modes,
      seed: args.seed ?? null,
      replications: args.replications ?? null,
    });
    const plan = planSweep(manifest);
    checkBudget(budgetRuns(plan.items.filter((item) => inShard(shard, item.index))), args);
    checkOutDir(args.out);

    // A sweep's folder grows point by point (that is what makes it resumable); its report files
    // are swapped in whole at the end by writeOutputs.
    makeParents(resolve(args.out));
    await writeManifest(args.out, manifest);
    const items = plan.items.filter((item) => inShard(shard, item.index));
    const title = shard === null ? 'sweep' : `sweep shard ${shard.index}/${shard.count}`;
    const store = { read: (item: WorkItem) => readPoint(args.out, item), write: (item: WorkItem, result: RunResult, wallSeconds: number) => writePoint(args.out, item, result, wallSeconds) };
    const run = await executeItems(items, store, workers, args.scenario, (toRun) => makeProgress({ quiet: args.quiet, total: toRun, title }));
    if (shard !== null) {
      say(args, `${title}: ${items.length} of ${plan.items.length} work items stored in ${args.out}/points (${run.ran} run, ${run.reused} reused); join the shards with lbsim merge <folders…> --out DIR`);
      return;
    }
    const { rows, summary } = await writeSweepReport(args.out, manifest, plan, run.records, {
      png: args.png,
      timing: { workers, ran: run.ran, reused: run.reused, wallSeconds: (performance.now() - started) / 1000 },
    });
    if (args.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    say(args, `\n${summary}\n\n${plan.items.length} work items (${run.ran} run, ${run.reused} reused); wrote ${args.out}/report.html, summary.json, CSVs, charts and points/`);
  },
};
