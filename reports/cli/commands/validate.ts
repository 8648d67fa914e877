import type { Argv } from 'yargs';
import * as z from 'zod';
import { scenarioSchema } from '../../../sim/scenario/schema.js';
import { ScenarioError } from '../../../sim/scenario/errors.js';
import { loadScenario } from '../common.js';
import { ReportedError } from '../errors.js';

export const validateCommand = {
  command: 'validate <scenario..>',
  describe: 'check scenario files: schema, units, references, cross-field rules; reports every file, exit 2 if any is bad',
  builder: (y: Argv) => y.positional('scenario', { type: 'string', array: true, describe: 'one or more scenario files (YAML or JSON)', default: undefined }),
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

export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
}

export const schemaCommand = {
  command: 'schema',
  describe: 'print the JSON Schema of scenario files',
  builder: (y: Argv) => y,
  handler: () => {
    process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  },
};
