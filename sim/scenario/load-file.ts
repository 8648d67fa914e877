import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ScenarioError } from './errors.js';
import { parseScenario, parseScenarioValue } from './load.js';
import type { Scenario } from './types.js';

/** Scenario files are small; a larger file (or a device that never ends) is refused unread. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;

/**
 * Reads a scenario file: a regular file (not a FIFO, device or folder) of at most
 * MAX_SCENARIO_BYTES, checked on the open descriptor so nothing blocks or fills memory.
 */
export function readScenarioFile(file: string): string {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new ScenarioError(file, [{ path: '', message: `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }]);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new ScenarioError(file, [{ path: '', message: 'not a regular file (a scenario is a YAML or JSON file)' }]);
    if (stat.size > MAX_SCENARIO_BYTES) throw new ScenarioError(file, [{ path: '', message: `${stat.size} bytes; a scenario file is at most ${MAX_SCENARIO_BYTES} bytes` }]);
    const buffer = Buffer.alloc(MAX_SCENARIO_BYTES + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > MAX_SCENARIO_BYTES) throw new ScenarioError(file, [{ path: '', message: `more than ${MAX_SCENARIO_BYTES} bytes; a scenario file is at most that` }]);
    }
    return buffer.subarray(0, length).toString('utf8');
  } catch (err) {
    if (err instanceof ScenarioError) throw err;
    throw new ScenarioError(file, [{ path: '', message: `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }]);
  } finally {
    closeSync(fd);
  }
}

/** The raw object a scenario file holds (what the schema reads). */
export function loadScenarioValue(file: string): unknown {
  return parseScenarioValue(readScenarioFile(file), file);
}

export function loadScenarioFile(file: string): Scenario {
  return parseScenario(loadScenarioValue(file), file);
}
