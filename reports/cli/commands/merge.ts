import { withExamples } from '../examples.js';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { makeParents } from '../../atomic-write.js';
import { writeManifest } from '../../sweep/manifest.js';
import { collectShards } from '../../sweep/merge.js';
import { storePoint } from '../../sweep/point-store.js';
import { writeSweepReport } from '../../sweep/sweep-report.js';
import { checkOutDir, say } from '../common.js';
import { stringFlag } from '../flags.js';

/**
 *   shard folders ─► same sweep? every work item present? ─► copy manifest and point files
 *   into --out ─► the report, byte-identical to the unsharded sweep's
 */
interface MergeArgs {
  /** Always given: `<dirs..>` needs at least one. */
  readonly dirs?: string[];
  readonly out: string;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly png: boolean;
}

export const mergeCommand = {
  command: 'merge <dirs..>',
  describe: 'join the point files of sweep shards (lbsim sweep --shard i/N) into one report',
  builder: (y: Argv) =>
    withExamples(y, 'merge')
      .positional('dirs', { type: 'string', array: true, describe: 'output folders of the shards (one or more)', default: undefined })
      .option('out', { ...stringFlag('out', 'output folder for the merged sweep'), demandOption: true })
      .option('json', { type: 'boolean', default: false, describe: 'print the result rows as JSON on stdout' })
      .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors (and --json output)' })
      .option('png', { type: 'boolean', default: true, describe: 'also render charts to PNG' }),
  handler: async (args: MergeArgs) => {
    const dirs = args.dirs ?? [];
    const merged = await collectShards(dirs);
    checkOutDir(args.out);
    makeParents(resolve(args.out));
    await writeManifest(args.out, merged.manifest);
    // Rewriting a point file that is already in --out (when it is one of the shards) changes nothing.
    const records = [];
    for (const record of merged.records) records.push(await storePoint(args.out, record));
    const { rows, summary } = await writeSweepReport(args.out, merged.manifest, merged.plan, records, {
      png: args.png,
      timing: { mergedFrom: dirs },
    });
    if (args.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    say(args, `\n${summary}\n\nmerged ${merged.plan.items.length} work items from ${dirs.length} folder${dirs.length === 1 ? '' : 's'}; wrote ${args.out}/report.html, summary.json, CSVs, charts and points/`);
  },
};
