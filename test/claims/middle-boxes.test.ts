import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mode } from '../../sim/result.js';
import { linearity, scaleOut } from './scale-out-run.js';

/**
 * The seed's argument, emerging from the model (GET-heavy scale-out, modern profile, one front-end
 * box of 8 cores and 40 GbE): the L7 proxy stops scaling first with the proxy named as the
 * bottleneck, LVS-NAT later with the director named; nothing in the numbers is declared, each
 * verdict comes from packet and CPU accounting.
 */
const COUNTS = [4, 8, 16, 32] as const;

function curve(mode: Mode) {
  const runs = COUNTS.map((n) => ({ n, result: scaleOut(mode, n) }));
  const base = runs[0]!.result;
  return runs.map(({ n, result }) => ({ n, result, linear: linearity(result, base, n) }));
}

/** The smallest server count at which throughput falls below 90 % of linear, or Infinity. */
function flattensAt(points: ReturnType<typeof curve>): number {
  return points.find((p) => p.linear < 0.9)?.n ?? Number.POSITIVE_INFINITY;
}

describe('scale-out: where each middle box stops', () => {
  const proxy = curve('l7-proxy');
  const nat = curve('lvs-nat');

  it('the L7 proxy flattens first, and the proxy is the bottleneck once it does', () => {
    const at = flattensAt(proxy);
    assert.ok(at <= 16, `proxy flattens at ${at} servers`);
    assert.ok(at < flattensAt(nat), 'before lvs-nat');
    const flat = proxy.find((p) => p.n === at)!.result;
    assert.match(flat.bottleneck.node, /^proxy-/);
    assert.ok(flat.bottleneck.utilization > 0.95, flat.bottleneck.evidence);
    // Beyond that point more servers buy nothing.
    const last = proxy[proxy.length - 1]!.result.throughput.requestsPerSecond;
    assert.ok(Math.abs(last / flat.throughput.requestsPerSecond - 1) < 0.05, 'flat after it saturates');
  });

  it('lvs-nat scales further, then flattens with the director named', () => {
    const at = flattensAt(nat);
    assert.ok(Number.isFinite(at) && at > flattensAt(proxy), `nat flattens at ${at}`);
    const flat = nat.find((p) => p.n === at)!.result;
    assert.match(flat.bottleneck.node, /^director-/);
    assert.ok(flat.bottleneck.utilization > 0.95, flat.bottleneck.evidence);
    // Both directions cross it: it carries the response bytes, so its NIC saturates.
    const director = flat.traffic.find((t) => t.node === 'director-0')!;
    assert.ok(director.bytesOut > 0.9 * director.bytesIn);
  });

  it('below saturation, servers are the bottleneck in every middle-box mode', () => {
    for (const points of [proxy, nat]) assert.match(points[0]!.result.bottleneck.node, /^server-/);
  });
});
