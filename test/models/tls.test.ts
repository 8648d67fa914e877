import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROFILES } from '../../sim/calibration/profiles/index.js';
import type { Mode, RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * TLS CPU per request, by hand (sim/models/tls.ts; modern profile): one 1 KiB GET on a fresh
 * connection, TLS on against TLS off. The end that terminates the client's TLS (haproxy in
 * l7-proxy, the Swift proxy server elsewhere) pays
 *   the full handshake                                   763,000 ns
 *   the request, 300 B in one record:   600 + (300 + 22) × 1.44 =   1,063.68 ns
 *   the response, 1,324 B in one record: 600 + (1,324 + 22) × 1.44 = 2,538.24 ns
 *   total                                                 766,601.92 ns
 * and nobody else pays anything. A resumed session pays 64,100 ns instead of 763,000
 * (67,701.92 ns in all). With `reencrypt`, haproxy also seals the request and opens the response
 * on its server connection and resumes a session there (+67,701.92 ns), and the server pays the
 * same 67,701.92 ns. Each CPU job is rounded to whole ns, so the differences are within 2 ns.
 * The client waits one more round trip (TLS 1.3) before its request leaves.
 */
const T = PROFILES.modern.tls;
const record = (bytes: number) => T.recordNs + (bytes + T.recordOverheadBytes) * T.cipherNsPerByte;
const RECORDS = record(300) + record(1_324);
const FULL = T.fullHandshakeNs + RECORDS;
const RESUMED = T.resumedHandshakeNs + RECORDS;

function run(mode: Mode, tls: Record<string, unknown> | undefined): RunResult {
  return runScenario(parseScenario({
    name: 'tls-one', description: 'one small GET', modes: [mode], run: { duration: '10s', warmup: '0s', maxRequests: 1 },
    workload: { groups: [{ name: 'c', clients: 1, arrival: { kind: 'closed', think: { kind: 'constant', value: '1ms' } }, mix: { GET: 1 }, objectSize: { kind: 'constant', value: '1KiB' }, requestsPerConnection: 1, rtt: '10ms' }] },
    topology: { servers: { count: 1 }, frontEnd: { count: 1 } },
    ...(tls === undefined ? {} : { tls }),
  }), { mode });
}

/** Extra CPU per node with TLS, by node id prefix. */
function extraCpu(on: RunResult, off: RunResult): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of on.traffic) out.set(t.node.replace(/-\d+$/, ''), t.cpuNs - off.traffic.find((x) => x.node === t.node)!.cpuNs);
  return out;
}

const near = (actual: number | undefined, expected: number, what: string) => assert.ok(actual !== undefined && Math.abs(actual - expected) <= 2, `${what}: ${actual} vs ${expected}`);

describe('TLS CPU per request, hand-computed, every mode', () => {
  for (const mode of ['rr-dns', 'client-side', 'l7-proxy', 'lvs-nat', 'lvs-tun', 'lvs-dr'] as const) {
    it(`${mode}: the ${mode === 'l7-proxy' ? 'proxy' : 'server'} pays a full handshake and two records; one more round trip`, () => {
      const off = run(mode, undefined);
      const on = run(mode, { enabled: true });
      const extra = extraCpu(on, off);
      const terminator = mode === 'l7-proxy' ? 'proxy' : 'server';
      near(extra.get(terminator), FULL, terminator);
      for (const [node, ns] of extra) if (node !== terminator) assert.equal(ns, 0, `${node} pays nothing`);
      const waitedMs = on.latencyMs.mean - off.latencyMs.mean;
      assert.ok(waitedMs >= 10 + FULL / 1e6 && waitedMs < 10.5 + FULL / 1e6, `one more RTT and the handshake CPU: ${waitedMs} ms`);
    });
  }

  it('lvs-dr, resumed session: 64,100 ns instead of 763,000', () => {
    const extra = extraCpu(run('lvs-dr', { enabled: true, resumedFraction: 1 }), run('lvs-dr', undefined));
    near(extra.get('server'), RESUMED, 'server');
  });

  it('l7-proxy re-encrypting: haproxy seals towards the server too, and the server opens', () => {
    const extra = extraCpu(run('l7-proxy', { enabled: true, reencrypt: true }), run('l7-proxy', undefined));
    near(extra.get('proxy'), FULL + RESUMED, 'proxy');
    near(extra.get('server'), RESUMED, 'server');
  });

  it('reencrypt needs TLS on', () => {
    assert.throws(() => run('l7-proxy', { reencrypt: true }), /tls\.enabled/);
  });
});
