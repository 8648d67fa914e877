import { withExamples } from '../examples.js';
import type { Argv } from 'yargs';
import * as z from 'zod';
import { scenarioSchema } from '../../../sim/scenario/schema.js';
import { loadScenario } from '../common.js';

export const validateCommand = {
  command: 'validate <scenario..>',
  describe: 'check scenario files: schema, units, references, cross-field rules (exit 2 on the first bad file)',
  builder: (y: Argv) => withExamples(y, 'validate').positional('scenario', { type: 'string', array: true, demandOption: true }),
  handler: (args: { scenario: string[] }) => {
    for (const file of args.scenario) {
      const s = loadScenario(file);
      process.stdout.write(`${file}: ok (${s.name}: ${s.modes.length} mode${s.modes.length > 1 ? 's' : ''}, ${s.topology.servers.count} servers, ${s.workload.groups.length} client group${s.workload.groups.length > 1 ? 's' : ''})\n`);
    }
  },
};

export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
}

export const schemaCommand = {
  command: 'schema',
  describe: 'print the JSON Schema of scenario files',
  builder: (y: Argv) => withExamples(y, 'schema'),
  handler: () => {
    process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  },
};
