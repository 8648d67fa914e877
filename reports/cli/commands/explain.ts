import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import { MODE_TABLE } from '../../../sim/modes/mode-table.js';
import { MODES, type Mode } from '../../../sim/result.js';
import { runScenario } from '../../../sim/run.js';
import { explainMode } from '../../explain/explain-text.js';
import { loadScenario, parseModes } from '../common.js';
import { seedFlag, stringFlag } from '../flags.js';
import { type BudgetArgs, checkBudget, withBudgetOptions } from '../budget.js';

const DEFAULT_SCENARIO = fileURLToPath(new URL('../../../../scenarios/default.yaml', import.meta.url));

export const explainCommand = {
  command: 'explain [mode]',
  describe: 'each approach in words, backed by numbers from a quick run of a scenario',
  builder: (y: Argv) =>
    withBudgetOptions(y)
      .positional('mode', { type: 'string', describe: `one of ${MODES.join(', ')} (default: all)` })
      .option('scenario', stringFlag('scenario', 'scenario to measure with (default: the built-in scenarios/default.yaml)'))
      .option('seed', seedFlag),
  handler: (args: { mode?: string; scenario?: string; seed?: number } & BudgetArgs) => {
    const modes: Mode[] = parseModes(args.mode, MODES, 'explain <mode>');
    const scenario = loadScenario(args.scenario ?? DEFAULT_SCENARIO);
    checkBudget([{ scenario, count: modes.length }], args);
    const out = modes.map((mode) => explainMode(runScenario(scenario, { mode, ...(args.seed !== undefined ? { seed: args.seed } : {}) }), MODE_TABLE[mode].title));
    process.stdout.write(out.join('\n────────────────────────────────────────────────────────────\n\n'));
  },
};
