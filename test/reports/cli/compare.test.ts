import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MODES } from '../../../sim/result.js';
import { lbsim, listFiles, removeDir, smallScenario, tempDir, writeScenario } from './helpers.js';

/** `lbsim compare` end to end through the real CLI on a small scenario: what docs/results.md promises. */
const RESULT_FIELDS: Record<string, string[] | null> = {
  scenario: null, mode: null, seed: null, replication: null, simulatedSeconds: null, events: null, wallSeconds: null,
  requests: ['issued', 'completed', 'failed', 'timedOut', 'inFlight'],
  throughput: ['requestsPerSecond', 'goodputBytesPerSecond'],
  latencyMs: ['mean', 'p50', 'p90', 'p99', 'p999', 'max'],
  bottleneck: ['resource', 'node', 'utilization'],
  imbalance: ['maxOverMean', 'cv'],
  resources: ['id', 'node', 'kind', 'utilization', 'meanQueue', 'maxQueue'],
  servers: ['id', 'requests', 'bytes', 'share'],
  timeline: null,
};

const CHARTS: Record<string, { mark: string; titles: string[] }> = {
  'operating-point': { mark: 'mark-rect', titles: ['Throughput (req/s)', 'p99 latency (ms, log scale)', 'Mode'] },
  utilization: { mark: 'mark-rect', titles: ['Utilisation (% of capacity)'] },
  'server-share': { mark: 'mark-rect', titles: ['Share of requests (%)', 'Server'] },
  timeline: { mark: 'mark-line', titles: ['Simulated time (s)'] },
};

