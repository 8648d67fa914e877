import { readFileSync } from 'node:fs';
import { ScenarioError } from './errors.js';
import { parseScenarioText } from './load.js';
import type { Scenario } from './types.js';

/** A scenario file, read and validated (parseScenarioText); an unreadable file is a ScenarioError too. */
export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(file, [{ path: '', message: `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }]);
  }
  return parseScenarioText(text, file);
}
