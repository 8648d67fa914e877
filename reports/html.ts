import type { OutputMeta, ParamAxis, ResultRow } from './rows.js';
import { inlineSvg } from './svg-inline.js';
import { formatHeadroom, formatNumber, formatPercent, latencyCell, type SummaryTable } from './summary-table.js';

/**
 * report.html: one self-contained page (inline CSS, charts as inline SVG, no scripts, no links,
 * no fonts or images fetched from anywhere), readable from a file:// URL or an e-mail attachment.
 * Every piece of text that comes from the input is escaped here.
 */
export interface HtmlChart {
  readonly name: string;
  readonly title: string;
  readonly svg: string;
}

export interface HtmlReport {
  readonly meta: OutputMeta;
  readonly rows: readonly ResultRow[];
  readonly varying: readonly ParamAxis[];
  /** "topology.servers.count = 8", or '' when every row is at the operating point. */
  readonly pointText: string;
  readonly summary: SummaryTable;
  /** One or two sentences answering "which modes carry the load?" (reports/verdict.ts); '' for none. */
  readonly verdict: string;
  readonly charts: readonly HtmlChart[];
  /** Sequence diagrams: one request per mode, packet by packet (reports/sequence/). */
  readonly diagrams?: readonly HtmlChart[];
  readonly files: readonly string[];
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Inline SVG, checked and re-escaped from its parse tree (svg-inline.ts). */
export { inlineSvg };

const CSS = `
body { font-family: 'DejaVu Sans', system-ui, sans-serif; color: #222; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }
code { font-family: 'DejaVu Sans Mono', monospace; background: #f4f4f4; padding: 0 0.2rem; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.5rem 0; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; vertical-align: top; }
th { background: #f4f4f4; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.evidence { font-size: 0.8rem; color: #444; max-width: 28rem; }
td.health.overloaded { color: #a00; font-weight: bold; } td.health.saturated { color: #a60; font-weight: bold; }
figure { margin: 1.5rem 0; }
figure svg { max-width: 100%; height: auto; }
.note { color: #555; font-size: 0.9rem; }
p.verdict { font-size: 1.1rem; background: #f4f8fb; border-left: 4px solid #0072B2; padding: 0.6rem 0.9rem; margin: 0.8rem 0 1.2rem; }
`;

function summaryHtml(table: SummaryTable): string {
  const head = table.columns.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join('');
  const body = table.rows
    .map((row) => {
      const tds = table.columns.map((c) => {
        const cls = c.numeric ? ' class="num"' : c.key === 'evidence' || c.key === 'reasons' ? ' class="evidence"' : c.key === 'health' ? ` class="health ${escapeHtml(row.health.split(' ')[0] ?? '')}"` : '';
        return `<td${cls}>${escapeHtml(row[c.key])}</td>`;
      });
      return `<tr>${tds.join('')}</tr>`;
    })
    .join('\n');
  return `<table class="summary">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** The header cells of the varied parameters' columns, and one run's values in them. */
function paramHeadsHtml(varying: readonly ParamAxis[]): string {
  return varying.map((a) => `<th scope="col"><code>${escapeHtml(a.path)}</code></th>`).join('');
}

function paramCellsHtml(params: ResultRow['params'], varying: readonly ParamAxis[]): string {
  return varying.map((a) => `<td class="num">${escapeHtml(String(params[a.path] ?? ''))}</td>`).join('');
}

/** Every run of a study in one compact table (only when parameters vary). */
function runsHtml(rows: readonly ResultRow[], varying: readonly ParamAxis[]): string {
  const paramHeads = paramHeadsHtml(varying);
  const head = `<th scope="col">Mode</th>${paramHeads}<th scope="col">Seed / rep.</th><th scope="col">Verdict</th><th scope="col">Throughput (req/s)</th><th scope="col">p99 (ms)</th><th scope="col">Errors</th><th scope="col">Imbalance (max/mean)</th><th scope="col">Bottleneck (else busiest)</th><th scope="col">Utilisation</th><th scope="col">Headroom</th>`;
  const body = rows
    .map(({ params, result: r }) => {
      const paramCells = paramCellsHtml(params, varying);
      return (
        `<tr><td>${escapeHtml(r.mode)}</td>${paramCells}<td>${escapeHtml(`${r.seed} / ${r.replication}`)}</td>` +
        `<td class="health ${r.health.state}" title="${escapeHtml(r.health.reasons.join('; '))}">${escapeHtml(r.health.state)}</td>` +
        `<td class="num">${formatNumber(r.throughput.requestsPerSecond, 0)}</td><td class="num">${escapeHtml(latencyCell(r, 'p99'))}</td>` +
        `<td class="num">${formatNumber(r.requests.failed + r.requests.timedOut + r.requests.unfinished, 0)}</td><td class="num">${formatNumber(r.imbalance.maxOverMean, 2)}</td>` +
        `<td>${escapeHtml(r.bottleneck.saturated ? r.bottleneck.resource : `none; busiest ${r.bottleneck.resource}`)}</td>` +
        `<td class="num">${formatPercent(r.bottleneck.utilization)}</td><td class="num">${escapeHtml(formatHeadroom(r.headroom))}</td></tr>`
      );
    })
    .join('\n');
  return `<details>\n<summary>All ${rows.length} runs</summary>\n<table class="runs">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>\n</details>`;
}

/**
 * Runs behind an ECMP tier (RunResult.ecmp): what became of kept-alive connections once the router's
 * next hops changed. '' when no run has a tier.
 */
export function ecmpHtml(rows: readonly ResultRow[], varying: readonly ParamAxis[]): string {
  const tiered = rows.filter((row) => row.result.ecmp !== undefined);
  if (tiered.length === 0) return '';
  const paramHeads = paramHeadsHtml(varying);
  const head = `<th scope="col">Mode</th>${paramHeads}<th scope="col">Seed / rep.</th><th scope="col">Returned</th><th scope="col">Moved</th><th scope="col">Kept by sync</th><th scope="col">Kept by the scheduler</th><th scope="col">Reset</th><th scope="col">Reset / moved</th>`;
  const body = tiered
    .map(({ params, result: r }) => {
      const e = r.ecmp!;
      const paramCells = paramCellsHtml(params, varying);
      const cells = [e.returned, e.moved, e.survivedBySync, e.survivedByScheduler, e.broken].map((n) => `<td class="num">${formatNumber(n, 0)}</td>`).join('');
      return `<tr><td>${escapeHtml(r.mode)}</td>${paramCells}<td>${escapeHtml(`${r.seed} / ${r.replication}`)}</td>${cells}<td class="num">${e.moved === 0 ? '–' : formatPercent(e.broken / e.moved)}</td></tr>`;
    })
    .join('\n');
  return [
    '<h2>ECMP tier: kept-alive connections after the next hops changed</h2>',
    '<p class="note">Counted at each connection\'s first request after a change, over the whole run (warm-up included): returned to the same box, or moved to another, which kept it (learned by IPVS sync, or sloppy TCP with the same server picked) or reset it (<code>ecmp.csv</code>).</p>',
    `<table class="runs">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`,
  ].join('\n');
}

const VERDICT_NOTE =
  'Verdict: overloaded when more than 1 % of the requests issued in the window were unfinished at the end, a backlog grew ' +
  'through the second half of the window, or errors exceeded the scenario\'s tolerance; saturated when a resource is at least ' +
  '95 % busy or refusing work but backlogs are stable; else steady. "> x" marks a latency that is only a lower bound: more than ' +
  '1 % of the requests never succeeded, counted at their age. Errors = failed + timed out + unfinished. Headroom: how far offered ' +
  'load could grow before the busiest resource reaches 95 %, assuming utilisation grows in proportion to load.';

export function renderHtml(report: HtmlReport): string {
  const { meta } = report;
  const varied =
    report.varying.length === 0
      ? 'none (every mode on the same workload)'
      : report.varying.map((a) => `${a.path} ∈ {${a.values.join(', ')}}`).join('; ');
  const metaItems: [string, string][] = [
    ['Scenario', meta.scenarioName],
    ['Description', meta.description],
    ['Command', meta.command],
    ['Runs', String(report.rows.length)],
    ['Parameters varied', varied],
  ];
  const metaHtml = metaItems
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${k === 'Command' ? `<code>${escapeHtml(v)}</code>` : escapeHtml(v)}</dd>`)
    .join('\n');
  const pointNote =
    report.pointText === ''
      ? ''
      : `<p class="note">At the operating point ${escapeHtml(report.pointText)} (the largest value of each numeric parameter varied, else its last value). The charts <em>Every metric against …</em> show every point.</p>\n`;
  const charts = report.charts
    .map(
      (c) =>
        `<figure id="chart-${escapeHtml(c.name)}">\n<figcaption class="note">${escapeHtml(c.title)} ` +
        `(<code>charts/${escapeHtml(c.name)}.vl.json</code>)</figcaption>\n${inlineSvg(c.svg)}\n</figure>`,
    )
    .join('\n');
  const diagrams = (report.diagrams ?? [])
    .map((d) => `<figure id="${escapeHtml(d.name)}" class="sequence">\n<figcaption class="note">${escapeHtml(d.title)} (<code>traces/${escapeHtml(d.name.replace(/^trace-/, ''))}.svg</code>)</figcaption>\n${inlineSvg(d.svg)}\n</figure>`)
    .join('\n');
  const files = report.files.map((f) => `<code>${escapeHtml(f)}</code>`).join(', ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(meta.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(meta.title)}</h1>`,
    report.verdict === '' ? '' : `<p class="verdict" id="verdict"><strong>Verdict.</strong> ${escapeHtml(report.verdict)}</p>`,
    `<dl class="meta">\n${metaHtml}\n</dl>`,
    '<h2>Summary per mode</h2>',
    pointNote + summaryHtml(report.summary),
    `<p class="note">${escapeHtml(VERDICT_NOTE)}</p>`,
    report.varying.length === 0 ? '' : runsHtml(report.rows, report.varying),
    ecmpHtml(report.rows, report.varying),
    '<h2>Charts</h2>',
    charts,
    diagrams === '' ? '' : `<h2>One request, packet by packet</h2>\n<p class="note">The first request on a new connection after the warm-up, under each mode, with the headers on every wire and the work and queueing at every hop (<code>lbsim trace --format svg</code>).</p>\n${diagrams}`,
    '<h2>Files</h2>',
    `<p class="note">Next to this page: ${files}. The CSV files hold every number shown here; the chart specs read them.</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
