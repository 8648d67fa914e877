import type { Argv } from 'yargs';
import { MODES, type Mode } from '../../../sim/result.js';
import { parseDurationNs } from '../../../sim/engine/time.js';
import { MAX_DURATION_NS } from '../../../sim/scenario/quantities.js';
import { seedFlag, stringFlag } from '../flags.js';
import { type BudgetArgs, checkBudget, withBudgetOptions } from '../budget.js';
import { traceRequest } from '../../../sim/trace.js';
import { formatTrace } from '../../trace-text.js';
import { UsageError } from '../errors.js';
import { loadScenario } from '../common.js';

export const traceCommand = {
  command: 'trace <scenario>',
  describe: 'follow one request hop by hop: packets, headers at each leg, CPU and queueing',
  builder: (y: Argv) =>
    withBudgetOptions(y)
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
      .option('mode', { ...stringFlag('mode', `one of ${MODES.join(', ')}`), demandOption: true })
      .option('at', stringFlag('at', 'trace the first new connection opened at or after this time, e.g. 2s (default: end of warm-up)'))
      .option('seed', seedFlag)
      .option('json', { type: 'boolean', default: false, describe: 'print the trace as JSON' }),
  handler: (args: { scenario: string; mode: string; at?: string; seed?: number; json: boolean } & BudgetArgs) => {
    if (!(MODES as readonly string[]).includes(args.mode)) throw new UsageError(`--mode: unknown mode "${args.mode}"; allowed: ${MODES.join(', ')}`);
    let fromNs: number | undefined;
    if (args.at !== undefined) {
      try {
        fromNs = parseDurationNs(args.at);
      } catch (err) {
        throw new UsageError(`--at ${args.at}: ${(err as Error).message}`);
      }
      if (!(fromNs >= 0 && fromNs <= MAX_DURATION_NS)) throw new UsageError(`--at ${args.at}: give a time from 0s to the end of the run, e.g. 2s`);
    }
    const scenario = loadScenario(args.scenario);
    checkBudget([{ scenario, count: 1 }], args);
    const { trace } = traceRequest(scenario, args.mode as Mode, { ...(args.seed !== undefined ? { seed: args.seed } : {}), ...(fromNs !== undefined ? { fromNs } : {}) });
    if (trace === null) throw new UsageError('no new connection was opened after --at; try an earlier time');
    process.stdout.write(args.json ? `${JSON.stringify(trace, null, 2)}\n` : formatTrace(trace));
  },
};
