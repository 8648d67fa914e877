import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mode } from '../../sim/result.js';
import { parseScenario } from '../../sim/scenario/load.js';
import type { RequestTrace } from '../../sim/stats/request-trace.js';
import { traceRequest } from '../../sim/trace.js';
import { formatTrace } from '../../reports/trace-text.js';

function trace(mode: Mode, extra: Record<string, unknown> = {}): RequestTrace {
  const scenario = parseScenario({
    name: 'trace', description: 'one GET traced', modes: [mode], run: { duration: '0.5s', warmup: '0.1s' },
    workload: { groups: [{ name: 'g', clients: 20, arrival: { kind: 'poisson', rate: 500 }, mix: { GET: 1 }, objectSize: { kind: 'constant', value: '64KiB' } }] },
    topology: { servers: { count: 2 } },
    ...extra,
  }, 'trace');
  const t = traceRequest(scenario, mode).trace;
  assert.ok(t !== null && t.completedMs !== null, 'a request was traced to its end');
  return t;
}

const legsOf = (t: RequestTrace, kind: string) => t.messages.find((m) => m.kind === kind)!.legs;

describe('request traces show each mode\'s packet path', () => {
  it('lvs-nat: DNAT on the way in, replies via the director with SNAT', () => {
    const t = trace('lvs-nat');
    const [toDirector, toServer] = legsOf(t, 'request');
    assert.equal(toDirector!.headers.dst, '192.0.2.10:80');
    assert.match(toServer!.headers.dst, /^10\.0\.1\.\d+:80$/, 'destination rewritten to a real server');
    const response = legsOf(t, 'response');
    assert.deepEqual(response.map((l) => `${l.from}→${l.to}`), [`${t.server}→director-0`, 'director-0→clients-g']);
    assert.equal(response[1]!.headers.src, '192.0.2.10:80', 'source rewritten back to the VIP');
    // 64 KiB + 300 B of headers in 46 segments, plus the ACK of the request.
    assert.equal(response[0]!.packets.filter((p) => p.payloadBytes > 0).length, 46);
  });
  it('lvs-dr: only the MAC changes, the reply goes straight to the client from the VIP', () => {
    const t = trace('lvs-dr');
    const [, toServer] = legsOf(t, 'request');
    assert.equal(toServer!.headers.dst, '192.0.2.10:80');
    assert.equal(toServer!.headers.ethDst, t.server);
    const response = legsOf(t, 'response');
    assert.equal(response.length, 1);
    assert.equal(response[0]!.headers.src, '192.0.2.10:80');
  });
  it('lvs-tun: an outer header to the real server, 20 B more per packet', () => {
    const t = trace('lvs-tun');
    const [toDirector, toServer] = legsOf(t, 'request');
    assert.ok(toServer!.headers.outer !== null);
    assert.equal(toServer!.packets[0]!.wireBytes - toDirector!.packets[0]!.wireBytes, 20);
  });
  it('l7-proxy: a second connection with its own handshake, every step charged at the proxy', () => {
    const t = trace('l7-proxy', { proxy: { serverConnections: 'per-request' } });
    assert.ok(t.messages.some((m) => m.kind === 'syn' && m.connection === 1), 'the proxy opens its own connection');
    const [, toServer] = legsOf(t, 'request');
    assert.match(toServer!.headers.src, /^10\.0\.0\.1:\d+$/);
    const text = formatTrace(t);
    assert.match(text, /proxy-0\.cpu cpu/);
    assert.match(text, /object-server round trip/);
  });
  it('rr-dns: the client talks to a real server address directly', () => {
    const t = trace('rr-dns');
    assert.match(legsOf(t, 'request')[0]!.headers.dst, /^10\.0\.1\.\d+:80$/);
  });
});
