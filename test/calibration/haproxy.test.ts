import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modern } from '../../sim/calibration/profiles/modern.js';
import type { RunResult } from '../../sim/result.js';
import { pct, residual, runBox } from './reference-box.js';

/**
 * haproxy's published sizing (docs/calibration.md, "haproxy"), reproduced by running lbsim's
 * l7-proxy on the source's box as the source describes it: haproxy on one core, the network
 * interrupts on two more (`rss.irqCores: 2`: receive processing and the ACKs the kernel sends
 * run there, in softirq context), a dual-port 10 GbE NIC (20 Gbps each way), clients and servers
 * that cost nothing. Three free parameters (per request, per connect(), per accept()) were fitted
 * to the three rate points, with the per-packet cost fixed from its own source; the bandwidth
 * points and the CPU split are then predictions. Residuals are printed.
 */
const BOX = { mode: 'l7-proxy' as const, cores: 3, irqCores: 2, nic: '20Gbps' };
const KEEP = 1_000_000;

const util = (r: RunResult, id: string): number => r.resources.find((x) => x.id === id)!.utilization;

describe('calibration: haproxy on its reference box (1 haproxy core + 2 interrupt cores)', () => {
  it('243 k req/s end-to-end keep-alive, 97 k in server-close mode, 82 k new connections/s (each within 10 %, the haproxy core binds)', (t) => {
    const points = [
      { name: 'keep-alive', published: 243_000, run: { requestsPerConnection: KEEP } },
      { name: 'server-close', published: 97_000, run: { requestsPerConnection: KEEP, proxyServerConnections: 'per-request' as const } },
      { name: 'new connection per request', published: 82_000, run: { requestsPerConnection: 1, proxyServerConnections: 'per-request' as const } },
    ];
    for (const p of points) {
      const r = runBox({ ...BOX, ...p.run, objectBytes: 0, clients: 120, durationMs: 24 });
      const rate = r.throughput.requestsPerSecond;
      const res = residual(rate, p.published);
      t.diagnostic(`haproxy ${p.name}: model ${Math.round(rate)} req/s, published ${p.published}, residual ${pct(res)}; interrupt cores ${(100 * util(r, 'proxy-0.irq-cpu')).toFixed(1)} % busy; ${r.bottleneck.evidence}`);
      assert.equal(r.bottleneck.resource, 'proxy-0.cpu', 'the haproxy core binds');
      assert.ok(util(r, 'proxy-0.irq-cpu') < 0.5, 'the interrupt cores have room');
      assert.ok(Math.abs(res) <= 0.1, `${p.name}: ${pct(res)}`);
    }
  });

  it('CPU split with keep-alive, not fitted: haproxy (user space) vs kernel, published 30 % / 70 %', (t) => {
    // User space is the per-request work (parsing, rules, the event loop); system calls, copies
    // and packets are the kernel's, in process or softirq context, on all three cores.
    const r = runBox({ ...BOX, requestsPerConnection: KEEP, objectBytes: 0, clients: 120, durationMs: 24 });
    const proxy = r.traffic.find((x) => x.node === 'proxy-0')!;
    const requests = r.throughput.requestsPerSecond * 0.016;
    const share = modern.proxy.requestNs / (proxy.cpuNs / requests);
    t.diagnostic(`haproxy keep-alive CPU split: model ${(100 * share).toFixed(1)} % haproxy / ${(100 - 100 * share).toFixed(1)} % kernel, published 30 / 70 (not fitted)`);
    assert.ok(share > 0.1 && share < 0.3, `${share}`);
  });

  it('20 Gbps at 256 kB objects: the NIC binds, the CPU has room (within 10 %)', (t) => {
    // "Network bandwidth" is what the NIC carries: the proxy's wire bytes to the clients (objects,
    // headers, framing) over the 40 ms measured; the objects alone are 1448/1490 of it.
    const r = runBox({ ...BOX, requestsPerConnection: KEEP, objectBytes: 262_144, clients: 16, durationMs: 60 });
    const wireGbps = (r.traffic.find((x) => x.node === 'clients-gen')!.bytesIn * 8) / 0.04 / 1e9;
    const objectGbps = (r.throughput.requestsPerSecond * 262_144 * 8) / 1e9;
    const res = residual(wireGbps, 20);
    t.diagnostic(`haproxy 256 kB: model ${wireGbps.toFixed(2)} Gbps on the wire (${objectGbps.toFixed(2)} of objects), published 20, residual ${pct(res)}; haproxy core ${(100 * util(r, 'proxy-0.cpu')).toFixed(1)} % busy; ${r.bottleneck.evidence}`);
    assert.match(r.bottleneck.resource, /proxy-0\.nic/);
    assert.ok(Math.abs(res) <= 0.1, pct(res));
  });

  it('10 Gbps at 41 kB objects is not reproduced: any cost affine in size that gives 243 k small req/s and 20 Gbps at 256 kB passes 10 Gbps well below 41 kB', (t) => {
    // Printed, and bounded from the side the argument in docs/calibration.md predicts: the model is
    // NIC-bound at 41 kB, so it overstates this point, and no refit of per-packet, per-byte or
    // per-request costs on either pool can fix it without breaking the 243 k or the 256 kB point
    // (the curve would have to be concave in object size).
    const r = runBox({ ...BOX, requestsPerConnection: KEEP, objectBytes: 41_000, clients: 16, durationMs: 45 });
    const gbps = (r.throughput.requestsPerSecond * 41_000 * 8) / 1e9;
    t.diagnostic(`haproxy 41 kB: model ${gbps.toFixed(2)} Gbps, published 10, residual ${pct(residual(gbps, 10))} (not fitted; see docs/calibration.md); haproxy core ${(100 * util(r, 'proxy-0.cpu')).toFixed(1)} % busy; ${r.bottleneck.evidence}`);
    assert.match(r.bottleneck.resource, /proxy-0\.nic/);
    assert.ok(gbps > 15, 'NIC-bound, as the argument says');
  });
});
