import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../reports/atomic-write.js';
import { renderGuide } from '../reports/guide/guide-render.js';
import type { GuideResults } from '../reports/guide/guide-results.js';
import { sequenceOf } from '../reports/sequence/sequence-model.js';
import { sequenceSvg } from '../reports/sequence/sequence-svg.js';
import { writeOutputs } from '../reports/write-outputs.js';
import { guideInputsHash, runGuideStudies } from './guide-studies.js';

/**
 * `npm run docs`: docs/guide.md and its figures, regenerated from the shipped scenarios.
 *
 *   inputs hash (compiled sim + studies + scenarios) == docs/guide/results.json's? ── yes ──┐
 *     no (or --force) ─► run the studies ─► results.json, guide/*.svg (charts, diagrams)   │
 *   docs/guide.template.md + results.json ─► docs/guide.md ◄─────────────────────────────────┘
 *
 * The studies are deterministic, so an unchanged hash means unchanged results: they are skipped.
 */
export const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
export const GUIDE_DIR = join(DOCS, 'guide');
export const RESULTS_FILE = join(GUIDE_DIR, 'results.json');
export const TEMPLATE_FILE = join(DOCS, 'guide.template.md');
export const GUIDE_FILE = join(DOCS, 'guide.md');
const CHARTS = [['scale', 'scaling'], ['default', 'utilization']] as const;

export function readGuideResults(): GuideResults | null {
  return existsSync(RESULTS_FILE) ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as GuideResults) : null;
}

async function regenerate(log: (line: string) => void): Promise<GuideResults> {
  const start = performance.now();
  const study = runGuideStudies(log);
  await mkdir(GUIDE_DIR, { recursive: true });
  const tmp = await mkdtemp(join(tmpdir(), 'lbsim-guide-'));
  try {
    const rows = { scale: study.scaleRows, default: study.defaultRows };
    for (const [study_, chart] of CHARTS) {
      const out = join(tmp, study_);
      await writeOutputs(out, rows[study_], { title: `guide: ${study_}`, scenarioName: study_, description: '', command: 'npm run docs' }, { png: false });
      const svg = join(out, 'charts', `${chart}.svg`);
      if (!existsSync(svg)) throw new Error(`the report pipeline made no '${chart}' chart for the ${study_} study`);
      await copyFile(svg, join(GUIDE_DIR, `${chart}.svg`));
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  for (const t of study.traces) await writeFileAtomic(join(GUIDE_DIR, `trace-${t.mode}.svg`), sequenceSvg(sequenceOf(t)));
  await writeFileAtomic(RESULTS_FILE, `${JSON.stringify(study.results, null, 2)}\n`);
  log(`guide: studies done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return study.results;
}

async function main(): Promise<void> {
  const force = process.argv.includes('--force');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let results = readGuideResults();
  if (force || results === null || results.inputsHash !== guideInputsHash()) results = await regenerate(log);
  else log(`guide: inputs unchanged (${results.inputsHash}); studies not re-run (--force to re-run)`);
  await writeFileAtomic(GUIDE_FILE, renderGuide(readFileSync(TEMPLATE_FILE, 'utf8'), results));
  log(`wrote ${GUIDE_FILE}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    process.stderr.write(`npm run docs: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
