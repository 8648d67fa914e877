import type { Argv } from 'yargs';
import { withExamples } from '../examples.js';
import { DEFAULT_SCENARIO_FILE, QUICK_RUN, explainRuns, explainScenario } from '../../../drivers/explain-run.js';
import { MODE_TABLE } from '../../../sim/modes/mode-table.js';
import { MODES, type Mode } from '../../../sim/result.js';
import { explainMode, formatExplained } from '../../explain/explain-text.js';
import { parseModes } from '../common.js';
import { seedFlag, stringFlag } from '../flags.js';
import { type BudgetArgs, checkBudget, withBudgetOptions } from '../budget.js';

export const explainCommand = {
  command: 'explain [mode]',
  describe: 'each approach in words, every claim with the figure a quick run measured beside it',
  builder: (y: Argv) =>
    withBudgetOptions(withExamples(y, 'explain'))
      .positional('mode', { type: 'string', describe: `one of ${MODES.join(', ')} (default: all)` })
      .option('scenario', stringFlag('scenario', 'scenario to measure with (default: the built-in default)', { default: DEFAULT_SCENARIO_FILE }))
      .option('full', { type: 'boolean', default: false, describe: `use the scenario's own run length (default: a quick run, warm-up ${QUICK_RUN.warmup}, ${QUICK_RUN.duration} in all)` })
      .option('seed', seedFlag)
      .option('json', { type: 'boolean', default: false, describe: 'print the explanations and their figures as JSON' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress on stderr' }),
  handler: (args: { mode?: string; scenario: string; full: boolean; seed?: number; json: boolean; quiet: boolean } & BudgetArgs) => {
    const modes: Mode[] = parseModes(args.mode, MODES, 'explain <mode>');
    const scenario = explainScenario(args.scenario, args.full);
    checkBudget([{ scenario, count: modes.length }], args);
    const results = explainRuns(scenario, modes, args.seed, (line) => { if (!args.quiet) process.stderr.write(`${line}\n`); });
    const explained = results.map((r) => explainMode(r, MODE_TABLE[r.mode].title));
    if (args.json) {
      const run = { warmupSeconds: scenario.run.warmupNs / 1e9, durationSeconds: scenario.run.durationNs / 1e9, quick: !args.full };
      process.stdout.write(`${JSON.stringify({ scenario: scenario.name, file: args.scenario, seed: results[0]?.seed ?? null, run, modes: explained }, null, 2)}\n`);
      return;
    }
    process.stdout.write(explained.map((e, i) => formatExplained(e, results[i]!)).join('\n────────────────────────────────────────────────────────────\n\n'));
  },
};
