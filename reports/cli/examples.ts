/**
 * Examples shown by `lbsim <command> --help`, each a whole command that runs as written from the
 * lbsim folder (the scenario files exist; the help is printed unwrapped, so a line copies whole).
 * test/reports/cli/help.test.ts checks both.
 */
export type ExampleCommand = 'run' | 'compare' | 'sweep' | 'merge' | 'capacity' | 'trace' | 'explain' | 'validate' | 'schema';

export const COMMAND_EXAMPLES: Readonly<Record<ExampleCommand, readonly (readonly [command: string, what: string])[]>> = {
  run: [
    ['lbsim run scenarios/default.yaml --out out/run', "the scenario's own modes; open out/run/report.html"],
    ['lbsim run scenarios/default.yaml --modes lvs-dr,l7-proxy --replications 3 --seed 7 --out out/two', 'two modes, three replications each, another seed'],
  ],
  compare: [
    ['lbsim compare scenarios/default.yaml --out out', 'all six modes on the same workload; open out/report.html'],
    ['lbsim compare scenarios/objects-large.yaml --no-png --json --out out/large > large.json', 'large objects; the RunResults as JSON on stdout'],
  ],
  sweep: [
    ['lbsim sweep scenarios/scale-out.yaml --vary topology.servers.count=2,4,8,16,32 --out out/scale', 'throughput against the number of servers, one line per mode'],
    ['lbsim sweep scenarios/dns-ttl.yaml --vary dns.ttl=1s,5s,30s,60s,300s --out out/ttl', 'imbalance (and every other metric) against the DNS TTL'],
    ['lbsim sweep scenarios/default.yaml --vary workload.groups[0].arrival.rate=20000,40000 --vary topology.servers.count=8,16 --out out/grid', 'a 2 × 2 grid'],
    ['lbsim sweep scenarios/scale-out.yaml --vary topology.servers.count=2,4,8 --shard 0/2 --out out/shard-0', 'one of two shards; then lbsim merge'],
    ['SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=2 lbsim sweep scenarios/scale-out.yaml --vary topology.servers.count=2,4,8 --shard auto --out out/shard-1', 'the shard a Slurm array task would run (see examples/)'],
  ],
  merge: [
    ['lbsim merge out/shard-0 out/shard-1 --out out/scale-merged', "joins the shards into the report one process would have written"],
  ],
  capacity: [
    ['lbsim capacity scenarios/default.yaml --slo p99=50ms,errors=0.1% --out out/capacity', 'per mode, the highest offered rate meeting the SLO'],
    ['lbsim capacity scenarios/default.yaml --slo p99=50ms --target-rate 60000 --vary-servers --out out/servers', 'the fewest servers and front ends meeting it at 60,000 req/s'],
  ],
  trace: [
    ['lbsim trace scenarios/default.yaml --mode lvs-tun', "one request's packets through an IP-in-IP tunnel"],
    ['lbsim trace scenarios/default.yaml --mode l7-proxy --json > trace.json', 'the same as data'],
  ],
  explain: [
    ['lbsim explain lvs-dr', 'direct routing in words, with numbers from a quick run'],
    ['lbsim explain --scenario scenarios/objects-large.yaml', 'every mode, measured on large objects'],
  ],
  validate: [
    ['lbsim validate scenarios/default.yaml scenarios/dns-ttl.yaml', 'check scenario files without running them'],
  ],
  schema: [
    ['lbsim schema > lbsim.schema.json', 'the JSON Schema scenario files follow (for an editor)'],
  ],
};

/** Adds a command's examples to its yargs builder. */
export function withExamples<T extends { example(command: string, description: string): T }>(y: T, command: ExampleCommand): T {
  return COMMAND_EXAMPLES[command].reduce((acc, [cmd, what]) => acc.example(cmd, what), y);
}
