import { Piscina } from 'piscina';
import type { RunTask, RunTaskResult } from './run-task.js';

/**
 * A fixed set of worker threads running simulation tasks (run-task.ts). Tasks start in submission
 * order; results come back in completion order, so callers key them by what they submitted and
 * never rely on arrival order.
 */
export class RunPool {
  private readonly pool: Piscina<RunTask, RunTaskResult>;

  constructor(readonly workers: number) {
    this.pool = new Piscina<RunTask, RunTaskResult>({
      filename: new URL('./run-task.js', import.meta.url).href,
      minThreads: workers,
      maxThreads: workers,
      // Tasks are long (whole simulations): one queued task per thread is enough, and idle
      // threads stay alive for the next task of a search.
      idleTimeout: 60_000,
    });
  }

  run(task: RunTask): Promise<RunTaskResult> {
    return this.pool.run(task);
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

