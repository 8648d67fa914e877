import { parseScenario } from '../sim/scenario/load.js';
import { loadScenarioValue } from '../sim/scenario/load-file.js';
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
  const raw = loadScenarioValue(file);
  return { file, raw, scenario: parseScenario(raw, file) };
}
