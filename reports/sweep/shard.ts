import { UsageError } from '../cli/errors.js';

/**
 * `--shard i/N`: the deterministic slice of a sweep whose canonical item indexes are ≡ i (mod N),
 * i from 0 (Slurm array and Kubernetes indexed-Job indexes both start at 0). Round-robin over the
 * canonical order spreads every mode and grid region across the shards.
 */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** More shards than this is never a real batch array (Slurm's default MaxArraySize is 1001). */
export const MAX_SHARDS = 1_000_000;

export function parseShard(text: string | undefined): Shard | null {
  if (text === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (m === null) throw new UsageError(`--shard ${text}: expected i/N with 0 ≤ i < N, e.g. --shard 0/4`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new UsageError(`--shard ${text}: need 0 ≤ i < N (shards are numbered from 0)`);
  if (count > MAX_SHARDS) throw new UsageError(`--shard ${text}: at most ${MAX_SHARDS} shards`);
  return { index, count };
}

export function inShard(shard: Shard | null, itemIndex: number): boolean {
  return shard === null || itemIndex % shard.count === shard.index;
}
