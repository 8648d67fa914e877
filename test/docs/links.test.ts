import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../reports/cli/helpers.js';

/**
 * Everything a user needs is in the repository: no file cites a document outside it (the
 * project's working notes, which a clone does not have), every relative link in a Markdown file
 * resolves, and every "docs/sources.md §N" citation names a section that exists.
 */
function repoFiles(): string[] {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(listed.status, 0, listed.stderr);
  return listed.stdout.split('\0').filter((f) => f !== '' && /\.(ts|js|md|ya?ml|json|sh|sbatch)$/.test(f) && f !== 'package-lock.json' && existsSync(join(REPO_ROOT, f)));
}

const read = (file: string): string => readFileSync(join(REPO_ROOT, file), 'utf8');

test('no file cites a document that is not in the repository', () => {
  const outside = /\.\.\/shared\/|\bREFERENCE(\.md)?\s*§|\bREFERENCE\.md\b|\bDESIGN\.md\b|\bSTYLE\.md\b/;
  const offenders = repoFiles()
    .filter((f) => f !== 'test/docs/links.test.ts')
    .flatMap((f) => read(f).split('\n').map((line, i) => ({ f, i, line })).filter(({ line }) => outside.test(line)))
    .map(({ f, i, line }) => `${f}:${i + 1}: ${line.trim()}`);
  assert.deepEqual(offenders, [], 'cite docs/sources.md §N (sources), docs/results.md (the result contract) or docs/model.md instead');
});

test('every relative link in the Markdown files resolves', () => {
  const broken: string[] = [];
  for (const f of repoFiles().filter((x) => x.endsWith('.md'))) {
    for (const m of read(f).matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!.split('#')[0]!;
      if (target === '' || /^[a-z]+:/i.test(target)) continue;
      if (!existsSync(join(REPO_ROOT, dirname(f), target))) broken.push(`${f}: ${m[1]}`);
    }
  }
  assert.deepEqual(broken, []);
});

test('every docs/sources.md §N citation names an existing section', () => {
  const sources = read('docs/sources.md');
  const sections = new Set([...sources.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((m) => m[1]!));
  const missing: string[] = [];
  for (const f of repoFiles()) {
    for (const m of read(f).matchAll(/sources\.md\)? §(\d+(?:\.\d+)?)/g)) {
      if (!sections.has(m[1]!)) missing.push(`${f}: §${m[1]}`);
    }
  }
  assert.ok(sections.size >= 8, `sections found: ${[...sections].join(', ')}`);
  assert.deepEqual(missing, [], `sections in docs/sources.md: ${[...sections].join(', ')}`);
});
