import { withExamples } from '../examples.js';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import { MODE_TABLE } from '../../../sim/modes/mode-table.js';
import { MODES, type Mode } from '../../../sim/result.js';
import { runScenario } from '../../../sim/run.js';
import { explainMode } from '../../explain/explain-text.js';
import { loadScenario, parseModes } from '../common.js';

const DEFAULT_SCENARIO = fileURLToPath(new URL('../../../../scenarios/default.yaml', import.meta.url));

export const explainCommand = {
  command: 'explain [mode]',
  describe: 'each approach in words, backed by numbers from a quick run of a scenario',
  builder: (y: Argv) =>
    withExamples(y, 'explain')
      .positional('mode', { type: 'string', describe: `one of ${MODES.join(', ')} (default: all)` })
      .option('scenario', { type: 'string', default: DEFAULT_SCENARIO, describe: 'scenario to measure with (default: the built-in default)' })
      .option('seed', { type: 'number' }),
  handler: (args: { mode?: string; scenario: string; seed?: number }) => {
    const modes: Mode[] = parseModes(args.mode, MODES);
    const scenario = loadScenario(args.scenario);
    // Progress on stderr (each mode is a full run of the scenario); stdout stays the text alone.
    const out = modes.map((mode, i) => (process.stderr.write(`explain: measuring ${mode} on ${scenario.name} (${i + 1} of ${modes.length})…\n`), explainMode(runScenario(scenario, { mode, ...(args.seed !== undefined ? { seed: args.seed } : {}) }), MODE_TABLE[mode].title)));
    process.stdout.write(out.join('\n────────────────────────────────────────────────────────────\n\n'));
  },
};
