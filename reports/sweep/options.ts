import { availableParallelism } from 'node:os';
import { UsageError } from '../cli/errors.js';

/** Whole-number options of the commands that run batches (sweep, capacity), checked before any work. */
export function checkCount(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) throw new UsageError(`--${name} ${value}: give a whole number ≥ ${min}`);
}

/** `--workers N`: a whole number ≥ 1; default one thread per core. */
export function workerCount(option: number | undefined): number {
  checkCount('workers', option, 1);
  return option ?? availableParallelism();
}
