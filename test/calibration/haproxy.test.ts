import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pct, residual, runBox } from './reference-box.js';

/**
 * haproxy's published sizing (docs/calibration.md, "haproxy"), reproduced by running lbsim's
 * l7-proxy on the source's box: one haproxy core plus two cores for interrupts (3 cores, the
 * model pools them), a dual-port 10 GbE NIC (20 Gbps each way), clients and servers that cost
 * nothing. Three free parameters (per packet, per request, per connect()) were fitted to the three
 * rate points; the bandwidth points are then predictions. Residuals are printed.
 */
const BOX = { mode: 'l7-proxy' as const, cores: 3, nic: '20Gbps' };
const KEEP = 1_000_000;

describe('calibration: haproxy on its reference box', () => {
  it('243 k req/s end-to-end keep-alive, 97 k in server-close mode, 82 k new connections/s (each within 10 %)', (t) => {
    const points = [
      { name: 'keep-alive', published: 243_000, run: { requestsPerConnection: KEEP } },
      { name: 'server-close', published: 97_000, run: { requestsPerConnection: KEEP, proxyServerConnections: 'per-request' as const } },
      { name: 'new connection per request', published: 82_000, run: { requestsPerConnection: 1, proxyServerConnections: 'per-request' as const } },
    ];
    for (const p of points) {
      const r = runBox({ ...BOX, ...p.run, objectBytes: 0, clients: 120, durationMs: 24 });
      const rate = r.throughput.requestsPerSecond;
      const res = residual(rate, p.published);
      t.diagnostic(`haproxy ${p.name}: model ${Math.round(rate)} req/s, published ${p.published}, residual ${pct(res)}; ${r.bottleneck.evidence}`);
      assert.match(r.bottleneck.resource, /proxy-0\.cpu/, 'the proxy CPU binds');
      assert.ok(Math.abs(res) <= 0.1, `${p.name}: ${pct(res)}`);
    }
  });

  it('20 Gbps at 256 kB objects: the NIC binds, the CPU has room (within 10 %)', (t) => {
    // "Network bandwidth" is what the NIC carries: the proxy's wire bytes to the clients (objects,
    // headers, framing) over the 40 ms measured; the objects alone are 1448/1490 of it.
    const r = runBox({ ...BOX, requestsPerConnection: KEEP, objectBytes: 262_144, clients: 16, durationMs: 60 });
    const wireGbps = (r.traffic.find((x) => x.node === 'clients-gen')!.bytesIn * 8) / 0.04 / 1e9;
    const objectGbps = (r.throughput.requestsPerSecond * 262_144 * 8) / 1e9;
    const res = residual(wireGbps, 20);
    t.diagnostic(`haproxy 256 kB: model ${wireGbps.toFixed(2)} Gbps on the wire (${objectGbps.toFixed(2)} of objects), published 20, residual ${pct(res)}; ${r.bottleneck.evidence}`);
    assert.match(r.bottleneck.resource, /proxy-0\.nic/);
    assert.ok(Math.abs(res) <= 0.1, pct(res));
  });

  it('10 Gbps at 41 kB objects is not reproduced: any cost model affine in size that gives 243 k small req/s reaches 20 Gbps by ~10 kB', (t) => {
    // Printed, and bounded from the side the argument in docs/calibration.md predicts: the model is
    // NIC-bound at 41 kB, so it overstates this point by about 80 %, and no refit of per-packet,
    // per-byte or per-request costs can fix it without breaking the 243 k point (the curve would
    // have to be concave in object size).
    const r = runBox({ ...BOX, requestsPerConnection: KEEP, objectBytes: 41_000, clients: 16, durationMs: 45 });
    const gbps = (r.throughput.requestsPerSecond * 41_000 * 8) / 1e9;
    t.diagnostic(`haproxy 41 kB: model ${gbps.toFixed(2)} Gbps, published 10, residual ${pct(residual(gbps, 10))} (not fitted; see docs/calibration.md); ${r.bottleneck.evidence}`);
    assert.match(r.bottleneck.resource, /proxy-0\.nic/);
    assert.ok(gbps > 15, 'NIC-bound, as the argument says');
  });
});