describe('lbsim compare (end to end)', () => {
  let dir: string;
  let out: string;
  let stdout: string;
  before(async () => {
    dir = await tempDir('compare');
    out = join(dir, 'out');
    const run = lbsim(['compare', await writeScenario(dir, smallScenario()), '--out', out]);
    assert.equal(run.status, 0, run.stderr);
    stdout = run.stdout;
  });
  after(() => removeDir(dir));

  it('prints a summary naming every mode and writes the documented files', async () => {
    for (const mode of MODES) assert.match(stdout, new RegExp(`^${mode}\\s`, 'm'));
    const files = await listFiles(out);
    for (const f of ['summary.json', 'results.csv', 'resources.csv', 'servers.csv', 'timeline.csv', 'traffic.csv', 'report.html', 'timing.json']) assert.ok(files.includes(f), f);
    for (const chart of Object.keys(CHARTS)) for (const ext of ['vl.json', 'svg', 'png']) assert.ok(files.includes(`charts/${chart}.${ext}`), `${chart}.${ext}`);
  });

  it('writes CSVs with the id columns first, units in names, one results row per mode', async () => {
    const results = (await readFile(join(out, 'results.csv'), 'utf8')).trimEnd().split('\n');
    const header = results[0]!.split(',');
    assert.deepEqual(header.slice(0, 5), ['run', 'scenario', 'mode', 'seed', 'replication']);
    for (const col of ['requestsPerSecond', 'goodputBytesPerSecond', 'goodputGbps', 'latencyP50Ms', 'latencyP99Ms', 'issued', 'completed', 'failed', 'timedOut', 'inFlight', 'bottleneckResource', 'bottleneckUtilization', 'imbalanceMaxOverMean']) {
      assert.ok(header.includes(col), col);
    }
    assert.ok(!header.includes('wallSeconds'), 'wall time is not deterministic and stays out of the CSV');
    assert.equal(results.length, 1 + MODES.length);
    for (const [file, cols] of [['resources.csv', ['resource', 'node', 'kind', 'utilization', 'meanQueue', 'maxQueue', 'bottleneck']], ['servers.csv', ['server', 'requests', 'bytes', 'share']], ['traffic.csv', ['node', 'packetsIn', 'bytesOut', 'cpuNs']], ['timeline.csv', ['startS', 'endS', 'requestsPerSecond', 'p99Ms']]] as const) {
      const head = (await readFile(join(out, file), 'utf8')).split('\n')[0]!.split(',');
      assert.deepEqual(head.slice(0, 5), ['run', 'scenario', 'mode', 'seed', 'replication'], file);
      for (const c of cols) assert.ok(head.includes(c), `${file}: ${c}`);
    }
  });

  it('writes every RunResult field of docs/results.md in summary.json, counts conserved', async () => {
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as { rows: { params: object; result: Record<string, unknown> }[] };
    assert.deepEqual(summary.rows.map((r) => r.result.mode), [...MODES]);
    for (const { params, result } of summary.rows) {
      assert.deepEqual(params, {});
      for (const [field, inner] of Object.entries(RESULT_FIELDS)) {
        assert.ok(field in result, `${result.mode}: ${field}`);
        if (inner === null) continue;
        const value = result[field];
        const objects = Array.isArray(value) ? value : [value];
        assert.ok(objects.length > 0, `${result.mode}: ${field} is empty`);
        for (const o of objects) for (const k of inner) assert.ok(k in (o as object), `${result.mode}: ${field}.${k}`);
      }
      assert.equal(result.wallSeconds, null);
      const r = result.requests as Record<string, number>;
      assert.ok(r.issued! > 0);
      assert.equal(r.issued, r.completed! + r.failed! + r.timedOut! + r.inFlight!, `${result.mode}: conservation`);
    }
  });

  it('draws charts with their marks and axis titles', async () => {
    for (const [name, { mark, titles }] of Object.entries(CHARTS)) {
      const svg = await readFile(join(out, 'charts', `${name}.svg`), 'utf8');
      assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, name);
      assert.ok(svg.includes(`class="${mark} role-mark`), `${name}: ${mark}`);
      for (const t of titles) assert.ok(svg.includes(`>${t}</text>`), `${name}: axis title ${t}`);
    }
  });

  it('writes a report.html that needs nothing outside itself', async () => {
    const html = await readFile(join(out, 'report.html'), 'utf8');
    assert.equal((html.match(/<svg[\s>]/g) ?? []).length >= Object.keys(CHARTS).length, true);
    assert.doesNotMatch(html, /<(script|link|img|iframe|object|embed)\b[^>]*\b(src|href)\s*=/i, 'no external resources');
    assert.doesNotMatch(html, /@import|url\(\s*['"]?(https?:|\/\/)/i, 'no external CSS');
    const hrefs = [...html.matchAll(/\b(?:href|src)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]!);
    for (const h of hrefs) assert.ok(!/^(https?:)?\/\//i.test(h), `external link ${h}`);
  });
});

describe('lbsim run --workers', () => {
  it('writes the same results on one worker as on two (runs on threads are byte-identical to serial)', async () => {
    const dir = await tempDir('workers');
    try {
      const file = await writeScenario(dir, smallScenario());
      const outs = [1, 2].map((w) => join(dir, `w${w}`));
      for (const [i, o] of outs.entries()) {
        const run = lbsim(['run', file, '--replications', '2', '--workers', String(i + 1), '--no-png', '--quiet', '--out', o]);
        assert.equal(run.status, 0, run.stderr);
      }
      for (const f of ['results.csv', 'resources.csv', 'servers.csv', 'timeline.csv', 'traffic.csv']) {
        assert.equal(await readFile(join(outs[1]!, f), 'utf8'), await readFile(join(outs[0]!, f), 'utf8'), f);
      }
      // summary.json also records the command line, which names --workers: compare its rows.
      const rows = (o: string) => readFile(join(o, 'summary.json'), 'utf8').then((t) => JSON.stringify((JSON.parse(t) as { rows: unknown }).rows));
      const [a, b] = await Promise.all(outs.map(rows));
      assert.equal(b, a);
    } finally {
      await removeDir(dir);
    }
  });
});
