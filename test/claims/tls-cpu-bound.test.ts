import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runBox } from '../calibration/reference-box.js';

/**
 * When haproxy runs out of CPU before its NIC, with and without TLS (modern profile's front end:
 * 8 cores, 40 GbE at 37 Mpps; saturating closed-loop GETs of one size; servers made free so the
 * proxy binds). From the costs, by hand: clear text costs ≈ 12 µs per keep-alive request and
 * ≈ 0.29 ns per byte, so 8 cores outrun 40 Gbps (1.6 ns per byte for 8 cores) from ≈ 8 kB up.
 * TLS adds ≈ 1.4 µs per request and 1.44 ns per byte: 1.73 ns per byte in all, so 8 cores carry at
 * most ≈ 37 Gbps of large objects and the proxy stays CPU-bound at every size (only just, for
 * large ones: the NIC is then close behind); a full handshake per connection (763 µs) leaves the
 * NIC far behind at every size. The runs below find the same; each verdict is the bottleneck the
 * run reports (45 ms runs, 64 closed-loop clients, 15 ms warm-up that covers the first handshakes):
 *
 *   condition                               4 KiB   32 KiB   256 KiB
 *   clear text, keep-alive                  CPU     NIC      NIC
 *   TLS, keep-alive                         CPU     CPU      CPU (NIC rx at ≈ 88 %)
 *   TLS, new connection per request (full)  CPU     CPU      CPU (NIC ≤ 40 %)
 */
const BOX = { mode: 'l7-proxy' as const, cores: 8, nic: '40Gbps', clients: 64 };
const SIZES = [4_096, 32_768, 262_144] as const;

/** Each size's verdict, and the busiest NIC direction's utilization. */
function verdicts(run: { requestsPerConnection: number; tls?: { enabled: boolean } }, durationMs: number, t: { diagnostic: (s: string) => void }, label: string, nics: number[] = []): string[] {
  return SIZES.map((objectBytes) => {
    const r = runBox({ ...BOX, ...run, objectBytes, durationMs });
    nics.push(Math.max(...r.resources.filter((x) => /^proxy-0\.nic/.test(x.id)).map((x) => x.utilization)));
    const kind = r.bottleneck.resource === 'proxy-0.cpu' ? 'CPU' : /^proxy-0\.nic/.test(r.bottleneck.resource) ? 'NIC' : r.bottleneck.resource;
    t.diagnostic(`${label}, ${objectBytes} B: ${Math.round(r.throughput.requestsPerSecond)} req/s, ${kind}-bound; ${r.bottleneck.evidence}`);
    assert.ok(r.bottleneck.saturated, `${label} ${objectBytes}: saturated`);
    return kind;
  });
}

describe('haproxy: CPU-bound or NIC-bound, with and without TLS', () => {
  it('clear text, keep-alive: CPU-bound for small objects only (4 KiB), NIC-bound from 32 KiB', (t) => {
    assert.deepEqual(verdicts({ requestsPerConnection: 1_000_000 }, 45, t, 'clear'), ['CPU', 'NIC', 'NIC']);
  });
  it('TLS, keep-alive: CPU-bound at every size; at 256 KiB the NIC is close behind (> 80 %)', (t) => {
    const nics: number[] = [];
    assert.deepEqual(verdicts({ requestsPerConnection: 1_000_000, tls: { enabled: true } }, 45, t, 'TLS keep-alive', nics), ['CPU', 'CPU', 'CPU']);
    assert.ok(nics[2]! > 0.8, `NIC at ${nics[2]}`);
  });
  it('TLS, a full handshake for every request: CPU-bound at every size, the NIC far behind (< 50 %)', (t) => {
    const nics: number[] = [];
    assert.deepEqual(verdicts({ requestsPerConnection: 1, tls: { enabled: true } }, 45, t, 'TLS full handshakes', nics), ['CPU', 'CPU', 'CPU']);
    assert.ok(Math.max(...nics) < 0.5, `NIC at ${nics}`);
  });
});
