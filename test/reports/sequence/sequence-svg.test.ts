import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sequenceOf } from '../../../reports/sequence/sequence-model.js';
import { sequenceSvg } from '../../../reports/sequence/sequence-svg.js';
import { el, renderSvg } from '../../../reports/svg-element.js';
import { parseScenario } from '../../../sim/scenario/load.js';
import type { RequestTrace } from '../../../sim/stats/request-trace.js';
import { traceRequest } from '../../../sim/trace.js';

function traced(mode: 'lvs-nat' | 'rr-dns'): RequestTrace {
  const scenario = parseScenario({
    name: 'svg', description: 'one GET', modes: [mode], run: { duration: '0.3s', warmup: '0.1s' },
    workload: { groups: [{ name: 'g', clients: 10, arrival: { kind: 'poisson', rate: 200 }, mix: { GET: 1 }, objectSize: { kind: 'constant', value: '8KiB' } }] },
    topology: { servers: { count: 2 } },
  }, 'svg');
  return traceRequest(scenario, mode, { fromNs: 0 }).trace!;
}

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

describe('sequence diagrams', () => {
  it('lvs-nat: four lanes, an arrow per run of like packets, in wire order, with both rewrites', () => {
    const t = traced('lvs-nat');
    const d = sequenceOf(t);
    assert.deepEqual(d.lanes.map((l) => l.id), ['clients-g', 'director-0', t.server, 'object-servers']);
    const arrows = d.rows.filter((r) => r.type === 'arrow');
    const packetArrows = arrows.filter((a) => a.kind !== 'back-end');
    // Every packet of every leg is on exactly one arrow.
    const packets = t.messages.flatMap((m) => m.legs).reduce((s, l) => s + l.packets.length, 0);
    assert.equal(packetArrows.reduce((s, a) => s + a.packets, 0), packets);
    const starts = arrows.map((a) => a.atMs);
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b), 'rows are in time order');
    const svg = sequenceSvg(d);
    assert.equal(count(svg, /<g class="lane"/g), 4);
    assert.equal(count(svg, /<g class="arrow"/g), arrows.length);
    assert.match(svg, /IP 203\.0\.113\.\d+:\d+ → 10\.0\.1\.\d+:80/, 'DNAT shown on the director → server wire');
    assert.match(svg, /IP 192\.0\.2\.10:80 → 203\.0\.113\.\d+:\d+/, 'SNAT shown on the director → client wire');
    assert.match(svg, /director-0: cpu [\d.]+ µs/, 'work at the director');
  });

  it('rr-dns: a resolver lane with the query and its answer before the SYN', () => {
    const d = sequenceOf(traced('rr-dns'));
    assert.deepEqual(d.lanes.map((l) => l.kind), ['client', 'lookup', 'server', 'object-server']);
    const [q, a, syn] = d.rows;
    assert.deepEqual([q?.type === 'arrow' && q.kind, a?.type === 'arrow' && a.kind, syn?.type === 'arrow' && syn.kind], ['lookup', 'lookup', 'syn']);
  });

  it('escapes every piece of text by construction', () => {
    const t = traced('lvs-nat');
    const evil: RequestTrace = { ...t, title: '<script>alert(1)</script>', client: 'g"><img src=x onerror=alert(1)>/1' };
    const svg = sequenceSvg(sequenceOf(evil));
    assert.doesNotMatch(svg, /<script|<img/);
    assert.match(svg, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.throws(() => el('rect', { onload: 'x' }), /refusing attribute/);
    assert.equal(renderSvg(el('text', { x: 1 }, 'a < b & "c"')), '<text x="1">a &lt; b &amp; &quot;c&quot;</text>');
  });
});
