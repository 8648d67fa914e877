import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ScenarioError, formatPath } from './errors.js';
import { normalize } from './normalize.js';
import { type ScenarioInput, scenarioSchema } from './schema.js';
import type { Scenario } from './types.js';

/**
 *   text ──yaml/json──► object ──schema──► ScenarioInput ──normalize──► Scenario (frozen)
 *
 * Any failure along the way throws ScenarioError naming the file and every bad field's path;
 * nothing is run on invalid input.
 */
export function parseScenario(value: unknown, file = '<scenario>'): Scenario {
  const parsed = scenarioSchema.safeParse(value);
  if (!parsed.success) {
    throw new ScenarioError(file, parsed.error.issues.map((i) => ({
      path: formatPath(i.code === 'unrecognized_keys' ? [...i.path, ...(i.keys.length === 1 ? [i.keys[0]!] : [])] : i.path),
      message: i.code === 'unrecognized_keys' ? `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}` : describeIssue(i),
    })));
  }
  const { scenario, issues } = normalize(parsed.data as ScenarioInput);
  if (issues.length > 0) throw new ScenarioError(file, issues);
  return scenario;
}

function describeIssue(i: { code: string; message: string; input?: unknown }): string {
  const got = 'input' in i && i.input !== undefined ? ` (got ${JSON.stringify(i.input)})` : '';
  return `${i.message}${got}`;
}

export function parseScenarioText(text: string, file: string): Scenario {
  let value: unknown;
  try {
    value = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (err) {
    throw new ScenarioError(file, [{ path: '', message: `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}` }]);
  }
  return parseScenario(value, file);
}

export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(file, [{ path: '', message: `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }]);
  }
  return parseScenarioText(text, file);
}
