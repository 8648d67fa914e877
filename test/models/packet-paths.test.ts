import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mode, NodeTraffic, RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * One 64 KiB GET on a fresh connection that is closed after it (requestsPerConnection: 1), through
 * each mode, checked against a hand computation of every packet, byte and nanosecond of CPU.
 *
 * Shared arithmetic (MTU 1500 → MSS 1460; 300 B of headers each way; 40 B TCP/IP + 38 B Ethernet
 * per packet on the wire; delayed ACK = one per two segments, rounded up):
 *   request  = 300 B            → 1 segment
 *   response = 300 + 65536 B    → ceil(65836 / 1460) = 46 segments
 *   client → server, one connection: SYN (1) + [handshake ACK 1 + FIN 1 + last ACK 1 = ctrl 3]
 *     + data 1 + ACKs ceil(46/2) = 23                                  → 1 + 27 = 28 packets
 *   server → client: SYN-ACK (1) + [FIN-ACK 1] + data 46 + ACKs ceil(1/2) = 1 → 1 + 48 = 49 packets
 *   server CPU (modern profile): kernel 1000 ns/packet, 5 ns/B, GET 1.5 ms, new connection 20 µs
 *     receive: SYN 1·1000 + request 27·1000 + 300·5 + 1 500 000 + 20 000 = 1000 + 1 548 500
 *     send:    SYN-ACK 1·1000 + response 48·1000 + 65836·5 (= 329 180)    = 1000 + 377 180
 */
const FORWARD_PACKETS = 28;
const REVERSE_PACKETS = 49;
const REQUEST_PAYLOAD = 300;
const RESPONSE_PAYLOAD = 300 + 65_536;
const WIRE_PER_PACKET = 78;
const SERVER_CPU_NS = 1_000 + 1_548_500 + 1_000 + 377_180;

function oneRequest(mode: Mode, extra: Record<string, unknown> = {}): RunResult {
  const scenario = parseScenario({
    name: 'one-get',
    description: 'one 64 KiB GET on a fresh connection',
    modes: [mode],
    run: { duration: '10s', warmup: '0s', maxRequests: 1 },
    workload: {
      groups: [{
        name: 'c',
        clients: 1,
        arrival: { kind: 'closed', think: { kind: 'constant', value: '1ms' } },
        mix: { GET: 1 },
        objectSize: { kind: 'constant', value: '64KiB' },
        requestsPerConnection: 1,
      }],
    },
    topology: { servers: { count: 2 }, frontEnd: { count: 1 } },
    ...extra,
  });
  const result = runScenario(scenario, { mode });
  assert.equal(result.requests.completed, 1, 'the request completes');
  return result;
}

function traffic(r: RunResult, prefix: string): NodeTraffic {
  const nodes = r.traffic.filter((t) => t.node.startsWith(prefix) && t.packetsIn + t.packetsOut > 0);
  assert.equal(nodes.length, 1, `exactly one ${prefix} node saw packets`);
  return nodes[0]!;
}

