import { stringify } from 'csv-stringify/sync';
import type { TopLevelSpec } from 'vega-lite';
import { MODES, type Mode } from '../../sim/result.js';
import { escapeHtml, inlineSvg } from '../html.js';
import { modeColorScale } from '../mode-colors.js';
import { CONFIG, SCHEMA, subtitle } from '../specs/common.js';
import type { CapacityDoc } from './capacity-output.js';

/**
 * The capacity report: every probe of every search as a table (capacity-probes.csv), two charts
 * that read the CSVs (the answer per mode; every probe against the SLO) and capacity.html, one
 * self-contained page with the answer in words, the table and both charts inline.
 */
const PROBE_COLUMNS = ['mode', 'probe', 'offeredRequestsPerSecond', 'servers', 'frontEnds', 'meets', 'throughputRequestsPerSecond', 'latencyP99Ms', 'errorRatio', 'bottleneck', 'bottleneckUtilization'] as const;

export function capacityProbesCsv(doc: CapacityDoc): string {
  const records = doc.answer.results.flatMap((r) => r.probes.map((e, i) => [
    r.mode, i + 1, e.offeredRequestsPerSecond, e.servers, e.frontEnds, e.meets, e.throughputRequestsPerSecond, e.latencyMs.p99, e.errorRatio, e.bottleneck, e.bottleneckUtilization,
  ]));
  return stringify([[...PROBE_COLUMNS], ...records], {
    record_delimiter: '\n',
    cast: { boolean: (v) => (v ? 'true' : 'false'), number: (v) => (Number.isFinite(v) ? String(v) : '') },
  });
}

function modesOf(doc: CapacityDoc): Mode[] {
  const present = new Set(doc.answer.results.map((r) => r.mode));
  return MODES.filter((m) => present.has(m));
}

export interface CapacityChart {
  readonly name: 'capacity' | 'capacity-search';
  readonly title: string;
  readonly spec: TopLevelSpec;
}

/** The answer per mode: the highest rate meeting the SLO (or the fewest servers at the target). */
function answerChart(doc: CapacityDoc): CapacityChart {
  const maxRate = doc.answer.search === 'max-rate';
  const field = maxRate ? 'maxOfferedRequestsPerSecond' : 'servers';
  const title = maxRate ? `Highest offered rate meeting ${doc.slo.text}` : `Fewest servers meeting ${doc.slo.text}`;
  const modes = modesOf(doc);
  return {
    name: 'capacity',
    title,
    spec: {
      $schema: SCHEMA,
      title: { text: title, subtitle: subtitle(maxRate ? 'Per mode, from a search of runs with the same seed; a mode with no bar met the SLO at no rate tried.' : `At ${doc.answer.search === 'fewest-nodes' ? doc.answer.targetRequestsPerSecond : ''} req/s offered.`) },
      data: { url: '../capacity.csv', format: { type: 'csv', parse: { [field]: 'number' } } },
      transform: [{ filter: `isValid(datum.${field})` }],
      width: 420,
      height: 240,
      encoding: {
        x: { field: 'mode', type: 'nominal', title: 'Mode', sort: modes, axis: { labelAngle: -30 } },
        y: { field, type: 'quantitative', title: maxRate ? 'Max offered rate (req/s)' : 'Servers', axis: { format: maxRate ? '~s' : 'd' } },
      },
      layer: [
        { mark: { type: 'bar' }, encoding: { color: { field: 'mode', type: 'nominal', scale: modeColorScale(modes), legend: null } } },
        { mark: { type: 'text', dy: -6, fontSize: 11 }, encoding: { text: { field, type: 'quantitative', format: maxRate ? ',.0f' : 'd' } } },
      ],
      config: CONFIG,
    },
  };
}

