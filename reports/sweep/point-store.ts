import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../../sim/result.js';
import { writeFileAtomic } from '../atomic-write.js';
import type { WorkItem } from './plan.js';

/**
 * One finished work item, stored as `<dir>/points/<key>.json` the moment it finishes (written
 * atomically, so a file that exists is whole). The key hashes everything that determines the
 * result, so a file found under that name can be reused by any sweep that needs the same item:
 * a restarted sweep, a wider grid, or `merge`. Reports are always built from these files' JSON,
 * so a reused result and a fresh one give the same bytes.
 */
export const POINTS_DIR = 'points';
const FORMAT = 'lbsim-point/1';

export interface PointRecord {
  readonly format: typeof FORMAT;
  readonly key: string;
  readonly label: string;
  readonly params: Readonly<Record<string, string | number>>;
  /** Measured where it ran; kept for timing.json, never copied into summary.json or the CSVs. */
  readonly wallSeconds: number;
  readonly result: RunResult;
}

export function pointFile(dir: string, key: string): string {
  return join(dir, POINTS_DIR, `${key}.json`);
}

export async function writePoint(dir: string, item: WorkItem, result: RunResult, wallSeconds: number): Promise<PointRecord> {
  return storePoint(dir, { format: FORMAT, key: item.key, label: item.label, params: item.params, wallSeconds, result });
}

/** Stores a record (also a copy from another folder); returns it as read back from its JSON. */
export async function storePoint(dir: string, record: PointRecord): Promise<PointRecord> {
  const text = `${JSON.stringify(record, null, 1)}\n`;
  await mkdir(join(dir, POINTS_DIR), { recursive: true });
  await writeFileAtomic(pointFile(dir, record.key), text);
  return JSON.parse(text) as PointRecord;
}

/** The stored record for `item`, or null when there is none (or it is unreadable: it is then recomputed). */
export async function readPoint(dir: string, item: WorkItem): Promise<PointRecord | null> {
  let text: string;
  try {
    text = await readFile(pointFile(dir, item.key), 'utf8');
  } catch {
    return null;
  }
  try {
    const record = JSON.parse(text) as PointRecord;
    if (record.format !== FORMAT || record.key !== item.key || record.result?.mode !== item.mode) return null;
    return record;
  } catch {
    return null;
  }
}
