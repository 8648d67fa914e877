import { type SvgChild, type SvgElement, el, renderSvg } from '../svg-element.js';
import type { ArrowKind, SequenceArrow, SequenceDiagram, SequenceNote } from './sequence-model.js';

/**
 * A sequence diagram as a standalone SVG document: lanes left to right (client, resolver or
 * registry, director or proxy, real server, object servers), rows top to bottom in wire order.
 * Each arrow carries what is on the wire above it (packets, headers, the sender's rewrite) and the
 * work and queueing at both ends of the hop below it. Rows are evenly spaced, not to scale: the
 * time column on the left gives when each one started. No ids, no scripts, no external
 * references, so several diagrams can be inlined in one page. Text is escaped by svg-element.ts.
 */
const LANE_SPACING = 250;
const LEFT = 96;
const RIGHT = 220;
const TOP = 124;
const LINE = 13;
const FONT = 'DejaVu Sans, Verdana, sans-serif';
const MONO = 'DejaVu Sans Mono, Menlo, monospace';

export const ARROW_COLOURS: Readonly<Record<ArrowKind, string>> = {
  syn: '#7f7f7f',
  'syn-ack': '#7f7f7f',
  request: '#1f77b4',
  response: '#2ca02c',
  ack: '#8c564b',
  lookup: '#9467bd',
  'back-end': '#d62728',
  other: '#555555',
};

const halo = { stroke: '#ffffff', 'stroke-width': 3, 'paint-order': 'stroke', 'stroke-linejoin': 'round' };

function text(x: number, y: number, content: string, opts: { size?: number; mono?: boolean; anchor?: 'start' | 'middle' | 'end'; weight?: string; fill?: string; italic?: boolean } = {}): SvgElement {
  return el('text', {
    x, y,
    'font-family': opts.mono === true ? MONO : FONT,
    'font-size': opts.size ?? 11,
    'text-anchor': opts.anchor ?? 'start',
    'font-weight': opts.weight,
    'font-style': opts.italic === true ? 'italic' : undefined,
    fill: opts.fill ?? '#222222',
    ...halo,
  }, content);
}

function rowHeight(row: SequenceArrow | SequenceNote): number {
  if (row.type === 'note') return 30;
  const above = 1 + row.headers.length + (row.note === '' ? 0 : 1);
  const below = (row.atSender === '' ? 0 : 1) + (row.atReceiver === '' ? 0 : 1);
  return 10 + above * LINE + 8 + below * LINE + 8;
}

function arrowRow(row: SequenceArrow, y: number, laneX: (id: string) => number): SvgElement {
  const x1 = laneX(row.from);
  const x2 = laneX(row.to);
  const colour = ARROW_COLOURS[row.kind];
  const left = Math.min(x1, x2);
  const parts: SvgChild[] = [];
  let ty = y + 10;
  parts.push(text(left + 8, ty, row.label, { size: 12, weight: 'bold', fill: colour }));
  for (const h of row.headers) parts.push(text(left + 8, (ty += LINE), h, { size: 10.5, mono: true }));
  if (row.note !== '') parts.push(text(left + 8, (ty += LINE), row.note, { size: 10.5, italic: true, fill: '#444444' }));
  const ay = ty + 9;
  const dir = x2 >= x1 ? 1 : -1;
  parts.push(el('line', { x1, y1: ay, x2: x2 - dir * 7, y2: ay, stroke: colour, 'stroke-width': row.packets > 1 ? 3 : 1.6, 'stroke-dasharray': row.connection === 1 ? '6 3' : undefined }));
  parts.push(el('path', { d: `M${x2} ${ay} L${x2 - dir * 9} ${ay - 4.5} L${x2 - dir * 9} ${ay + 4.5} Z`, fill: colour }));
  let by = ay;
  if (row.atSender !== '') parts.push(text(x1 + dir * 6, (by += LINE), `${row.from}: ${row.atSender}`, { size: 10, anchor: dir > 0 ? 'start' : 'end', fill: '#555555' }));
  if (row.atReceiver !== '') parts.push(text(x2 - dir * 6, (by += LINE), `${row.to}: ${row.atReceiver}`, { size: 10, anchor: dir > 0 ? 'end' : 'start', fill: '#555555' }));
  parts.push(text(LEFT - 10, ay + 4, `+${row.atMs.toFixed(3)} ms`, { size: 10, anchor: 'end', mono: true, fill: '#555555' }));
  return el('g', { class: 'arrow', 'data-kind': row.kind, 'data-from': row.from, 'data-to': row.to }, ...parts);
}

function noteRow(row: SequenceNote, y: number, laneX: (id: string) => number): SvgElement {
  const x = laneX(row.lane);
  const width = Math.min(560, 12 + row.text.length * 6.2);
  return el('g', { class: 'note', 'data-lane': row.lane },
    el('rect', { x: x - 6, y: y + 2, width, height: 20, rx: 3, fill: '#fff8dc', stroke: '#c9b458' }),
    text(x, y + 16, row.text, { size: 10.5 }),
    text(LEFT - 10, y + 16, `+${row.atMs.toFixed(3)} ms`, { size: 10, anchor: 'end', mono: true, fill: '#555555' }));
}

export function sequenceSvgElement(d: SequenceDiagram): SvgElement {
  const x = new Map(d.lanes.map((lane, i) => [lane.id, LEFT + LANE_SPACING * i + LANE_SPACING / 2]));
  const laneX = (id: string) => x.get(id) ?? LEFT;
  const width = Math.max(1000, LEFT + LANE_SPACING * d.lanes.length + RIGHT);
  let y = TOP;
  const rows: SvgElement[] = [];
  for (const row of d.rows) {
    rows.push(row.type === 'arrow' ? arrowRow(row, y, laneX) : noteRow(row, y, laneX));
    y += rowHeight(row);
  }
  const height = y + 24;
  const lanes = d.lanes.map((lane) => {
    const lx = laneX(lane.id);
    return el('g', { class: 'lane', 'data-lane': lane.id },
      el('rect', { x: lx - 95, y: 66, width: 190, height: 40, rx: 4, fill: '#f4f6fa', stroke: '#8899aa' }),
      text(lx, 83, lane.id, { size: 12, weight: 'bold', anchor: 'middle' }),
      text(lx, 99, lane.role, { size: 10.5, anchor: 'middle', fill: '#555555' }),
      el('line', { x1: lx, y1: 106, x2: lx, y2: height - 12, stroke: '#aab4c0', 'stroke-width': 1, 'stroke-dasharray': '3 4' }));
  });
  return el('svg', {
    xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${d.title}. ${d.caption}`, class: 'sequence-diagram', 'data-mode': d.mode,
  },
  el('title', {}, `${d.title}. ${d.caption}`),
  el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }),
  text(16, 24, d.title, { size: 16, weight: 'bold' }),
  text(16, 42, `${d.caption}.`, { size: 11.5, fill: '#444444' }),
  text(16, 56, 'Rows in wire order, not to scale; a thick arrow is several packets back to back, a dashed one the proxy\'s own connection.', { size: 10.5, fill: '#666666' }),
  ...lanes,
  ...rows);
}

export function sequenceSvg(d: SequenceDiagram): string {
  return `${renderSvg(sequenceSvgElement(d))}\n`;
}
