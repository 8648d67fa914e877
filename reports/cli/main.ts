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
  process.stderr.write(`lbsim: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(EXIT_FAILURE);
}

try {
  await yargs(hideBin(process.argv))
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
      if (err) throw err;
      throw new UsageError(msg);
    })
    .help()
    // Unwrapped: an example wrapped over two lines cannot be copied and pasted.
    .wrap(null)
    .parseAsync();
} catch (err) {
  reportError(err);
}
