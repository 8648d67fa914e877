import { parse as parseYaml } from 'yaml';
import { ScenarioError, formatPath } from './errors.js';
import { normalize } from './normalize.js';
import { type ScenarioInput, scenarioSchema } from './schema.js';
import type { Scenario } from './types.js';

/**
 *   text ──yaml/json──► object ──schema──► ScenarioInput ──normalize──► Scenario (frozen)
 *
 * Any failure along the way throws ScenarioError naming the file and every bad field's path;
 * nothing is run on invalid input. Nothing here touches the file system, so the browser
 * playground validates pasted text with the same schema and messages (files: load-file.ts).
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

/** Scenario text (YAML, or JSON when `file` ends in .json) as the raw input object the schema reads. */
export function readScenarioInput(text: string, file: string): unknown {
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (err) {
    throw new ScenarioError(file, [{ path: '', message: `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}` }]);
  }
}

export function parseScenarioText(text: string, file: string): Scenario {
  return parseScenario(readScenarioInput(text, file), file);
}
