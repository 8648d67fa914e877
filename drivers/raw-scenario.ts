import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ScenarioError } from '../sim/scenario/errors.js';
import { parseScenario } from '../sim/scenario/load.js';
import type { Scenario } from '../sim/scenario/types.js';

/**
 * A scenario file as raw input (the object the schema reads) and, validated, as a Scenario.
 * Sweeps and capacity searches edit the raw object, then validate each edited copy again.
 */
export interface RawScenario {
  readonly file: string;
  readonly raw: unknown;
  readonly scenario: Scenario;
}

export function loadRawScenario(file: string): RawScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(file, [{ path: '', message: `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }]);
  }
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (err) {
    throw new ScenarioError(file, [{ path: '', message: `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}` }]);
  }
  // Through JSON once: YAML may yield values (dates, undefined) that do not survive a thread hop or a manifest.
  raw = JSON.parse(JSON.stringify(raw ?? null));
  return { file, raw, scenario: parseScenario(raw, file) };
}
