import { performance } from 'node:perf_hooks';
import type { Mode, RunResult } from '../sim/result.js';
import { parseScenario } from '../sim/scenario/load.js';
import type { Scenario } from '../sim/scenario/types.js';
import { runScenario } from '../sim/run.js';
import { setAtPath, type ScenarioEdit } from './scenario-edit.js';

/**
 * The piscina task: one simulation run on a worker thread. It receives plain JSON (the raw
 * scenario input, optional field edits, mode, seed, replication) and validates and runs it
 * itself, so nothing but data crosses the thread boundary in either direction.
 */
export interface RunTask {
  readonly scenario: unknown;
  readonly file: string;
  /** Applied in order to the raw input before validation (capacity searches scale rates and counts this way). */
  readonly set?: readonly ScenarioEdit[];
  readonly mode: Mode;
  readonly seed: number;
  readonly replication: number;
}

export interface RunTaskResult {
  readonly result: RunResult;
  /** Wall time of runScenario on the worker (the only non-deterministic number). */
  readonly wallSeconds: number;
}

/** The scenario a task runs: the raw input with its edits applied, validated. */
export function editedScenario(raw: unknown, file: string, set: readonly ScenarioEdit[] = []): Scenario {
  let edited = raw;
  for (const s of set) edited = setAtPath(edited, s.path, s.value);
  return parseScenario(edited, file);
}

export function runTask(task: RunTask): RunTaskResult {
  const scenario = editedScenario(task.scenario, task.file, task.set);
  const start = performance.now();
  const result = runScenario(scenario, { mode: task.mode, seed: task.seed, replication: task.replication });
  return { result, wallSeconds: (performance.now() - start) / 1000 };
}

export default runTask;
