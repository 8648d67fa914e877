import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { World } from '../../sim/models/world.js';
import type { Mode, RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * Where a front end's CPU work runs (docs/model.md, "RSS"): with `rss.irqCores` the receive
 * queues' softirq work runs on cores of its own (`<node>.irq-cpu`), the rest on the others
 * (`<node>.cpu`). One 1 KiB GET on a fresh connection, closed after it, with round costs:
 * 1 µs per packet, 10 µs per request, 100 µs per connect(), 1 ms per accept(), 10 ns per call,
 * 1 ns per byte copied.
 *
 * By hand, haproxy (18 packets through its stack, test/models/packet-paths.test.ts):
 *  - client side, in: SYN, handshake ACK, the GET, the client's quick ACK and FIN (5, softirq);
 *    out: SYN-ACK, the quick ACK of the GET, the last ACK (3, softirq: the kernel sends them),
 *    and the response with FIN (1, process: haproxy writes it and closes);
 *  - server side, out: SYN (connect()) and the GET (process), the handshake ACK (softirq), the
 *    quick ACK of the response (softirq) and haproxy's FIN (close(), process); in: SYN-ACK, the
 *    server's quick ACK, the response with its FIN, the last ACK (4, softirq).
 *  softirq: 14 packets = 14,000 ns.
 *  process: 4 packets 4,000 + request 10,000 + connect() 100,000 + accept() 1,000,000
 *           + 4 calls × 10 + copies 2 × (300 + 1,324) B × 1 ns (each byte in and out) = 1,117,288 ns.
 * lvs-dr director: 5 packets forwarded (SYN, handshake ACK, GET, quick ACK, FIN) at 1 µs each
 * (modern DR) and 1 µs to schedule the connection: 6,000 ns, all softirq.
 */
function run(mode: Mode, irqCores: number | null): { result: RunResult; world: World } {
  let world: World | null = null;
  const result = runScenario(parseScenario({
    name: 'cpu-contexts', description: 'one small GET', modes: [mode], run: { duration: '10s', warmup: '0s', maxRequests: 1 },
    workload: { groups: [{ name: 'c', clients: 1, arrival: { kind: 'closed', think: { kind: 'constant', value: '1ms' } }, mix: { GET: 1 }, objectSize: { kind: 'constant', value: '1KiB' }, requestsPerConnection: 1 }] },
    topology: { servers: { count: 1 }, frontEnd: { count: 1, cores: 4, ...(irqCores === null ? {} : { rss: { irqCores } }) } },
    proxy: { serverConnections: 'per-request' },
    costs: { proxy: { kernelNsPerPacket: 1_000, requestNs: 10_000, connectNs: 100_000, acceptNs: 1_000_000, syscallNs: 10, copyNsPerByte: 1 } },
  }), { mode, setup: (w) => { world = w; } });
  return { result, world: world! };
}

const work = (w: World) => {
  const node = w.frontEndNodes[0]!;
  return { process: node.cpu!.snapshot().work, softirq: node.irqCpu?.snapshot().work ?? 0, cores: node.cpu!.servers, irqCores: node.irqCpu?.servers ?? 0 };
};

describe('front-end CPU by context: softirq on the interrupt cores, the rest on the application cores', () => {
  it('haproxy: 14 packets of softirq work, the rest (4 packets, request, connect, accept, calls, copies) in process context', () => {
    const { result, world } = run('l7-proxy', 2);
    const proxy = result.traffic.find((t) => t.node === 'proxy-0')!;
    assert.equal(proxy.packetsIn + proxy.packetsOut, 18);
    const w = work(world);
    assert.deepEqual(w, { process: 1_117_288, softirq: 14_000, cores: 2, irqCores: 2 });
    assert.equal(proxy.cpuNs, 1_131_288);
  });

  it('haproxy without RSS: the same total on one pool of all four cores', () => {
    const { result, world } = run('l7-proxy', null);
    assert.deepEqual(work(world), { process: 1_131_288, softirq: 0, cores: 4, irqCores: 0 });
    assert.equal(result.traffic.find((t) => t.node === 'proxy-0')!.cpuNs, 1_131_288);
  });

  it('haproxy with RSS but no dedicated cores: softirq and process work share the pool', () => {
    const { world } = run('l7-proxy', 0);
    assert.deepEqual(work(world), { process: 1_131_288, softirq: 0, cores: 4, irqCores: 0 });
    assert.equal(world.frontEndNodes[0]!.rxQueues!.queues, 4);
  });

  it('lvs-dr director: all its forwarding is softirq (6,000 ns), nothing on the application cores', () => {
    const { world } = run('lvs-dr', 1);
    assert.deepEqual(work(world), { process: 0, softirq: 6_000, cores: 3, irqCores: 1 });
  });

  it('a node must keep a core for its application', () => {
    assert.throws(() => run('l7-proxy', 4), /at least one core must be left for the application/);
  });
});
