import { MODE_TABLE } from '../../sim/modes/mode-table.js';
import { MODES, type Mode } from '../../sim/result.js';
import type { GuideResults } from './guide-results.js';

/**
 * docs/guide.md from docs/guide.template.md and the studies' results: every `{{name}}` in the
 * template is replaced by a measured value, a table or a figure; an unknown name is an error, so
 * the template can only quote what was measured. The template's prose holds no figures of its own
 * (test/docs/guide.test.ts checks).
 */
const num = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (u: number | null) => (u === null ? '–' : `${(u * 100).toFixed(1)} %`);

function table(head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[]): string {
  const align = numeric.map((n) => (n ? '---:' : '---'));
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), line(align), ...rows.map(line)].join('\n');
}

/** Where throughput stops growing: the first server count after which doubling gains < 10 %. */
export function plateau(points: readonly { servers: number; throughputRps: number }[]): { servers: number; flat: boolean } {
  const sorted = [...points].sort((a, b) => a.servers - b.servers);
  for (let i = 0; i + 1 < sorted.length; i++) {
    if (sorted[i + 1]!.throughputRps < sorted[i]!.throughputRps * 1.1) return { servers: sorted[i]!.servers, flat: true };
  }
  return { servers: sorted[sorted.length - 1]!.servers, flat: false };
}

export function guideValues(r: GuideResults): Map<string, string> {
  const v = new Map<string, string>(Object.entries(r.facts));
  v.set('quick.warmup', r.quickRun.warmup);
  v.set('quick.duration', r.quickRun.duration);
  v.set('scale.duration', r.scaleRun.duration);
  v.set('dns.duration', r.dnsRun.duration);
  const servers = [...new Set(r.scale.map((p) => p.servers))].sort((a, b) => a - b);
  v.set('scale.servers', servers.join(', '));
  v.set('scale.maxServers', String(servers[servers.length - 1] ?? ''));
  for (const m of r.modes) {
    const f = m.figures;
    const k = `default.${m.mode}`;
    v.set(`${k}.throughput`, num(f.throughputRps));
    v.set(`${k}.p99`, num(f.p99Ms, 1));
    v.set(`${k}.bottleneck`, f.bottleneck.resource);
    v.set(`${k}.utilization`, pct(f.bottleneck.utilization));
    v.set(`${k}.boxCpu`, pct(f.middleBoxCpuUtilization));
    v.set(`${k}.boxNic`, pct(f.middleBoxNicUtilization));
    v.set(`${k}.boxCpuUs`, f.middleBox === null ? '–' : num(f.middleBox.cpuUs, 1));
    v.set(`${k}.boxPackets`, f.middleBox === null ? '–' : num(f.middleBox.packets, 1));
    v.set(`${k}.replyShare`, pct(f.responseBytesThroughMiddleBox));
    v.set(`${k}.imbalance`, num(f.imbalanceMaxOverMean, 2));
    v.set(`${k}.serverCpuUs`, num(f.server.cpuUs, 1));
  }
  for (const mode of MODES) {
    const pts = r.scale.filter((p) => p.mode === mode);
    if (pts.length === 0) continue;
    const best = pts.reduce((a, b) => (b.throughputRps > a.throughputRps ? b : a));
    const top = pts.reduce((a, b) => (b.servers > a.servers ? b : a));
    const p = plateau(pts);
    v.set(`scale.${mode}.max`, num(best.throughputRps));
    v.set(`scale.${mode}.plateau`, p.flat ? `stops growing at ${p.servers} servers` : `still growing at ${p.servers} servers`);
    v.set(`scale.${mode}.topBottleneck`, top.bottleneck);
    v.set(`scale.${mode}.topUtilization`, pct(top.utilization));
  }
  for (const d of r.dns) v.set(`dns.${d.ttl}.imbalance`, num(d.maxOverMean, 2));
  return v;
}

