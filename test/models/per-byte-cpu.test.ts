import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mode, NodeTraffic, RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * Kernel per-byte CPU is charged on the IP bytes a node handles: payload, the 52 B TCP/IP header
 * of every packet and, under LVS-TUN, the 20 B outer header (docs/model.md, "CPU per byte").
 * One small GET (1 KiB) on a fresh connection, with 1 ns per byte at the director and in the
 * servers' and proxy's kernels, against the same run at 0 ns per byte.
 *
 * By hand (packet counts from test/models/packet-paths.test.ts): client → server 5 packets (SYN,
 * handshake ACK, the 300 B GET, a quick ACK, FIN), server → client 4 (SYN-ACK, quick ACK, the
 * 1,324 B response with FIN, last ACK).
 *   lvs-tun director: sends the 5 forward packets encapsulated: 300 + 5 × (52 + 20) = 660 ns.
 *   lvs-tun server:   receives those 660 B, sends 1,324 + 4 × 52 = 1,532 B: 2,192 ns.
 *   lvs-dr director:  300 + 5 × 52 = 560 ns; server 560 + 1,532 = 2,092 ns.
 * In every mode, each node's extra CPU equals its IP bytes: wire bytes less 38 B of Ethernet per
 * packet (no frame here is padded: 52 + 18 ≥ 64).
 */
function run(mode: Mode, perByte: number): RunResult {
  return runScenario(parseScenario({
    name: 'per-byte', description: 'one small GET', modes: [mode], run: { duration: '10s', warmup: '0s', maxRequests: 1 },
    workload: { groups: [{ name: 'c', clients: 1, arrival: { kind: 'closed', think: { kind: 'constant', value: '1ms' } }, mix: { GET: 1 }, objectSize: { kind: 'constant', value: '1KiB' }, requestsPerConnection: 1 }] },
    topology: { servers: { count: 1 }, frontEnd: { count: 1 } },
    costs: { director: { cpuNsPerByte: perByte }, server: { kernelNsPerByte: perByte }, proxy: { kernelNsPerByte: perByte } },
  }), { mode });
}

const node = (r: RunResult, prefix: string): NodeTraffic => r.traffic.find((t) => t.node.startsWith(prefix))!;
const ipBytes = (t: NodeTraffic, directions: 'both' | 'out') => directions === 'out' ? t.bytesOut - 38 * t.packetsOut : t.bytesIn + t.bytesOut - 38 * (t.packetsIn + t.packetsOut);

describe('kernel per-byte CPU on the bytes a node handles', () => {
  it('lvs-tun: the outer 20 B is paid at the director and at the real server', () => {
    const on = run('lvs-tun', 1);
    const off = run('lvs-tun', 0);
    assert.equal(node(on, 'director').cpuNs - node(off, 'director').cpuNs, 660);
    assert.equal(node(on, 'server').cpuNs - node(off, 'server').cpuNs, 2_192);
  });

  it('lvs-dr: the same request without the outer header', () => {
    const on = run('lvs-dr', 1);
    const off = run('lvs-dr', 0);
    assert.equal(node(on, 'director').cpuNs - node(off, 'director').cpuNs, 560);
    assert.equal(node(on, 'server').cpuNs - node(off, 'server').cpuNs, 2_092);
  });

  for (const mode of ['rr-dns', 'client-side', 'l7-proxy', 'lvs-nat', 'lvs-tun', 'lvs-dr'] as const) {
    it(`${mode}: every node's extra CPU is its IP bytes (the director's: those it sends on)`, () => {
      const on = run(mode, 1);
      const off = run(mode, 0);
      for (const t of on.traffic) {
        // The registry's lookups are costed per lookup, not per packet or byte.
        if (t.node.startsWith('clients') || t.node === 'registry' || t.packetsIn + t.packetsOut === 0) continue;
        const extra = t.cpuNs - node(off, t.node).cpuNs;
        assert.equal(extra, ipBytes(t, t.node.startsWith('director') ? 'out' : 'both'), t.node);
      }
    });
  }
});
