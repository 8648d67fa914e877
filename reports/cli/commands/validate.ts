import { withExamples } from '../examples.js';
import type { Argv } from 'yargs';
import * as z from 'zod';
import { jsonSchemaFragment } from '../../../sim/scenario/quantities.js';
import { scenarioSchema } from '../../../sim/scenario/schema.js';
import { ScenarioError } from '../../../sim/scenario/errors.js';
import { loadScenario } from '../common.js';
import { ReportedError } from '../errors.js';

export const validateCommand = {
  command: 'validate <scenario..>',
  describe: 'check scenario files: schema, units, references, cross-field rules; reports every file, exit 2 if any is bad',
  builder: (y: Argv) => withExamples(y, 'validate').positional('scenario', { type: 'string', array: true, describe: 'one or more scenario files (YAML or JSON)', default: undefined }),
  handler: (args: { scenario?: string[] }) => {
    const files = args.scenario ?? [];
    let bad = 0;
    for (const file of files) {
      try {
        const s = loadScenario(file);
        process.stdout.write(`${file}: ok (${s.name}: ${s.modes.length} mode${s.modes.length > 1 ? 's' : ''}, ${s.topology.servers.count} servers, ${s.workload.groups.length} client group${s.workload.groups.length > 1 ? 's' : ''})\n`);
      } catch (err) {
        if (!(err instanceof ScenarioError)) throw err;
        process.stderr.write(`${err.message}\n`);
        bad++;
      }
    }
    if (bad > 0) throw new ReportedError(`${bad} of ${files.length} file${files.length > 1 ? 's' : ''} refused`);
  },
};

/** Where the schema says it lives (`$id`); editors match scenario files to it through `$schema`. */
export const SCHEMA_ID = 'https://lbsim.invalid/schema/scenario.schema.json';

/**
 * The JSON Schema of scenario files, for editors: `$id`, title, the unit patterns and examples of
 * quantity fields (from quantities.ts, since zod cannot express parse-then-range checks), and
 * `$schema` allowed as a key. Compiles under Ajv's strict mode (test/reports/cli/json-schema.test.ts).
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const fragment = jsonSchemaFragment(ctx.zodSchema);
      if (fragment === undefined) return;
      const own = ctx.jsonSchema as Record<string, unknown>;
      const description = own['description'];
      for (const key of Object.keys(own)) delete own[key];
      Object.assign(own, structuredClone(fragment), description === undefined ? {} : { description });
    },
  }) as Record<string, unknown>;
  const { $schema, ...rest } = schema;
  return { $schema, $id: SCHEMA_ID, title: 'lbsim scenario', description: 'A scenario for lbsim: workload, topology, modes and run settings. Units are strings ("2ms", "10Gbps", "64KiB").', ...rest };
}

export const schemaCommand = {
  command: 'schema',
  describe: 'print the JSON Schema of scenario files',
  builder: (y: Argv) => withExamples(y, 'schema'),
  handler: () => {
    process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  },
};