/** Every probe: p99 against the offered rate (or servers), met or missed, one panel per mode. */
function searchChart(doc: CapacityDoc): CapacityChart {
  const maxRate = doc.answer.search === 'max-rate';
  const x = maxRate ? 'offeredRequestsPerSecond' : 'servers';
  const title = 'The search: every run against the SLO';
  return {
    name: 'capacity-search',
    title,
    spec: {
      $schema: SCHEMA,
      title: { text: title, subtitle: subtitle('Filled green: met the SLO; red cross: missed it. p99 on a log scale; the number is the order of the probe.') },
      data: { url: '../capacity-probes.csv', format: { type: 'csv', parse: { probe: 'number', offeredRequestsPerSecond: 'number', servers: 'number', latencyP99Ms: 'number', meets: 'boolean' } } },
      transform: [{ filter: 'datum.latencyP99Ms > 0' }, { calculate: "datum.meets ? 'met' : 'missed'", as: 'slo' }],
      facet: { field: 'mode', type: 'nominal', sort: modesOf(doc), title: null, header: { labelFontWeight: 'bold', labelFontSize: 13 } },
      columns: 3,
      spec: {
        width: 220,
        height: 150,
        encoding: {
          x: { field: x, type: 'quantitative', title: maxRate ? 'Offered rate (req/s)' : 'Servers', axis: { format: maxRate ? '~s' : 'd', tickCount: 4 } },
          y: { field: 'latencyP99Ms', type: 'quantitative', title: 'p99 (ms, log)', scale: { type: 'log' } },
        },
        layer: [
          {
            mark: { type: 'point', size: 70, strokeWidth: 2, filled: true },
            encoding: {
              color: { field: 'slo', type: 'nominal', title: 'SLO', scale: { domain: ['met', 'missed'], range: ['#1a9850', '#d73027'] } },
              shape: { field: 'slo', type: 'nominal', title: 'SLO', scale: { domain: ['met', 'missed'], range: ['circle', 'cross'] } },
            },
          },
          { mark: { type: 'text', dx: 9, dy: -7, fontSize: 10, color: '#444' }, encoding: { text: { field: 'probe', type: 'quantitative' } } },
        ],
      },
      resolve: { scale: { x: 'independent' } },
      config: CONFIG,
    },
  };
}

export function capacityCharts(doc: CapacityDoc): CapacityChart[] {
  return [answerChart(doc), searchChart(doc)];
}

/** The answer in words, one clause per mode. */
export function capacitySentence(doc: CapacityDoc): string {
  const a = doc.answer;
  if (a.search === 'max-rate') {
    const parts = a.results.map((r) => (r.maxOfferedRequestsPerSecond === null
      ? `${r.mode} meets it at no rate tried`
      : `${r.mode} ${r.atSearchLimit ? 'at least ' : ''}${Math.round(r.maxOfferedRequestsPerSecond).toLocaleString('en-US')} req/s${r.atMax === null ? '' : ` (then ${r.atMax.bottleneck} at ${Math.round(r.atMax.bottleneckUtilization * 100)} %)`}`)
      + (r.budgetStop === null ? '' : `, the search stopped by --max-events before probing ${Math.round(r.budgetStop.value).toLocaleString('en-US')} req/s`));
    return `Highest offered rate meeting ${doc.slo.text}: ${parts.join('; ')}.`;
  }
  const parts = a.results.map((r) => (r.servers === null ? `${r.mode}: no server count tried meets it` : `${r.mode}: ${r.servers} server${r.servers === 1 ? '' : 's'}${r.frontEnds === null ? '' : ` and ${r.frontEnds} front end${r.frontEnds === 1 ? '' : 's'}`}`)
    + (r.budgetStop === null ? '' : ` (the search stopped by --max-events before probing ${r.budgetStop.value}${r.servers === null ? "" : ", so fewer may do"})`));
  return `Fewest nodes meeting ${doc.slo.text} at ${a.targetRequestsPerSecond.toLocaleString('en-US')} req/s: ${parts.join('; ')}.`;
}

export function capacityHtml(doc: CapacityDoc, table: string, charts: readonly { name: string; title: string; svg: string }[]): string {
  const title = `${doc.scenario}: capacity under ${doc.slo.text}`;
  const figures = charts.map((c) => `<figure id="chart-${escapeHtml(c.name)}">\n<figcaption>${escapeHtml(c.title)} (<code>charts/${escapeHtml(c.name)}.vl.json</code>)</figcaption>\n${inlineSvg(c.svg)}\n</figure>`).join('\n');
  return [
    '<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    "<style>body { font-family: 'DejaVu Sans', system-ui, sans-serif; color: #222; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; } p.verdict { font-size: 1.1rem; background: #f4f8fb; border-left: 4px solid #0072B2; padding: 0.6rem 0.9rem; } pre { background: #f4f4f4; padding: 0.6rem; overflow-x: auto; } figure svg { max-width: 100%; height: auto; }</style>",
    '</head>', '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="verdict" id="verdict">${escapeHtml(capacitySentence(doc))}</p>`,
    `<p>Scenario file <code>${escapeHtml(doc.scenarioFile)}</code>, seed ${doc.seed}. Every run of the search is in <code>capacity-probes.csv</code>; the answer per mode in <code>capacity.csv</code> and <code>capacity.json</code>.</p>`,
    `<pre>${escapeHtml(table)}</pre>`,
    figures,
    '</body>', '</html>', '',
  ].join('\n');
}
