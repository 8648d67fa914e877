import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunResult } from '../../../sim/result.js';
import { MODE_COLORS } from '../../../reports/mode-colors.js';
import type { ResultRow } from '../../../reports/rows.js';
import { makeResult } from '../../fixtures/run-results.js';
import { removeDir, writeTo, type Written } from '../helpers.js';

/**
 * The charts as a reader meets them: legends name only the modes that ran, latency spans decades
 * on a log axis, the front end of every mode is on the utilisation chart however idle it is, no
 * axis repeats a tick label, every chart fits a 1024-pixel screen without shrinking, and a sweep
 * over a non-numeric parameter is charted against it.
 */
export interface AxisLabels {
  readonly aria: string;
  readonly labels: string[];
}

/** Every axis of a vega SVG: its aria description and its tick labels, in order. */
export function axesOf(svg: string): AxisLabels[] {
  const parts = svg.split('class="mark-group role-axis"').slice(1);
  return parts.map((part) => {
    const aria = /aria-label="([^"]*)"/.exec(part)?.[1] ?? '';
    const start = part.indexOf('role-axis-label');
    const group = start < 0 ? '' : part.slice(start, part.indexOf('</g>', start));
    const labels = [...group.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    return { aria, labels };
  });
}

/** 32 servers under lvs-dr with an almost idle director: 96 server resources outrank it. */
function idleDirectorRow(): ResultRow {
  const base = makeResult('lvs-dr', { servers: 32, ratePerSecond: 20000 });
  const resources = base.resources.map((r) => (r.node === 'director' ? { ...r, utilization: r.id === 'director.cpu' ? 0.002 : 0.0005 } : r));
  return { params: {}, result: { ...base, resources } as RunResult };
}

describe('charts a reader can read', () => {
  let compare: Written;
  let ttl: Written;
  const svg = (w: Written, name: string) => readFile(join(w.dir, 'charts', `${name}.svg`), 'utf8');
  const spec = async (w: Written, name: string) => JSON.parse(await readFile(join(w.dir, 'charts', `${name}.vl.json`), 'utf8')) as unknown;

  before(async () => {
    const overloaded = makeResult('l7-proxy', { servers: 32, ratePerSecond: 20000 });
    compare = await writeTo('readable', [idleDirectorRow(), { params: {}, result: overloaded }], { png: false });
    // A TTL sweep: the parameter is a string ("1s", "60s"), the metric that moves is imbalance.
    const ttlRows: ResultRow[] = ['1s', '5s', '60s'].flatMap((ttlText, i) =>
      (['rr-dns', 'lvs-dr'] as const).map((mode) => {
        const r = makeResult(mode, { servers: 8, ratePerSecond: 4000 });
        return { params: { 'dns.ttl': ttlText }, result: { ...r, imbalance: { maxOverMean: mode === 'rr-dns' ? 1.2 + i : 1.02, cv: 0.1 * i } } };
      }),
    );
    ttl = await writeTo('readable-ttl', ttlRows, { png: false });
  });
  after(async () => {
    await removeDir(compare.dir);
    await removeDir(ttl.dir);
  });

  it('legends and colour scales list only the modes present', async () => {
    const text = JSON.stringify(await spec(compare, 'operating-point'));
    assert.ok(text.includes(JSON.stringify({ domain: ['l7-proxy', 'lvs-dr'], range: [MODE_COLORS['l7-proxy'], MODE_COLORS['lvs-dr']] })), text.slice(0, 400));
    const legendGroups = (await svg(ttl, 'by-dns-ttl')).match(/role-legend-label[\s\S]*?<\/g>/g) ?? [];
    const labels = legendGroups.flatMap((g) => [...g.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]));
    assert.deepEqual(labels, ['rr-dns', 'lvs-dr']);
  });

  it('draws p99 latency per mode on a log axis', async () => {
    const axes = axesOf(await svg(compare, 'operating-point'));
    const p99 = axes.find((a) => a.aria.includes('p99 latency'));
    assert.ok(p99, axes.map((a) => a.aria).join('\n'));
    assert.match(p99.aria, /for a log scale/);
  });

  it('always shows the front end on the utilisation chart, however idle', async () => {
    const chart = await svg(compare, 'utilization');
    for (const id of ['director.cpu', 'director.nic-rx', 'director.nic-tx', 'proxy.cpu']) assert.match(chart, new RegExp(`>${id.replace('.', '\\.')}  [\\d.]+%`), id);
    // And not all 96 server resources of the lvs-dr run.
    assert.ok((chart.match(/>server-\d+\.(cpu|nic-tx|nic-rx)  /g) ?? []).length <= 2 * 10 + 2);
  });

  it('never repeats a tick label on an axis', async () => {
    for (const [w, names] of [[compare, ['operating-point', 'utilization', 'server-share']], [ttl, ['by-dns-ttl', 'operating-point', 'server-share']]] as const) {
      for (const name of names) {
        for (const axis of axesOf(await svg(w, name))) {
          const seen = axis.labels.filter((l, i) => axis.labels.indexOf(l) !== i);
          assert.deepEqual(seen, [], `${name}: ${axis.aria}: ${axis.labels.join(', ')}`);
        }
      }
    }
  });

  it('fits every chart in a 1024-pixel wide page without scaling it down', async () => {
    for (const [w, names] of [[compare, ['operating-point', 'utilization', 'server-share']], [ttl, ['by-dns-ttl', 'operating-point', 'utilization', 'server-share']]] as const) {
      for (const name of names) {
        const width = Number(/<svg[^>]*\swidth="(\d+)"/.exec(await svg(w, name))?.[1]);
        assert.ok(width > 0 && width <= 960, `${name}: ${width} px wide`);
      }
    }
  });

  it('charts a sweep against its varied parameter, even a non-numeric one, in the order given', async () => {
    const axes = axesOf(await svg(ttl, 'by-dns-ttl'));
    const x = axes.filter((a) => a.aria.includes("X-axis titled 'dns.ttl'"));
    assert.equal(x.length, 9, 'one x axis per metric panel');
    for (const a of x) assert.deepEqual(a.labels, ['1s', '5s', '60s']);
    const html = await readFile(join(ttl.dir, 'report.html'), 'utf8');
    assert.ok(html.includes('<figure id="chart-by-dns-ttl">'));
    assert.match(html, /<th scope="col">Imbalance \(max\/mean\)<\/th>/, 'the table of runs shows imbalance');
  });
});
