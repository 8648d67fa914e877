import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mode } from '../../sim/result.js';
import { pct, residual, runBox } from './reference-box.js';

/**
 * The IPVS figures the profiles cite (docs/calibration.md, "IPVS"), reproduced by saturating a
 * one-core director with small keep-alive requests and counting what it forwards:
 *  - modern: about 1 Mpps per core for DR (a tenth of XDP's ~10 Mpps/core), TUN 20 % dearer,
 *    NAT 30 % dearer (≈ 0.83 and 0.77 Mpps);
 *  - late 1990s: a VS/NAT rewrite takes 60 µs per packet (≈ 16.7 k packets/s), and one
 *    Pentium III director with a 100 Mbps NIC sustains ~10,000 LVS/DR connections/s (one small
 *    request each; the DR per-packet cost of that profile was fitted to this point).
 */
const MEASURED_S = (30 * 2) / 3 / 1000;

function forwardedPps(mode: Mode, profile: 'modern' | 'lvs-classic', nic: string): { pps: number; evidence: string; resource: string } {
  const r = runBox({ mode, profile, cores: 1, nic, requestsPerConnection: 1_000_000, objectBytes: 0, clients: 60, durationMs: 30 });
  const d = r.traffic.find((x) => x.node === 'director-0')!;
  return { pps: d.packetsOut / MEASURED_S, evidence: r.bottleneck.evidence, resource: r.bottleneck.resource };
}

describe('calibration: IPVS per-packet figures', () => {
  it('modern: DR ≈ 1 Mpps per core, TUN ≈ 0.83, NAT ≈ 0.77 (each within 10 %)', (t) => {
    for (const [mode, published] of [['lvs-dr', 1e6], ['lvs-tun', 1e6 / 1.2], ['lvs-nat', 1e6 / 1.3]] as const) {
      const m = forwardedPps(mode, 'modern', '100Gbps');
      const res = residual(m.pps, published);
      t.diagnostic(`${mode}: model ${(m.pps / 1e6).toFixed(3)} Mpps, figure ${(published / 1e6).toFixed(3)}, residual ${pct(res)}; ${m.evidence}`);
      assert.match(m.resource, /director-0\.cpu/);
      assert.ok(Math.abs(res) <= 0.1, pct(res));
    }
  });

  it('late 1990s: VS/NAT at 60 µs per packet ≈ 16.7 k packets/s (within 10 %)', (t) => {
    const m = forwardedPps('lvs-nat', 'lvs-classic', '100Mbps');
    const res = residual(m.pps, 1e6 / 60);
    t.diagnostic(`lvs-classic NAT: model ${Math.round(m.pps)} pps, figure 16667, residual ${pct(res)}; ${m.evidence}`);
    assert.match(m.resource, /director-0\.cpu/);
    assert.ok(Math.abs(res) <= 0.1, pct(res));
  });

  it('late 1990s: ~10,000 LVS/DR connections/s on one Pentium III with a 100 Mbps NIC (within 10 %)', (t) => {
    const r = runBox({ mode: 'lvs-dr', profile: 'lvs-classic', cores: 1, nic: '100Mbps', requestsPerConnection: 1, objectBytes: 1024, clients: 60, durationMs: 60 });
    const res = residual(r.throughput.requestsPerSecond, 10_000);
    t.diagnostic(`lvs-classic DR: model ${Math.round(r.throughput.requestsPerSecond)} conn/s, figure 10000, residual ${pct(res)}; ${r.bottleneck.evidence}`);
    assert.match(r.bottleneck.resource, /director-0\.cpu/);
    assert.ok(Math.abs(res) <= 0.1, pct(res));
  });
});
