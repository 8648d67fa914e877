import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { formatSummaryText, summaryTable } from '../../reports/summary-table.js';
import { MODES, type RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { removeDir, writeTo, type Written } from '../reports/helpers.js';

/**
 * The default scenario (52,000 req/s on 16 servers), shortened to a 1.5 s window after 0.5 s of
 * warm-up so the six runs fit in a test; everything else as in scenarios/default.yaml. The
 * phenomenon does not depend on the length: rr-dns sends a quarter of the load to server-1 (the
 * public resolver does not rotate), three times what that server can do, from the first second.
 * rr-dns must be judged overloaded with its unfinished share given; the five others are at most
 * saturated; the terminal table, summary.json and report.html must all say so.
 */
function shortenedDefault() {
  const raw = parse(readFileSync(new URL('../../../scenarios/default.yaml', import.meta.url), 'utf8')) as { run: Record<string, unknown> };
  raw.run = { ...raw.run, duration: '2s', warmup: '0.5s' };
  return parseScenario(raw, 'scenarios/default.yaml (2 s)');
}

describe('verdicts on the default scenario', () => {
  const scenario = shortenedDefault();
  const results: RunResult[] = MODES.map((mode) => runScenario(scenario, { mode }));
  const byMode = (mode: string) => results.find((r) => r.mode === mode)!;
  let out: Written;
  before(async () => {
    out = await writeTo('verdicts', results.map((result) => ({ params: {}, result })), { png: false });
  });
  after(() => removeDir(out.dir));

  it('rr-dns is overloaded, and says how many requests it left unfinished', () => {
    const r = byMode('rr-dns');
    assert.equal(r.health.state, 'overloaded', r.health.reasons.join('; '));
    assert.ok(r.health.unfinishedFraction > 0.05, `unfinished ${r.health.unfinishedFraction}`);
    assert.equal(r.health.unfinishedFraction, r.requests.unfinished / r.requests.issued);
    const pctText = `(${(r.health.unfinishedFraction * 100).toFixed(1)} %) unfinished`;
    assert.ok(r.health.reasons.some((x) => x.includes(pctText)), r.health.reasons.join('; '));
    assert.ok(r.bottleneck.saturated);
    assert.equal(r.headroom, null);
    assert.ok(r.latencyMs.censored.p99, 'its p99 is only a lower bound');
  });

  it('the five other modes are steady or saturated, with nothing left unfinished', () => {
    for (const r of results.filter((x) => x.mode !== 'rr-dns')) {
      assert.ok(r.health.state === 'steady' || r.health.state === 'saturated', `${r.mode}: ${r.health.state}: ${r.health.reasons.join('; ')}`);
      assert.ok(r.health.unfinishedFraction < 0.001, `${r.mode}: ${r.health.unfinishedFraction}`);
      if (r.health.state === 'steady') assert.ok(r.headroom !== null && r.headroom > 1, `${r.mode} headroom ${r.headroom}`);
    }
  });

  it('the terminal table, summary.json and report.html show each verdict', async () => {
    const text = formatSummaryText(summaryTable(results.map((result) => ({ params: {}, result })), {}));
    const line = (mode: string) => text.split('\n').find((l) => l.startsWith(`${mode} `))!;
    assert.match(line('rr-dns'), /^rr-dns\s+overloaded\s/);
    assert.match(line('rr-dns'), / > [\d,]+ /, 'censored p99 printed as "> x"');
    assert.match(text, /\nrr-dns overloaded: [\d,]+ of [\d,]+ requests \([\d.]+ %\) unfinished/);
    for (const r of results) assert.match(line(r.mode), new RegExp(`^${r.mode}\\s+${r.health.state}\\s`));
    const summary = JSON.parse(await readFile(join(out.dir, 'summary.json'), 'utf8')) as { rows: { result: RunResult }[] };
    assert.deepEqual(summary.rows.map((row) => row.result.health.state), results.map((r) => r.health.state));
    const html = await readFile(join(out.dir, 'report.html'), 'utf8');
    assert.match(html, /<td class="health overloaded">overloaded<\/td>/);
    assert.equal((html.match(/<td class="health (steady|saturated)">/g) ?? []).length, 5);
    assert.match(html, /Headroom/);
    const csv = await readFile(join(out.dir, 'results.csv'), 'utf8');
    assert.match(csv.split('\n')[0]!, /healthState.*headroom/);
  });
});