function blocks(r: GuideResults): Map<string, string> {
  const b = new Map<string, string>();
  b.set('table:modes', table(['mode', 'approach', 'server chosen by', 'in the data path', 'request path', 'response path'], MODES.map((m: Mode) => {
    const p = MODE_TABLE[m];
    const legs = (ls: typeof p.request) => ls.map((l) => `${l.from} → ${l.to}${l.header === 'none' ? '' : ` (${l.header})`}`).join(', ');
    return [`\`${m}\``, p.title, p.selection, p.frontEnd === 'none' ? 'nothing' : p.frontEnd, legs(p.request), legs(p.response)];
  }), [false, false, false, false, false, false]));
  b.set('table:default', table(['mode', 'throughput (req/s)', 'p99 (ms)', 'bottleneck', 'utilisation', 'imbalance (max/mean)'], r.modes.map((m) => [
    `\`${m.mode}\``, num(m.figures.throughputRps), num(m.figures.p99Ms, 1), `${m.figures.bottleneck.resource} (${m.bottleneckKind})`, pct(m.figures.bottleneck.utilization), num(m.figures.imbalanceMaxOverMean, 2),
  ]), [false, true, true, false, true, true]));
  b.set('table:middle-box', table(['mode', 'middle box', 'packets / request', 'wire bytes / request', 'CPU µs / request', 'CPU busy', 'NIC busy', 'server bytes that also cross it'], r.modes.map((m) => {
    const f = m.figures;
    const box = f.middleBox;
    return [`\`${m.mode}\``, box?.node ?? 'none', box === null ? '–' : num(box.packets, 1), box === null ? '–' : num(box.wireBytes), box === null ? '–' : num(box.cpuUs, 1), pct(f.middleBoxCpuUtilization), pct(f.middleBoxNicUtilization), pct(f.responseBytesThroughMiddleBox)];
  }), [false, false, true, true, true, true, true, true]));
  const servers = [...new Set(r.scale.map((p) => p.servers))].sort((a, c) => a - c);
  b.set('table:scale', table(['mode', ...servers.map((s) => `${s} servers`), `bottleneck at ${servers[servers.length - 1]}`], MODES.filter((m) => r.scale.some((p) => p.mode === m)).map((mode) => {
    const pts = servers.map((s) => r.scale.find((p) => p.mode === mode && p.servers === s));
    const last = pts[pts.length - 1];
    return [`\`${mode}\``, ...pts.map((p) => (p === undefined ? '–' : num(p.throughputRps))), last === undefined ? '–' : `${last.bottleneck} (${pct(last.utilization)})`];
  }), [false, ...servers.map(() => true), false]));
  b.set('table:dns', table(['DNS TTL', 'busiest server / mean', 'CV of server shares', 'throughput (req/s)'], r.dns.map((d) => [d.ttl, num(d.maxOverMean, 2), num(d.cv, 2), num(d.throughputRps)]), [false, true, true, true]));
  b.set('table:claims', table(['mode', 'claim', 'measured'], r.modes.flatMap((m) => m.claims.map((c) => [`\`${m.mode}\``, `${c.kind === 'strength' ? '+' : '−'} ${c.text}`, c.measured])), [false, false, false]));
  b.set('diagrams', r.modes.map((m) => `#### \`${m.mode}\`: ${m.title}\n\n![One request under ${m.mode}, packet by packet](guide/trace-${m.mode}.svg)`).join('\n\n'));
  b.set('figure:scaling', '![Throughput against the number of servers, per mode](guide/scaling.svg)');
  b.set('figure:utilization', '![Utilisation of the busiest resources, per mode](guide/utilization.svg)');
  return b;
}

export function renderGuide(template: string, r: GuideResults): string {
  const values = guideValues(r);
  const named = blocks(r);
  const missing: string[] = [];
  const out = template.replace(/\{\{\s*([\w:.-]+)\s*\}\}/g, (_, name: string) => {
    const text = named.get(name) ?? values.get(name);
    if (text === undefined) {
      missing.push(name);
      return '';
    }
    return text;
  });
  if (missing.length > 0) throw new Error(`guide template: unknown name${missing.length > 1 ? 's' : ''} ${missing.map((m) => `{{${m}}}`).join(', ')}`);
  return `<!-- Generated by \`npm run docs\` from docs/guide.template.md and docs/guide/results.json (inputs ${r.inputsHash}); edit the template, not this file. -->\n\n${out}`;
}
