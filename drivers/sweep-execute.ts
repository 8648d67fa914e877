import type { Mode, RunResult } from '../sim/result.js';
import { RunPool } from './run-pool.js';

/**
 * Runs the work items of a batch that have no stored record yet on `workers` threads and stores
 * each result the moment it arrives, so an interruption loses only the runs in flight. At most
 * `workers` tasks are in flight; after a failure no new task starts, the ones running are still
 * stored, and then the first error is thrown (a re-run resumes from the stored records).
 * Where records live, and what the progress lines look like, is the caller's business.
 */
export interface BatchItem {
  readonly label: string;
  /** The raw scenario input of this item (edits already applied). */
  readonly scenario: unknown;
  readonly mode: Mode;
  readonly seed: number;
  readonly replication: number;
}

export interface RecordStore<I, R> {
  /** The stored record of an item, or null when it still has to run. */
  read(item: I): Promise<R | null>;
  /** Stores one finished run and returns its record. */
  write(item: I, result: RunResult, wallSeconds: number): Promise<R>;
}

export interface ProgressSink {
  note(line: string): void;
  item(line: string): void;
  stop(): void;
}

export interface Execution<R> {
  /** One record per item, in the items' order. */
  readonly records: R[];
  readonly reused: number;
  readonly ran: number;
}

export function describeRun(result: RunResult): string {
  // No completion in the window means no latency: never shown as 0.00 ms.
  const p99 = result.throughput.requestsPerSecond > 0 ? `p99 ${result.latencyMs.p99.toFixed(2)} ms` : 'no completions';
  return `${result.throughput.requestsPerSecond.toFixed(0)} req/s, ${p99}`;
}

export async function executeItems<I extends BatchItem, R>(items: readonly I[], store: RecordStore<I, R>, workers: number, file: string, progressFor: (toRun: number) => ProgressSink): Promise<Execution<R>> {
  const records: (R | null)[] = await Promise.all(items.map((item) => store.read(item)));
  const todo = items.map((_, i) => i).filter((i) => records[i] === null);
  const reused = items.length - todo.length;
  const threads = Math.max(1, Math.min(workers, todo.length));
  const progress = progressFor(todo.length);
  progress.note(`${items.length} work item${items.length === 1 ? '' : 's'}: ${reused} already done (reused), ${todo.length} to run on ${threads} worker${threads === 1 ? '' : 's'}`);
  try {
    if (todo.length > 0) await runAll(items, todo, records, store, threads, file, progress);
  } finally {
    progress.stop();
  }
  return { records: records as R[], reused, ran: todo.length };
}

/** `threads` lanes, each taking the next item to run; `records` is filled in place. */
async function runAll<I extends BatchItem, R>(items: readonly I[], todo: readonly number[], records: (R | null)[], store: RecordStore<I, R>, threads: number, file: string, progress: ProgressSink): Promise<void> {
  const pool = new RunPool(threads);
  let next = 0;
  let failure: unknown = null;
  const lane = async (): Promise<void> => {
    while (failure === null && next < todo.length) {
      const i = todo[next++]!;
      const item = items[i]!;
      try {
        const { result, wallSeconds } = await pool.run({ scenario: item.scenario, file, mode: item.mode, seed: item.seed, replication: item.replication });
        records[i] = await store.write(item, result, wallSeconds);
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
