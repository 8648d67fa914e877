import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runBox } from '../calibration/reference-box.js';

/**
 * When haproxy runs out of CPU before its NIC, with and without TLS (modern profile's front end:
 * 8 cores in one pool, as a multi-threaded haproxy uses them, 40 GbE at 37 Mpps; saturating
 * closed-loop GETs of one size; servers made free so the proxy binds). From the costs, by hand:
 * clear text costs ≈ 5.1 µs per keep-alive request (4 packets at 0.5 µs, 0.995 µs of parsing,
 * 4 calls at 0.5 µs, 600 B copied twice) and ≈ 0.26 ns per byte (two copies, a call per 16 KiB),
 * so 8 cores outrun the NIC (≈ 0.21 ns per object byte at 40 Gbps with headers) from ≈ 3 kB up.
 * TLS adds ≈ 1.2 µs per request and ≈ 1.48 ns per byte: 1.74 ns per byte in all, 0.22 per byte
 * for 8 cores, just above the NIC's: the proxy stays CPU-bound at every size, only just for large
 * objects (the NIC close behind); a full handshake per connection (763 µs) leaves the NIC far
 * behind at every size. The runs below find the same; each verdict is the bottleneck the run
 * reports (15 ms warm-up that covers the first handshakes; enough clients to keep the cores busy):
 *
 *   condition (clients, run)                     2 KiB  4 KiB  32 KiB          256 KiB
 *   clear text, keep-alive (256, 45 ms)          CPU    NIC    NIC             NIC
 *   TLS, keep-alive (128, 60 ms)                 -      CPU    CPU (NIC ≈ 86 %) CPU (NIC ≈ 89 %)
 *   TLS, new connection per request, full (64)   -      CPU    CPU             CPU (NIC ≤ 40 %)
 */
const BOX = { mode: 'l7-proxy' as const, cores: 8, nic: '40Gbps' };

/** Each size's verdict, and the busiest NIC direction's utilization. */
function verdicts(sizes: readonly number[], run: { requestsPerConnection: number; clients: number; tls?: { enabled: boolean } }, durationMs: number, t: { diagnostic: (s: string) => void }, label: string, nics: number[] = []): string[] {
  return sizes.map((objectBytes) => {
    const r = runBox({ ...BOX, ...run, objectBytes, durationMs });
    nics.push(Math.max(...r.resources.filter((x) => /^proxy-0\.nic/.test(x.id)).map((x) => x.utilization)));
    const kind = r.bottleneck.resource === 'proxy-0.cpu' ? 'CPU' : /^proxy-0\.nic/.test(r.bottleneck.resource) ? 'NIC' : r.bottleneck.resource;
    t.diagnostic(`${label}, ${objectBytes} B: ${Math.round(r.throughput.requestsPerSecond)} req/s, ${kind}-bound; ${r.bottleneck.evidence}`);
    assert.ok(r.bottleneck.saturated, `${label} ${objectBytes}: saturated`);
    return kind;
  });
}

describe('haproxy: CPU-bound or NIC-bound, with and without TLS', () => {
  it('clear text, keep-alive: CPU-bound for small objects only (2 KiB), NIC-bound from 4 KiB', (t) => {
    assert.deepEqual(verdicts([2_048, 4_096, 32_768, 262_144], { requestsPerConnection: 1_000_000, clients: 256 }, 45, t, 'clear'), ['CPU', 'NIC', 'NIC', 'NIC']);
  });
  it('TLS, keep-alive: CPU-bound at every size; from 32 KiB the NIC is close behind (> 80 %)', (t) => {
    const nics: number[] = [];
    assert.deepEqual(verdicts([4_096, 32_768, 262_144], { requestsPerConnection: 1_000_000, clients: 128, tls: { enabled: true } }, 60, t, 'TLS keep-alive', nics), ['CPU', 'CPU', 'CPU']);
    assert.ok(nics[1]! > 0.8 && nics[2]! > 0.8, `NIC at ${nics}`);
  });
  it('TLS, a full handshake for every request: CPU-bound at every size, the NIC far behind (< 50 %)', (t) => {
    const nics: number[] = [];
    assert.deepEqual(verdicts([4_096, 32_768, 262_144], { requestsPerConnection: 1, clients: 64, tls: { enabled: true } }, 45, t, 'TLS full handshakes', nics), ['CPU', 'CPU', 'CPU']);
    assert.ok(Math.max(...nics) < 0.5, `NIC at ${nics}`);
  });
});
