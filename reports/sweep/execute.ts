import { formatLatency, hasCompletions } from '../summary-table.js';
import type { RunResult } from '../../sim/result.js';
import type { WorkItem } from './plan.js';
import { readPoint, writePoint, type PointRecord } from './point-store.js';
import type { Progress } from './progress.js';
import { RunPool } from './run-pool.js';

/**
 * Runs the work items that have no point file yet on `workers` threads and stores each result
 * the moment it arrives, so an interruption loses only the runs in flight. At most `workers`
 * tasks are in flight; after a failure no new task starts, the ones running are still stored,
 * and then the first error is thrown (a re-run resumes from the stored points).
 */
export interface Execution {
  /** One record per item, in the items' order. */
  readonly records: PointRecord[];
  readonly reused: number;
  readonly ran: number;
}

export function describeRun(result: RunResult): string {
  return `${result.throughput.requestsPerSecond.toFixed(0)} req/s, p99 ${formatLatency(result, 'p99')}${hasCompletions(result) ? ' ms' : ''}`;
}

export async function executeItems(dir: string, items: readonly WorkItem[], workers: number, file: string, progressFor: (toRun: number) => Progress): Promise<Execution> {
  const records: (PointRecord | null)[] = await Promise.all(items.map((item) => readPoint(dir, item)));
  const todo = items.map((_, i) => i).filter((i) => records[i] === null);
  const reused = items.length - todo.length;
  const threads = Math.max(1, Math.min(workers, todo.length));
  const progress = progressFor(todo.length);
  progress.note(`${items.length} work item${items.length === 1 ? '' : 's'}: ${reused} already done (reused), ${todo.length} to run on ${threads} worker${threads === 1 ? '' : 's'}`);
  try {
    if (todo.length > 0) await runAll(dir, items, todo, records, threads, file, progress);
  } finally {
    progress.stop();
  }
  return { records: records as PointRecord[], reused, ran: todo.length };
}

/** `threads` lanes, each taking the next item to run; `records` is filled in place. */
async function runAll(dir: string, items: readonly WorkItem[], todo: readonly number[], records: (PointRecord | null)[], threads: number, file: string, progress: Progress): Promise<void> {
  const pool = new RunPool(threads);
  let next = 0;
  let failure: unknown = null;
  const lane = async (): Promise<void> => {
    while (failure === null && next < todo.length) {
      const i = todo[next++]!;
      const item = items[i]!;
      try {
        const { result, wallSeconds } = await pool.run({ scenario: item.scenario, file, mode: item.mode, seed: item.seed, replication: item.replication });
        records[i] = await writePoint(dir, item, result, wallSeconds);
        progress.item(`${item.label}: ${describeRun(result)} [${wallSeconds.toFixed(1)} s]`);
      } catch (err) {
        failure ??= new Error(`${item.label}: ${(err as Error).message}`, { cause: err });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: threads }, lane));
  } finally {
    await pool.close();
  }
  if (failure !== null) throw failure;
}