describe('packet paths: one 64 KiB GET on a fresh connection', () => {
  it('lvs-dr: the director sees only client→server packets, MAC-rewritten (no size change)', () => {
    const r = oneRequest('lvs-dr');
    const d = traffic(r, 'director');
    assert.equal(d.packetsIn, FORWARD_PACKETS);
    assert.equal(d.packetsOut, FORWARD_PACKETS);
    assert.equal(d.bytesIn, REQUEST_PAYLOAD + FORWARD_PACKETS * WIRE_PER_PACKET);
    assert.equal(d.bytesOut, d.bytesIn);
    assert.equal(d.cpuNs, FORWARD_PACKETS * 1_000 + 1_000, '1 µs per packet + 1 µs to schedule the connection');
    const s = traffic(r, 'server');
    assert.equal(s.packetsIn, FORWARD_PACKETS);
    assert.equal(s.packetsOut, REVERSE_PACKETS);
    assert.equal(s.bytesOut, RESPONSE_PAYLOAD + REVERSE_PACKETS * WIRE_PER_PACKET);
    assert.equal(s.cpuNs, SERVER_CPU_NS);
    const c = traffic(r, 'clients');
    assert.equal(c.packetsOut, FORWARD_PACKETS);
    assert.equal(c.packetsIn, REVERSE_PACKETS);
  });

  it('lvs-nat: the director sees every packet both ways and pays 1.3 µs for each', () => {
    const r = oneRequest('lvs-nat');
    const d = traffic(r, 'director');
    assert.equal(d.packetsIn, FORWARD_PACKETS + REVERSE_PACKETS);
    assert.equal(d.packetsOut, FORWARD_PACKETS + REVERSE_PACKETS);
    assert.equal(d.bytesIn, REQUEST_PAYLOAD + RESPONSE_PAYLOAD + (FORWARD_PACKETS + REVERSE_PACKETS) * WIRE_PER_PACKET);
    assert.equal(d.cpuNs, (FORWARD_PACKETS + REVERSE_PACKETS) * 1_300 + 1_000);
    assert.equal(traffic(r, 'server').cpuNs, SERVER_CPU_NS);
  });

  it('lvs-tun: +20 B on each forwarded packet, 1.2 µs each, servers pay 0.2 µs to decapsulate', () => {
    const r = oneRequest('lvs-tun');
    const d = traffic(r, 'director');
    assert.equal(d.packetsIn, FORWARD_PACKETS);
    assert.equal(d.packetsOut, FORWARD_PACKETS);
    assert.equal(d.bytesOut - d.bytesIn, FORWARD_PACKETS * 20, 'outer IP header on every packet');
    assert.equal(d.cpuNs, FORWARD_PACKETS * 1_200 + 1_000);
    const s = traffic(r, 'server');
    assert.equal(s.bytesIn, REQUEST_PAYLOAD + FORWARD_PACKETS * (WIRE_PER_PACKET + 20));
    assert.equal(s.cpuNs, SERVER_CPU_NS + FORWARD_PACKETS * 200);
  });

  it('lvs-tun with fragmentation: a PUT body’s full-size segments each become two packets on the tunnel', () => {
    // PUT of 14600 B with pmtu_disc=0: MSS stays 1460, so the 10 full segments of the body
    // (+ the header-carrying one) no longer fit 1500 B once encapsulated and are fragmented.
    const scenario = parseScenario({
      name: 'tun-frag', description: 'x', modes: ['lvs-tun'], lvs: { tunPmtu: 'fragment' },
      run: { duration: '10s', warmup: '0s', maxRequests: 1 },
      workload: { headerBytes: { request: 0 }, groups: [{ name: 'c', clients: 1, arrival: { kind: 'closed', think: { kind: 'constant', value: '1ms' } }, mix: { PUT: 1 }, objectSize: { kind: 'constant', value: 14_600 }, requestsPerConnection: 1 }] },
      topology: { servers: { count: 1 } },
    });
    const r = runScenario(scenario, { mode: 'lvs-tun' });
    const d = traffic(r, 'director');
    // forward: SYN 1 + ctrl 3 + data 10 + ACKs ceil(1/2) = 1 → 15 in; out adds one fragment per full segment.
    assert.equal(d.packetsIn, 15);
    assert.equal(d.packetsOut, 15 + 10);
    assert.equal(d.bytesOut - d.bytesIn, 15 * 20 + 10 * (20 + 20 + 38));
  });

  it('l7-proxy: two connections, every packet of both through the proxy, bytes copied in and out', () => {
    const r = oneRequest('l7-proxy');
    const p = traffic(r, 'proxy');
    // conn 1 (proxy → server, opened for this request, kept for reuse: no FIN):
    //   forward SYN 1 + [ACK 1] + data 1 + ACKs 23 = 26; reverse SYN-ACK 1 + data 46 + ACK 1 = 48
    assert.equal(p.packetsIn, FORWARD_PACKETS + 48);
    assert.equal(p.packetsOut, 26 + REVERSE_PACKETS);
    // CPU (kernel 900 ns/packet, 500 ns per read/write of ≤ 16 KiB, 0.1 ns/B per copy, 4.1 µs per
    // request, 8.1 µs per accepted or opened connection):
    //   SYN in + SYN-ACK out (conn 0), SYN out + SYN-ACK in (conn 1): 4 · 900              =   3 600
    //   request: 27·900 + (500 + 30) in, 25·900 + (500 + 30) out, 4 100 + 2 · 8 100       =  68 160
    //   response: 47·900 + 5·500 + 6 583.6 in, 48·900 + 5·500 + 6 583.6 out               = 103 667.2
    assert.equal(p.cpuNs, 3_600 + 68_160 + 103_667);
    const s = traffic(r, 'server');
    assert.equal(s.packetsIn, 26);
    assert.equal(s.packetsOut, 48);
    assert.equal(s.cpuNs, 1_000 + (25_000 + 1_500 + 1_520_000) + 1_000 + (47_000 + 329_180));
  });

  it('rr-dns: nothing in the middle; the server sees what the client sends', () => {
    const r = oneRequest('rr-dns');
    assert.equal(r.traffic.filter((t) => t.node.startsWith('director') || t.node.startsWith('proxy')).length, 0);
    const s = traffic(r, 'server');
    assert.equal(s.packetsIn, FORWARD_PACKETS);
    assert.equal(s.packetsOut, REVERSE_PACKETS);
    assert.equal(s.cpuNs, SERVER_CPU_NS);
    const resolver = r.resources.find((x) => x.node.startsWith('resolver'));
    assert.ok(resolver !== undefined, 'the resolver is a resource of the run');
  });

  it('client-side: one registry lookup (a query in, a reply sized by membership out), then direct', () => {
    const r = oneRequest('client-side');
    const reg = traffic(r, 'registry');
    assert.equal(reg.packetsIn, 1);
    // reply = 200 B + 64 B × 2 members = 328 B → 1 packet
    assert.equal(reg.packetsOut, 1);
    assert.equal(reg.bytesOut, 328 + WIRE_PER_PACKET);
    assert.equal(reg.cpuNs, 50_000);
    assert.equal(traffic(r, 'server').cpuNs, SERVER_CPU_NS);
  });
});
