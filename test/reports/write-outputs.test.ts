import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { writeFileAtomic } from '../../reports/atomic-write.js';
import { defaultRenderer, type ChartRenderer } from '../../reports/render.js';
import { writeOutputs } from '../../reports/write-outputs.js';
import { compareRows, serverSweepRows } from '../fixtures/run-results.js';
import { META, removeDir, tempDir, writeTo } from './helpers.js';

/** Every file under dir, relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await removeDir(d);
});

describe('writeOutputs determinism', () => {
  it('writes byte-identical files for identical rows', async () => {
    const a = await writeTo('det-a', compareRows());
    const b = await writeTo('det-b', compareRows());
    dirs.push(a.dir, b.dir);
    const files = await tree(a.dir);
    assert.deepEqual(files, await tree(b.dir));
    assert.ok(files.length >= 15);
    for (const f of files) {
      assert.ok((await readFile(join(a.dir, f))).equals(await readFile(join(b.dir, f))), `${f} differs`);
    }
    // Rewriting into the same directory leaves the same bytes and no leftovers.
    const before = await Promise.all(files.map((f) => readFile(join(a.dir, f))));
    await writeOutputs(a.dir, compareRows(), META);
    assert.deepEqual(await tree(a.dir), files);
    const again = await Promise.all(files.map((f) => readFile(join(a.dir, f))));
    again.forEach((buf, i) => assert.ok(buf.equals(before[i]!), `${files[i]} changed on rewrite`));
  });
});

describe('writeOutputs atomicity', () => {
  it('throws a clear error for a directory it cannot create, leaving nothing behind', async () => {
    const base = await tempDir('unwritable');
    dirs.push(base);
    const blocker = join(base, 'not-a-dir');
    await writeFile(blocker, 'a file where the output directory should go');
    await assert.rejects(writeOutputs(join(blocker, 'out'), compareRows(), META), (err: Error) => {
      assert.match(err.message, /cannot write outputs to .*not-a-dir\/out/);
      return true;
    });
    assert.deepEqual(await tree(base), ['not-a-dir']);
  });

  it('leaves no final-named file and no staging files when rendering fails midway', async () => {
    const dir = await tempDir('fail-midway');
    dirs.push(dir);
    let calls = 0;
    const failing: ChartRenderer = {
      svg: async (spec, chartsDir, warn) => {
        calls += 1;
        if (calls === 4) throw new Error('renderer exploded');
        return defaultRenderer.svg(spec, chartsDir, warn);
      },
      png: (svg) => defaultRenderer.png(svg),
    };
    await assert.rejects(writeOutputs(dir, serverSweepRows(), META, { renderer: failing }), /cannot render chart 'utilization': renderer exploded/);
    assert.equal(calls, 4);
    assert.deepEqual(await tree(dir), []);
    assert.deepEqual(await readdir(dir), []);
  });

  it('keeps the previous outputs intact when a rewrite fails', async () => {
    const dir = await tempDir('fail-rewrite');
    dirs.push(dir);
    await writeOutputs(dir, compareRows(), META, { png: false });
    const files = await tree(dir);
    const before = await Promise.all(files.map((f) => readFile(join(dir, f))));
    const broken: ChartRenderer = { svg: async () => '<svg/>', png: () => { throw new Error('no png today'); } };
    await assert.rejects(writeOutputs(dir, serverSweepRows(), META, { renderer: broken }), /no png today/);
    assert.deepEqual(await tree(dir), files);
    const after = await Promise.all(files.map((f) => readFile(join(dir, f))));
    after.forEach((buf, i) => assert.ok(buf.equals(before[i]!), `${files[i]} was touched`));
  });

  it('removes chart files of an earlier run that no longer apply, and nothing else', async () => {
    const dir = await tempDir('stale');
    dirs.push(dir);
    await writeOutputs(dir, serverSweepRows(), META, { png: false });
    assert.ok(existsSync(join(dir, 'charts', 'scaling.svg')));
    await writeFile(join(dir, 'charts', 'mine.txt'), 'not ours');
    await writeOutputs(dir, compareRows(), META, { png: false });
    const files = await tree(dir);
    assert.ok(!files.includes('charts/scaling.svg') && !files.includes('charts/scaling.vl.json'));
    assert.ok(files.includes('charts/timeline.svg') && files.includes('charts/mine.txt'));
  });

  it('rejects empty input and an operating point that is not in the sweep', async () => {
    const dir = await tempDir('reject');
    dirs.push(dir);
    await assert.rejects(writeOutputs(dir, [], META), /no result rows/);
    await assert.rejects(
      writeOutputs(dir, serverSweepRows(), META, { operatingPoint: { 'topology.servers.count': 3 } }),
      /not one of 1, 2, 4, 8/,
    );
    assert.deepEqual(await tree(dir), []);
  });
});

describe('writeFileAtomic', () => {
  it('replaces a file whole and cleans up its temp file on failure', async () => {
    const dir = await tempDir('atomic');
    dirs.push(dir);
    const target = join(dir, 'timing.json');
    await writeFileAtomic(target, 'one');
    await writeFileAtomic(target, 'two');
    assert.equal(await readFile(target, 'utf8'), 'two');
    await mkdir(join(dir, 'taken'));
    // Renaming a file over a directory fails: the error names the path, no temp file stays.
    await assert.rejects(writeFileAtomic(join(dir, 'taken'), 'x'), /cannot write .*taken/);
    assert.deepEqual((await readdir(dir)).sort(), ['taken', 'timing.json']);
  });
});
