import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linearity, scaleOut } from './scale-out-run.js';

/**
 * LVS-TUN and LVS-DR: the director sees only the client's packets (requests and ACKs), so it keeps
 * up with far more servers; TUN pays 20 % more per packet at the director and decapsulation at
 * every server, so it sits slightly below DR. Both scale without a middle box at all in rr-dns and
 * client-side (with membership cached by the clients).
 */
describe('scale-out: modes without a middle box in the return path', () => {
  const dr4 = scaleOut('lvs-dr', 4);
  const dr32 = scaleOut('lvs-dr', 32);
  const tun4 = scaleOut('lvs-tun', 4);
  const tun32 = scaleOut('lvs-tun', 32);

  it('lvs-dr and lvs-tun keep ≥ 90 % of linear scaling to 32 servers', () => {
    assert.ok(linearity(dr32, dr4, 32) >= 0.9, `dr ${linearity(dr32, dr4, 32)}`);
    assert.ok(linearity(tun32, tun4, 32) >= 0.9, `tun ${linearity(tun32, tun4, 32)}`);
    assert.match(dr32.bottleneck.node, /^server-/);
  });

  it('lvs-tun sits slightly below lvs-dr: lower throughput, busier director', () => {
    // Common random numbers: both modes see the same arrivals and object sizes.
    assert.ok(tun32.throughput.requestsPerSecond < dr32.throughput.requestsPerSecond);
    assert.ok(tun32.throughput.requestsPerSecond > 0.97 * dr32.throughput.requestsPerSecond);
    const cpu = (r: typeof dr32) => r.resources.find((x) => x.id === 'director-0.cpu')!.utilization;
    assert.ok(cpu(tun32) > 1.15 * cpu(dr32), `director cpu tun ${cpu(tun32)} vs dr ${cpu(dr32)}`);
    const director = (r: typeof dr32) => r.traffic.find((t) => t.node === 'director-0')!;
    assert.ok(director(dr32).bytesOut < 0.1 * dr32.traffic.find((t) => t.node.startsWith('clients'))!.bytesIn, 'responses bypass the director');
  });

  it('rr-dns and client-side scale to 32 servers without a middle box', () => {
    for (const mode of ['rr-dns', 'client-side'] as const) {
      const base = scaleOut(mode, 4);
      const big = scaleOut(mode, 32);
      assert.ok(linearity(big, base, 32) >= 0.9, `${mode} ${linearity(big, base, 32)}`);
    }
  });
});
