import { withExamples } from '../examples.js';
import type { Argv } from 'yargs';
import { MODES, type Mode } from '../../../sim/result.js';
import { toNs } from '../../../sim/scenario/quantities.js';
import { traceRequest } from '../../../sim/trace.js';
import { formatTrace } from '../../trace-text.js';
import { UsageError } from '../errors.js';
import { loadScenario } from '../common.js';

export const traceCommand = {
  command: 'trace <scenario>',
  describe: 'follow one request hop by hop: packets, headers at each leg, CPU and queueing',
  builder: (y: Argv) =>
    withExamples(y, 'trace')
      .positional('scenario', { type: 'string', demandOption: true })
      .option('mode', { type: 'string', demandOption: true, describe: `one of ${MODES.join(', ')}` })
      .option('at', { type: 'string', describe: 'trace the first new connection opened at or after this time (default: end of warm-up)' })
      .option('seed', { type: 'number' })
      .option('json', { type: 'boolean', default: false, describe: 'print the trace as JSON' }),
  handler: (args: { scenario: string; mode: string; at?: string; seed?: number; json: boolean }) => {
    if (!(MODES as readonly string[]).includes(args.mode)) throw new UsageError(`--mode: unknown mode "${args.mode}"; allowed: ${MODES.join(', ')}`);
    let fromNs: number | undefined;
    if (args.at !== undefined) {
      try {
        fromNs = toNs(args.at);
      } catch (err) {
        throw new UsageError(`--at: ${(err as Error).message}`);
      }
    }
    const scenario = loadScenario(args.scenario);
    const { trace } = traceRequest(scenario, args.mode as Mode, { ...(args.seed !== undefined ? { seed: args.seed } : {}), ...(fromNs !== undefined ? { fromNs } : {}) });
    if (trace === null) throw new UsageError('no new connection was opened after --at; try an earlier time');
    process.stdout.write(args.json ? `${JSON.stringify(trace, null, 2)}\n` : formatTrace(trace));
  },
};
