#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ScenarioError } from '../../sim/scenario/errors.js';
import { capacityCommand } from './commands/capacity.js';
import { mergeCommand } from './commands/merge.js';
import { runCommand } from './commands/run.js';
import { sweepCommand } from './commands/sweep.js';
import { schemaCommand, validateCommand } from './commands/validate.js';
import { traceCommand } from './commands/trace.js';
import { explainCommand } from './commands/explain.js';
import { EXIT_FAILURE, EXIT_USAGE, UsageError } from './errors.js';
import { joinDashValues } from './flags.js';

/**
 * lbsim's command line. Commands parse and check everything first (scenario, options, output
 * folder), so a mistake costs a one-line error and exit code 2, never a half-written folder.
 */
function reportError(err: unknown): never {
  if (err instanceof ScenarioError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(EXIT_USAGE);
  }
  if (err instanceof UsageError) {
    process.stderr.write(`lbsim: ${err.message}\n`);
    process.exit(EXIT_USAGE);
  }
  // A runtime failure (I/O, a bug): one line, exit 1; LBSIM_DEBUG=1 shows the stack.
  process.stderr.write(`lbsim: ${oneLine(err)}\n`);
  if (process.env['LBSIM_DEBUG'] === '1' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exit(EXIT_FAILURE);
}

function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, ' ');
}

/** Options that take a value, so `--tolerance -1%` passes "-1%" to the option's own check. */
const VALUE_FLAGS = new Set(['seed', 'out', 'modes', 'replications', 'tolerance', 'target-rate', 'max-servers', 'max-front-ends',
  'workers', 'slo', 'vary', 'shard', 'shard-count', 'at', 'mode', 'format', 'scenario', 'max-events']);

try {
  await yargs(joinDashValues(hideBin(process.argv), VALUE_FLAGS))
    .scriptName('lbsim')
    .usage('$0 <command> [options]\n\nCompare ways to load-balance an object store\'s front end (round-robin DNS, client-side, haproxy, LVS NAT/TUN/DR) by deterministic simulation.')
    .command(runCommand('run'))
    .command(runCommand('compare'))
    .command(sweepCommand)
    .command(mergeCommand)
    .command(capacityCommand)
    .command(traceCommand)
    .command(explainCommand)
    .command(validateCommand)
    .command(schemaCommand)
    .example('$0 compare scenarios/default.yaml --out out', 'all six modes on the default workload; open out/report.html')
    .example('$0 run scenarios/default.yaml --modes lvs-dr,l7-proxy --seed 7', 'two modes, another seed')
    .example('$0 sweep scenarios/scale-out.yaml --vary topology.servers.count=1,2,4,8 --out out/scale', 'a grid over one field, on all cores')
    .example('$0 trace scenarios/default.yaml --mode lvs-tun', 'one request\'s packets through an IP-in-IP tunnel')
    .example('$0 capacity scenarios/default.yaml --slo p99=50ms,errors=0.1%', 'highest offered rate per mode meeting an SLO')
    .example('$0 explain lvs-dr', 'direct routing in words, with measured numbers')
    .example('$0 validate scenarios/*.yaml', 'check scenario files')
    .demandCommand(1, 'name a command (lbsim --help lists them)')
    .strict()
    .fail((msg, err) => {
      // yargs wraps what a coerce function throws; a flag's own check is still a usage error.
      if (err) throw err instanceof UsageError || err instanceof ScenarioError || err.name !== 'YError' ? err : new UsageError(err.message);
      throw new UsageError(msg);
    })
    .help()
    // Unwrapped: an example wrapped over two lines cannot be copied and pasted.
    .wrap(null)
    .parseAsync();
} catch (err) {
  reportError(err);
}
