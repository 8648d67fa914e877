import { withExamples } from '../examples.js';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { MODES, type Mode } from '../../../sim/result.js';
import { parseDurationNs } from '../../../sim/engine/time.js';
import { MAX_DURATION_NS } from '../../../sim/scenario/quantities.js';
import { seedFlag, stringFlag } from '../flags.js';
import { type BudgetArgs, checkBudget, withBudgetOptions } from '../budget.js';
import type { RequestTrace } from '../../../sim/stats/request-trace.js';
import { traceRequest } from '../../../sim/trace.js';
import { StagedOutput } from '../../atomic-write.js';
import { sequenceOf } from '../../sequence/sequence-model.js';
import { sequenceSvg } from '../../sequence/sequence-svg.js';
import { formatTrace } from '../../trace-text.js';
import { UsageError } from '../errors.js';
import { checkOutDir, loadScenario } from '../common.js';

const FORMATS = ['text', 'json', 'svg'] as const;
type Format = (typeof FORMATS)[number];

interface TraceArgs extends BudgetArgs {
  readonly scenario: string;
  readonly mode?: string;
  readonly allModes: boolean;
  readonly format?: string;
  readonly json: boolean;
  readonly out?: string;
  readonly at?: string;
  readonly seed?: number;
}

export const traceCommand = {
  command: 'trace <scenario>',
  describe: 'follow one request hop by hop: packets, headers at each leg, CPU and queueing (text, JSON or a sequence diagram)',
  builder: (y: Argv) =>
    withBudgetOptions(withExamples(y, 'trace'))
      .positional('scenario', { type: 'string', demandOption: true })
      .option('mode', stringFlag('mode', `one of ${MODES.join(', ')}`))
      .option('all-modes', { type: 'boolean', default: false, describe: 'trace the same request slot under all six modes' })
      .option('format', stringFlag('format', `${FORMATS.join(' | ')} (svg: a sequence diagram; default text)`))
      .option('out', stringFlag('out', 'write trace-<mode>.<ext> files into this folder instead of printing (required for --all-modes --format svg)'))
      .option('at', stringFlag('at', 'trace the first new connection opened at or after this time, 0s..240h (default: end of warm-up)'))
      .option('seed', seedFlag)
      .option('json', { type: 'boolean', default: false, describe: 'same as --format json' }),
  handler: async (args: TraceArgs) => {
    const format = (args.format ?? (args.json ? 'json' : 'text')) as Format;
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format: unknown format "${args.format}"; allowed: ${FORMATS.join(', ')}`);
    if (args.allModes && args.mode !== undefined) throw new UsageError('give either --mode or --all-modes, not both');
    if (!args.allModes && args.mode === undefined) throw new UsageError(`--mode is required (one of ${MODES.join(', ')}), or --all-modes`);
    if (args.mode !== undefined && !(MODES as readonly string[]).includes(args.mode)) throw new UsageError(`--mode: unknown mode "${args.mode}"; allowed: ${MODES.join(', ')}`);
    if (args.allModes && format === 'svg' && args.out === undefined) throw new UsageError('--all-modes --format svg writes one file per mode: give --out DIR');
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
    checkBudget([{ scenario, count: args.allModes ? MODES.length : 1 }], args);
    if (args.out !== undefined) checkOutDir(args.out);
    const modes: readonly Mode[] = args.allModes ? MODES : [args.mode as Mode];
    const traces: RequestTrace[] = [];
    for (const mode of modes) {
      const { trace } = traceRequest(scenario, mode, { ...(args.seed !== undefined ? { seed: args.seed } : {}), ...(fromNs !== undefined ? { fromNs } : {}) });
      if (trace === null) throw new UsageError(`${mode}: no new connection was opened after --at; try an earlier time`);
      traces.push(trace);
    }
    const render = (t: RequestTrace) => (format === 'json' ? `${JSON.stringify(t, null, 2)}\n` : format === 'svg' ? sequenceSvg(sequenceOf(t)) : formatTrace(t));
    if (args.out !== undefined) {
      const ext = format === 'text' ? 'txt' : format;
      // Staged and swapped in whole: the folder shows all of this invocation's traces or none.
      const out = await StagedOutput.open(args.out);
      try {
        for (const t of traces) await out.write(`trace-${t.mode}.${ext}`, render(t));
      } catch (err) {
        await out.abort();
        throw err;
      }
      await out.commit();
      process.stderr.write(`wrote ${traces.map((t) => join(args.out!, `trace-${t.mode}.${ext}`)).join(', ')}\n`);
      return;
    }
    if (format === 'json' && args.allModes) process.stdout.write(`${JSON.stringify(traces, null, 2)}\n`);
    else process.stdout.write(traces.map(render).join(format === 'text' ? '\n────────────────────────────────────────────────────────────\n\n' : ''));
  },
};
