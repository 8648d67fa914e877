import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MODES } from '../../sim/result.js';
import { MODE_COLORS } from '../../reports/mode-colors.js';
import type { ResultRow } from '../../reports/rows.js';
import { compareRows, rateSweepRows, serverSweepRows } from '../fixtures/run-results.js';
import { META, removeDir, writeTo, type Written } from './helpers.js';

/** What each fixture must produce, and the axis titles each chart must show. */
const CASES: { name: string; rows: () => ResultRow[]; charts: string[] }[] = [
  { name: 'compare', rows: compareRows, charts: ['operating-point', 'utilization', 'server-share', 'timeline'] },
  { name: 'servers', rows: serverSweepRows, charts: ['scaling', 'by-topology-servers-count', 'operating-point', 'utilization', 'server-share'] },
  { name: 'rate', rows: rateSweepRows, charts: ['latency-vs-load', 'by-workload-groups-0-ratepersecond', 'operating-point', 'utilization', 'server-share'] },
];

const AXIS_TITLES: Record<string, string[]> = {
  scaling: ['Throughput (req/s)', 'Real servers (count, topology.servers.count)'],
  'latency-vs-load': ['Latency (ms, log scale)', 'Offered load (req/s)'],
  'operating-point': ['Throughput (req/s)', 'p99 latency (ms, log scale)', 'Mode'],
  'by-topology-servers-count': ['topology.servers.count', 'Throughput (req/s)', 'p99 latency (ms, log)', 'Imbalance max/mean'],
  'by-workload-groups-0-ratepersecond': ['workload.groups.0.ratePerSecond', 'Errors (% issued)', 'Busiest resource'],
  utilization: ['Utilisation (% of capacity)'],
  'server-share': ['Share of requests (%)', 'Server'],
  timeline: ['Simulated time (s)'],
};

/** vega's SVG class for the main mark of each chart. */
const MARK_CLASS: Record<string, string> = {
  scaling: 'mark-line',
  'by-topology-servers-count': 'mark-line',
  'by-workload-groups-0-ratepersecond': 'mark-line',
  'latency-vs-load': 'mark-line',
  'operating-point': 'mark-rect',
  utilization: 'mark-rect',
  'server-share': 'mark-rect',
  timeline: 'mark-line',
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CSV_FILES = ['results.csv', 'resources.csv', 'servers.csv', 'timeline.csv', 'traffic.csv', 'faults.csv', 'ecmp.csv'];

/** Whether any data definition in a spec carries inline rows (`data.values`, `datasets`). */
function hasInlineData(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasInlineData);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(
    ([k, v]) =>
      k === 'datasets' ||
      (k === 'data' && v !== null && typeof v === 'object' && 'values' in v) ||
      hasInlineData(v),
  );
}

for (const c of CASES) {
  describe(`outputs of ${c.name}`, () => {
    const rows = c.rows();
    let out: Written;
    before(async () => {
      out = await writeTo(c.name, rows);
    });
    after(() => removeDir(out.dir));

    it('lists every file it wrote, charts only where they make sense', () => {
      const expected = [
        'summary.json',
        ...CSV_FILES,
        ...c.charts.flatMap((n) => [`charts/${n}.vl.json`, `charts/${n}.svg`, `charts/${n}.png`]),
        'report.html',
      ].map((f) => join(out.dir, f));
      assert.deepEqual(out.files, expected);
      for (const f of out.files) assert.ok(existsSync(f), f);
      assert.deepEqual(out.warnings, [], 'vega-lite/vega warnings');
    });

    it('writes summary.json as the rows and meta given', async () => {
      const summary = JSON.parse(await readFile(join(out.dir, 'summary.json'), 'utf8'));
      assert.deepEqual(summary, JSON.parse(JSON.stringify({ meta: META, rows })));
    });

    it('writes specs that reference existing CSVs by relative URL and embed no data', async () => {
      assert.ok(hasInlineData({ layer: [{ data: { values: [{ a: 1 }] } }] }), 'the check itself');
      for (const name of c.charts) {
        const spec = JSON.parse(await readFile(join(out.dir, 'charts', `${name}.vl.json`), 'utf8'));
        assert.ok(!hasInlineData(spec), `${name}: inline data`);
        const url: string = spec.data.url;
        assert.match(url, /^\.\.\/[a-z]+\.csv$/, name);
        assert.ok(existsSync(join(out.dir, 'charts', url)), `${name}: ${url}`);
        assert.equal(spec.data.format.type, 'csv');
        // The fixed mode palette, whatever modes are present.
        const text = JSON.stringify(spec);
        assert.ok(text.includes(JSON.stringify(MODES.map((m) => MODE_COLORS[m]))), `${name}: mode colours`);
      }
    });

    it('renders SVGs with their marks, titles and axis titles', async () => {
      for (const name of c.charts) {
        const svg = await readFile(join(out.dir, 'charts', `${name}.svg`), 'utf8');
        assert.ok(svg.startsWith('<svg'), name);
        assert.ok(svg.includes(MARK_CLASS[name]!), `${name}: ${MARK_CLASS[name]}`);
        assert.ok(svg.includes('<path'), `${name}: paths`);
        for (const title of AXIS_TITLES[name]!) assert.ok(svg.includes(`>${title}</text>`), `${name}: axis title ${title}`);
        // Data actually reached the chart: every mode's colour is drawn.
        for (const mode of MODES) assert.ok(svg.includes(MODE_COLORS[mode]), `${name}: colour of ${mode}`);
      }
    });

    it('renders PNGs', async () => {
      for (const name of c.charts) {
        const png = await readFile(join(out.dir, 'charts', `${name}.png`));
        assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE, name);
        assert.ok(png.length > 20_000, `${name}: ${png.length} bytes`);
      }
    });

    it('writes a self-contained report.html with the summary and every chart', async () => {
      const html = await readFile(join(out.dir, 'report.html'), 'utf8');
      assert.ok(html.startsWith('<!DOCTYPE html>'));
      assert.ok(html.includes('<table class="summary">'));
      for (const mode of MODES) assert.ok(html.includes(`<tr><td>${mode}</td>`), `summary row for ${mode}`);
      for (const name of c.charts) {
        assert.ok(html.includes(`<figure id="chart-${name}">`), name);
        const svg = await readFile(join(out.dir, 'charts', `${name}.svg`), 'utf8');
        // The inline copy is the file minus its namespace declarations.
        const body = svg.slice(svg.indexOf('>') + 1);
        assert.ok(html.includes(body), `${name}: inline SVG`);
      }
      assert.equal(html.match(/<svg\b/g)?.length, c.charts.length);
      for (const bad of [/src=/i, /href="?https?:/i, /url\(\s*['"]?https?:/i, /@import/i, /<link\b/i, /<script\b/i, /https?:\/\//i]) {
        assert.doesNotMatch(html, bad);
      }
      // Input text is escaped.
      assert.ok(html.includes('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;'));
      assert.ok(html.includes('<title>Front ends compared &lt;under load&gt; &amp; &quot;at scale&quot;</title>'));
    });
  });
}
