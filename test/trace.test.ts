import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mode } from '../sim/result.js';
import { parseScenario } from '../sim/scenario/load.js';
import type { RequestTrace } from '../sim/stats/request-trace.js';
import { traceRequest } from '../sim/trace.js';

/**
 * One small GET on a fresh connection, traced from t=0 (every cache empty) in each mode: the
 * hops its packets take, in wire order, as (message, from → to, src → dst, outer header, MAC).
 * These are structural facts of each mode's path that do not depend on how TCP packs ACKs: which
 * nodes, which rewrites, which direction, which connection.
 */
interface Hop {
  readonly kind: string;
  readonly conn: number;
  readonly from: string;
  readonly to: string;
  readonly src: string;
  readonly dst: string;
  readonly outer: string | null;
  readonly ethDst: string;
}

function trace(mode: Mode, extra: Record<string, unknown> = {}): RequestTrace {
  const scenario = parseScenario({
    name: 'paths', description: 'one small GET per mode', modes: [mode], run: { duration: '0.3s', warmup: '0.1s' },
    workload: { groups: [{ name: 'g', clients: 20, arrival: { kind: 'poisson', rate: 200 }, mix: { GET: 1 }, objectSize: { kind: 'constant', value: '2KiB' } }] },
    topology: { servers: { count: 3 } },
    ...extra,
  }, 'paths');
  const t = traceRequest(scenario, mode, { fromNs: 0 }).trace;
  assert.ok(t !== null && t.completedMs !== null, 'a request was traced to its end');
  assert.equal(t.method, 'GET');
  return t;
}

/** Legs of the four TCP messages in the order their first packet left (ACK-only traffic aside). */
function hops(t: RequestTrace): Hop[] {
  return t.messages
    .filter((m) => ['syn', 'syn-ack', 'request', 'response'].includes(m.kind))
    .flatMap((m) => m.legs.map((l) => ({ m, l })))
    .filter(({ l }) => l.steps.length > 0)
    .sort((a, b) => a.l.steps[0]!.startMs - b.l.steps[0]!.startMs)
    .map(({ m, l }) => ({ kind: m.kind, conn: l.connection, from: l.from, to: l.to, src: l.headers.src, dst: l.headers.dst, outer: l.headers.outer === null ? null : `${l.headers.outer.src} → ${l.headers.outer.dst}`, ethDst: l.headers.ethDst }));
}

const path = (hs: readonly Hop[]) => hs.map((h) => `${h.kind} ${h.from}→${h.to}`);
const VIP = '192.0.2.10:80';
const RIP = /^10\.0\.1\.\d+:80$/;
const CLIENT = /^203\.0\.113\.\d+:\d+$/;

