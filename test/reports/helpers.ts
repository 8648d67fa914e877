import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vega from 'vega';
import type { OutputMeta, ResultRow } from '../../reports/rows.js';
import { writeOutputs, type WriteOptions } from '../../reports/write-outputs.js';

export const META: OutputMeta = {
  title: 'Front ends compared <under load> & "at scale"',
  scenarioName: 'object-store-get',
  description: "64 KiB GETs from 200 clients; server-0 fails at 30 s. <script>alert('x')</script>",
  command: 'lbsim compare scenarios/default.yaml --out out',
};

export async function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `lbsim-reports-${label}-`));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export interface Written {
  readonly dir: string;
  readonly files: string[];
  readonly warnings: string[];
}

/** writeOutputs into a fresh temp dir, collecting warnings. */
export async function writeTo(label: string, rows: readonly ResultRow[], opts: WriteOptions = {}): Promise<Written> {
  const dir = await tempDir(label);
  const warnings: string[] = [];
  const files = await writeOutputs(dir, rows, META, { onWarning: (m) => warnings.push(m), ...opts });
  return { dir, files, warnings };
}

export interface Csv {
  readonly header: string[];
  /** Records as parsed by vega (the same reader the charts use), every field a string. */
  readonly records: Record<string, string>[];
}

export async function readCsv(path: string): Promise<Csv> {
  const text = await readFile(path, 'utf8');
  const firstLine = text.slice(0, text.indexOf('\n'));
  const records = vega.read(text, { type: 'csv', parse: {} }) as Record<string, string>[];
  return { header: firstLine.split(','), records };
}
