import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROFILES } from '../../sim/calibration/profiles/index.js';
import type { Mode, NodeTraffic, RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * Small (1 KiB) and 1 MiB GETs and PUTs, on a fresh connection (one request, then closed) and on
 * a kept-alive one (two requests on the same connection, then closed), through every mode, checked
 * against a hand computation of every packet, byte and nanosecond of CPU.
 *
 * Shared arithmetic (modern profile: TCP timestamps on → 52 B TCP/IP header, MSS 1448 on a 1500
 * MTU; 38 B of Ethernet per packet on the wire → 90 B per packet; 300 B of HTTP headers each way):
 *   small:  request 300 B (GET) or 1324 B (PUT) → 1 segment; response 1324 B (GET) or 300 B → 1.
 *   1 MiB:  300 + 1 048 576 = 1 048 876 B → ceil(/1448) = 725 segments, sent as 5 chunks of 145
 *           (1 048 876 B > 4 × 256 KiB); the server's GRO/TSO makes ceil(145/45) = 4 aggregates of
 *           each chunk, 20 per MiB.
 * ACK rules (sim/net/ack-policy.ts): a fresh end quick-ACKs each of its first 16 units (segments,
 * or aggregates with GRO); then one ACK per 2 segments (per aggregate with GRO); an odd segment
 * waits and rides on the end's next data or FIN. An end that answers within 40 ms is interactive
 * and quick-ACKs no more. The last response of a connection carries the server's FIN; the client
 * answers FIN (+ACK) and gets a last ACK. The client host has no GRO.
 *
 * Client → server (F) and server → client (R) packets, for the whole run:
 *  small GET fresh:  F = SYN + [hs ACK, GET] + [quick ACK, FIN] = 5;  R = SYN-ACK + quick ACK + data·FIN + last ACK = 4
 *  small GET kept:   F = SYN + [hs ACK, GET1] + quick ACK + GET2 (interactive now) + FIN (carries the delayed ACK) = 6
 *                    R = SYN-ACK + quick ACK + resp1 + resp2·FIN (carries the delayed ACK of GET2) + last ACK = 5
 *  1 MiB GET fresh:  client ACKs of 725 segments: 16 quick + 709 → 354 pairs, the odd one rides on FIN: 371
 *                    F = 1 + 2 + 371 = 374;  R = SYN-ACK + quick ACK + 725 + last ACK = 728
 *  1 MiB GET kept:   response 1: 370 ACKs (one left pending, piggybacked on GET2); response 2: 362 + FIN
 *                    F = 1 + 2 + 370 + 1 + 363 = 737;  R = 1 + 1 + 725 + 725 + 1 = 1453
 *  small PUT fresh / kept: as the small GET (5/4 and 6/5), with the payloads swapped
 *  1 MiB PUT fresh:  the server ACKs each of its 20 aggregates (16 quick, then 1 per aggregate)
 *                    F = 1 + [hs ACK + 725] + [quick ACK, FIN] = 729;  R = 1 + 20 + data·FIN + last ACK = 23
 *  1 MiB PUT kept:   F = 1 + 1 + 725 + 1 + 725 + FIN = 1454;  R = 1 + 20 + 1 + 20 + 1 + 1 = 44
 * Server kernel units (packets, with data counted per aggregate): in = F minus the data segments
 * plus their aggregates; out likewise with R.
 */
const P = PROFILES.modern;
const WIRE = 90;
const MIB = 1_048_876;
const SMALL_GET = 1_324;

interface Case {
  readonly name: string;
  readonly method: 'GET' | 'PUT';
  readonly size: string;
  readonly requests: 1 | 2;
  readonly F: number;
  readonly R: number;
  /** Payload bytes client → server and back, for the whole run. */
  readonly pf: number;
  readonly pr: number;
  /** Server kernel units in and out (header-only packets + data aggregates). */
  readonly unitsIn: number;
  readonly unitsOut: number;
}

const CASES: readonly Case[] = [
  { name: 'small GET, fresh', method: 'GET', size: '1KiB', requests: 1, F: 5, R: 4, pf: 300, pr: SMALL_GET, unitsIn: 5, unitsOut: 4 },
  { name: 'small GET, kept alive', method: 'GET', size: '1KiB', requests: 2, F: 6, R: 5, pf: 600, pr: 2 * SMALL_GET, unitsIn: 6, unitsOut: 5 },
  { name: '1 MiB GET, fresh', method: 'GET', size: '1MiB', requests: 1, F: 374, R: 728, pf: 300, pr: MIB, unitsIn: 374, unitsOut: 1 + 1 + 20 + 1 },
  { name: '1 MiB GET, kept alive', method: 'GET', size: '1MiB', requests: 2, F: 737, R: 1453, pf: 600, pr: 2 * MIB, unitsIn: 737, unitsOut: 1 + 1 + 40 + 1 },
  { name: 'small PUT, fresh', method: 'PUT', size: '1KiB', requests: 1, F: 5, R: 4, pf: SMALL_GET, pr: 300, unitsIn: 5, unitsOut: 4 },
  { name: 'small PUT, kept alive', method: 'PUT', size: '1KiB', requests: 2, F: 6, R: 5, pf: 2 * SMALL_GET, pr: 600, unitsIn: 6, unitsOut: 5 },
  { name: '1 MiB PUT, fresh', method: 'PUT', size: '1MiB', requests: 1, F: 729, R: 23, pf: MIB, pr: 300, unitsIn: 1 + 1 + 20 + 2, unitsOut: 23 },
  { name: '1 MiB PUT, kept alive', method: 'PUT', size: '1MiB', requests: 2, F: 1454, R: 44, pf: 2 * MIB, pr: 600, unitsIn: 1 + 1 + 20 + 1 + 20 + 1, unitsOut: 44 },
];

/** Server CPU: kernel per unit, Swift per body byte, per request by method, one new connection. */
function serverCpu(c: Case, decapNsPerUnit = 0): number {
  return (c.unitsIn + c.unitsOut) * P.server.kernelNsPerPacket + c.unitsIn * decapNsPerUnit + (c.pf + c.pr) * P.server.nsPerByte + c.requests * P.server.requestNs[c.method] + P.server.connectionNs;
}

function run(mode: Mode, c: Pick<Case, 'method' | 'size' | 'requests'>, servers = 2): RunResult {
  const scenario = parseScenario({
    name: 'one-connection',
    description: 'requests on one connection',
    modes: [mode],
    run: { duration: '10s', warmup: '0s', maxRequests: c.requests },
    workload: {
      groups: [{
        name: 'c',
        clients: 1,
        arrival: { kind: 'closed', think: { kind: 'constant', value: '1ms' } },
        mix: { [c.method]: 1 },
        objectSize: { kind: 'constant', value: c.size },
        requestsPerConnection: c.requests,
      }],
    },
    topology: { servers: { count: servers }, frontEnd: { count: 1 } },
  });
  const result = runScenario(scenario, { mode });
  assert.equal(result.requests.completed, c.requests, 'the requests complete');
  return result;
}

function traffic(r: RunResult, prefix: string): NodeTraffic {
  const nodes = r.traffic.filter((t) => t.node.startsWith(prefix) && t.packetsIn + t.packetsOut > 0);
  assert.equal(nodes.length, 1, `exactly one ${prefix} node saw packets`);
  return nodes[0]!;
}

function assertServer(r: RunResult, c: Case, decap = 0, extraInBytesPerPacket = 0): void {
  const s = traffic(r, 'server');
  assert.equal(s.packetsIn, c.F, 'server packets in');
  assert.equal(s.packetsOut, c.R, 'server packets out');
  assert.equal(s.bytesIn, c.pf + c.F * (WIRE + extraInBytesPerPacket), 'server bytes in');
  assert.equal(s.bytesOut, c.pr + c.R * WIRE, 'server bytes out');
  assert.equal(s.cpuNs, serverCpu(c, decap), 'server CPU');
}

describe('packet paths: one connection, hand-computed, every mode', () => {
  for (const c of CASES) {
    it(`lvs-dr, ${c.name}: the director sees client→server packets only, MAC-rewritten, 1 µs each`, () => {
      const r = run('lvs-dr', c);
      const d = traffic(r, 'director');
      assert.equal(d.packetsIn, c.F);
      assert.equal(d.packetsOut, c.F);
      assert.equal(d.bytesIn, c.pf + c.F * WIRE);
      assert.equal(d.bytesOut, d.bytesIn);
      assert.equal(d.cpuNs, c.F * 1_000 + 1_000, '1 µs per packet + 1 µs to schedule the connection');
      assertServer(r, c);
      const client = traffic(r, 'clients');
      assert.equal(client.packetsOut, c.F);
      assert.equal(client.packetsIn, c.R);
    });

    it(`lvs-nat, ${c.name}: every packet both ways through the director, 1.3 µs each`, () => {
      const r = run('lvs-nat', c);
      const d = traffic(r, 'director');
      assert.equal(d.packetsIn, c.F + c.R);
      assert.equal(d.packetsOut, c.F + c.R);
      assert.equal(d.bytesIn, c.pf + c.pr + (c.F + c.R) * WIRE);
      assert.equal(d.cpuNs, (c.F + c.R) * 1_300 + 1_000);
      assertServer(r, c);
    });

    it(`rr-dns and client-side, ${c.name}: nothing in the middle`, () => {
      // One server: a client-side balancer may pick another server for the second request, on a new connection.
      for (const mode of ['rr-dns', 'client-side'] as const) {
        const r = run(mode, c, 1);
        assert.equal(r.traffic.filter((t) => t.node.startsWith('director') || t.node.startsWith('proxy')).length, 0);
        assertServer(r, c);
      }
    });

    // LVS-TUN clamps the client's MSS to 1428 (20 B less for the outer header): a 1 MiB PUT body is
    // ceil(1 048 876 / 1428) = 735 segments (5 chunks of 147, still 4 aggregates each) → F = 739.
    const tun: Case = c.method === 'PUT' && c.size === '1MiB' ? { ...c, F: c.F + (c.requests === 1 ? 10 : 20) } : c;
    it(`lvs-tun, ${c.name}: +20 B on each forwarded packet, 1.2 µs each, 0.2 µs per unit to decapsulate`, () => {
      const r = run('lvs-tun', tun);
      const d = traffic(r, 'director');
      assert.equal(d.packetsIn, tun.F);
      assert.equal(d.packetsOut, tun.F);
      assert.equal(d.bytesOut - d.bytesIn, tun.F * 20, 'outer IP header on every packet');
      assert.equal(d.cpuNs, tun.F * 1_200 + 1_000);
      assertServer(r, tun, P.server.decapNsPerPacket, 20);
    });
  }

  it('lvs-tun with fragmentation: a PUT body’s full-size segments each become two packets on the tunnel', () => {
    // PUT of 14 480 B with pmtu_disc=0 and no request headers: MSS stays 1448, so each of its 10
    // full segments no longer fits 1500 B once encapsulated and is fragmented.
    const scenario = parseScenario({
      name: 'tun-frag', description: 'x', modes: ['lvs-tun'], lvs: { tunPmtu: 'fragment' },
      run: { duration: '10s', warmup: '0s', maxRequests: 1 },
      workload: { headerBytes: { request: 0 }, groups: [{ name: 'c', clients: 1, arrival: { kind: 'closed', think: { kind: 'constant', value: '1ms' } }, mix: { PUT: 1 }, objectSize: { kind: 'constant', value: 14_480 }, requestsPerConnection: 1 }] },
      topology: { servers: { count: 1 } },
    });
    const r = runScenario(scenario, { mode: 'lvs-tun' });
    const d = traffic(r, 'director');
    // forward: SYN 1 + [hs ACK 1 + data 10] + [quick ACK of the response + FIN] 2 = 14 in; out adds one fragment per full segment.
    assert.equal(d.packetsIn, 14);
    assert.equal(d.packetsOut, 14 + 10);
    assert.equal(d.bytesOut - d.bytesIn, 14 * 20 + 10 * (20 + 20 + 38));
  });
});

describe('packet paths: the L7 proxy terminates both connections', () => {
  const k = P.proxy.kernelNsPerPacket;
  const call = P.proxy.syscallNs;
  const copy = (bytes: number) => 2 * bytes * P.proxy.copyNsPerByte;
  const once = P.proxy.requestNs + P.proxy.acceptNs + P.proxy.connectNs;

  it('small GET, fresh: the client connection as above (5/4); the proxy\'s new one to the server is kept for reuse', () => {
    // conn 1: proxy → server SYN + [hs ACK, GET] + quick ACK of the response = 4; back SYN-ACK + quick ACK + data = 3.
    const r = run('l7-proxy', { method: 'GET', size: '1KiB', requests: 1 });
    const p = traffic(r, 'proxy');
    assert.equal(p.packetsIn, 5 + 3);
    assert.equal(p.packetsOut, 4 + 4);
    // 16 single packets; one read and one write each way; both copies of 300 + 1324 B.
    assert.equal(p.cpuNs, Math.round(16 * k + 4 * call + copy(300 + SMALL_GET) + once));
    const s = traffic(r, 'server');
    assert.equal(s.packetsIn, 4);
    assert.equal(s.packetsOut, 3);
    assert.equal(s.cpuNs, 7 * P.server.kernelNsPerPacket + (300 + SMALL_GET) * P.server.nsPerByte + P.server.requestNs.GET + P.server.connectionNs);
  });

  it('small GET, kept alive, one server: the pooled server connection carries both requests', () => {
    // conn 0: 6/5 as above. conn 1: SYN + [hs ACK, GET1] + quick ACK + GET2 = 5; SYN-ACK + quick ACK + resp1 + resp2 = 4
    // (the proxy's delayed ACK of resp2 is still pending when the run ends: it would ride on the next request).
    const r = run('l7-proxy', { method: 'GET', size: '1KiB', requests: 2 }, 1);
    const p = traffic(r, 'proxy');
    assert.equal(p.packetsIn, 6 + 4);
    assert.equal(p.packetsOut, 5 + 5);
    assert.equal(p.cpuNs, Math.round(20 * k + 8 * call + copy(600 + 2 * SMALL_GET) + 2 * P.proxy.requestNs + P.proxy.acceptNs + P.proxy.connectNs));
  });

  it('1 MiB GET, fresh: 20 aggregates each way at the proxy, one ACK per aggregate to the server', () => {
    // conn 0: F 374 / R 728 as above. conn 1: SYN + [hs ACK, GET] + 20 ACKs (16 quick, 4 per aggregate) = 23;
    // SYN-ACK + quick ACK + 725 = 727. Units: conn1 in 1+1+20, out 1+2+20; conn0 in 374, out 1+1+20+1 = 442.
    // read/write calls: 1 each for the request, 13 per 209 775 B chunk each way for the body (5 chunks) = 132.
    const r = run('l7-proxy', { method: 'GET', size: '1MiB', requests: 1 });
    const p = traffic(r, 'proxy');
    assert.equal(p.packetsIn, 374 + 727);
    assert.equal(p.packetsOut, 728 + 23);
    assert.equal(p.cpuNs, Math.round(442 * k + 132 * call + copy(300 + MIB) + once));
  });

  it('1 MiB PUT, fresh: the body is read and written chunk by chunk, GRO in and TSO out', () => {
    // conn 0: F 729 / R 23 as above. conn 1: SYN + [hs ACK + 725] + quick ACK of the response = 728; SYN-ACK + 20 ACKs + response = 22.
    // Units: conn0 in 1+1+20+2, out 23; conn1 out 1+1+20+1, in 1+20+1 = 92.
    const r = run('l7-proxy', { method: 'PUT', size: '1MiB', requests: 1 });
    const p = traffic(r, 'proxy');
    assert.equal(p.packetsIn, 729 + 22);
    assert.equal(p.packetsOut, 23 + 728);
    assert.equal(p.cpuNs, Math.round(92 * k + 132 * call + copy(300 + MIB) + once));
    const s = traffic(r, 'server');
    assert.equal(s.packetsIn, 728);
    assert.equal(s.packetsOut, 22);
  });

  it('client-side: one registry lookup (a query in, a reply sized by membership out), then direct', () => {
    const r = run('client-side', { method: 'GET', size: '1KiB', requests: 1 });
    const reg = traffic(r, 'registry');
    assert.equal(reg.packetsIn, 1);
    // reply = 200 B + 64 B × 2 members = 328 B → 1 packet (40 B TCP/IP + 38 B Ethernet)
    assert.equal(reg.packetsOut, 1);
    assert.equal(reg.bytesOut, 328 + 78);
    assert.equal(reg.cpuNs, 50_000);
  });
});