describe('trace: each mode\'s path for one small GET on a fresh connection', () => {
  it('lvs-nat: both directions through the director, destination rewritten in, source rewritten out', () => {
    const t = trace('lvs-nat');
    const s = t.server;
    const hs = hops(t);
    assert.deepEqual(path(hs), [
      'syn clients-g→director-0', `syn director-0→${s}`, `syn-ack ${s}→director-0`, 'syn-ack director-0→clients-g',
      'request clients-g→director-0', `request director-0→${s}`, `response ${s}→director-0`, 'response director-0→clients-g',
    ]);
    for (const [inbound, outbound, back, out] of [hs.slice(0, 4), hs.slice(4, 8)]) {
      assert.equal(inbound!.dst, VIP, 'the client addresses the VIP');
      assert.match(outbound!.dst, RIP, 'the director rewrote the destination to the real server');
      assert.equal(outbound!.src, inbound!.src, 'the source (the client) is left alone on the way in');
      assert.match(back!.src, RIP, 'the server answers from its own address, to the client, via the director');
      assert.equal(back!.dst, inbound!.src);
      assert.equal(out!.src, VIP, 'the director rewrote the source back to the VIP');
      assert.equal(out!.dst, inbound!.src);
      assert.equal(inbound!.outer, null);
    }
  });

  it('lvs-tun: an outer header director → server, the reply from the VIP straight to the client', () => {
    const t = trace('lvs-tun');
    const s = t.server;
    const hs = hops(t);
    assert.deepEqual(path(hs), ['syn clients-g→director-0', `syn director-0→${s}`, `syn-ack ${s}→clients-g`, 'request clients-g→director-0', `request director-0→${s}`, `response ${s}→clients-g`]);
    const [, tunnelled, reply] = hs;
    assert.match(tunnelled!.outer ?? '', /^10\.0\.0\.1 → 10\.0\.1\.\d+$/, 'outer header from the director to the real server');
    assert.equal(tunnelled!.dst, VIP, 'the inner packet is untouched');
    assert.equal(reply!.src, VIP);
    assert.match(reply!.dst, CLIENT);
    assert.equal(reply!.outer, null);
  });

  it('lvs-dr: same IP header, only the destination MAC changes; the reply goes direct', () => {
    const t = trace('lvs-dr');
    const s = t.server;
    const hs = hops(t);
    assert.deepEqual(path(hs), ['syn clients-g→director-0', `syn director-0→${s}`, `syn-ack ${s}→clients-g`, 'request clients-g→director-0', `request director-0→${s}`, `response ${s}→clients-g`]);
    const [toDirector, toServer, reply] = hs;
    assert.deepEqual([toServer!.src, toServer!.dst], [toDirector!.src, toDirector!.dst], 'IP addresses unchanged');
    assert.equal(toDirector!.ethDst, 'front-end-0');
    assert.equal(toServer!.ethDst, s, 'the frame is re-addressed to the real server\'s MAC');
    assert.equal(toServer!.outer, null);
    assert.equal(reply!.src, VIP);
  });

  it('l7-proxy: two TCP connections, each with its own handshake and addresses', () => {
    const t = trace('l7-proxy', { proxy: { serverConnections: 'per-request' } });
    const s = t.server;
    const hs = hops(t);
    assert.deepEqual(hs.map((h) => `${h.kind}/${h.conn} ${h.from}→${h.to}`), [
      'syn/0 clients-g→proxy-0', 'syn-ack/0 proxy-0→clients-g', 'request/0 clients-g→proxy-0',
      `syn/1 proxy-0→${s}`, `syn-ack/1 ${s}→proxy-0`, `request/1 proxy-0→${s}`, `response/1 ${s}→proxy-0`, 'response/0 proxy-0→clients-g',
    ]);
    const client = hs.filter((h) => h.conn === 0);
    const server = hs.filter((h) => h.conn === 1);
    assert.ok(client.every((h) => h.src === VIP || h.dst === VIP), 'the client only ever talks to the VIP');
    assert.ok(server.every((h) => /^10\.0\.0\.1:\d+$/.test(h.src) || /^10\.0\.0\.1:\d+$/.test(h.dst)), 'the server only ever talks to the proxy\'s own address');
    assert.ok(server.every((h) => !CLIENT.test(h.src) && !CLIENT.test(h.dst)), 'no client address on the second connection');
  });

  it('rr-dns: a DNS query to the resolver first, then straight to a real server\'s address', () => {
    const t = trace('rr-dns');
    assert.equal(t.lookups.length, 1);
    const [dns] = t.lookups;
    assert.equal(dns!.service, 'dns');
    assert.equal(dns!.node, 'resolver-resolver');
    assert.notEqual(dns!.source, 'client-cache', 'nothing cached at t=0');
    assert.equal(dns!.server, t.server, 'the client connects to the first address of the answer');
    const hs = hops(t);
    assert.ok(dns!.endMs <= t.messages[0]!.legs[0]!.steps[0]!.startMs, 'the lookup ends before the SYN leaves');
    assert.deepEqual(path(hs), [`syn clients-g→${t.server}`, `syn-ack ${t.server}→clients-g`, `request clients-g→${t.server}`, `response ${t.server}→clients-g`]);
    assert.match(hs[0]!.dst, RIP, 'the client addresses the real server itself');
  });

  it('client-side: a registry lookup first, then straight to the server the client picked', () => {
    const t = trace('client-side');
    assert.equal(t.lookups.length, 1);
    assert.deepEqual([t.lookups[0]!.service, t.lookups[0]!.node, t.lookups[0]!.source], ['registry', 'registry', 'registry']);
    const hs = hops(t);
    assert.ok(t.lookups[0]!.endMs <= t.messages[0]!.legs[0]!.steps[0]!.startMs);
    assert.deepEqual(path(hs), [`syn clients-g→${t.server}`, `syn-ack ${t.server}→clients-g`, `request clients-g→${t.server}`, `response ${t.server}→clients-g`]);
    assert.match(hs[0]!.dst, RIP);
  });
});
