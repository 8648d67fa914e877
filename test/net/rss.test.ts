import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { World } from '../../sim/models/world.js';
import type { Mode, RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * RSS on the real servers (sim/net/rss.ts): one 8-core server, 8 receive queues, small GETs on
 * many short connections. Under LVS-DR each connection's packets hash to their own queue, so the
 * receive softirq work spreads over all eight cores; under LVS-TUN the NIC hashes the outer
 * header (director → server), the same for every packet, so it all lands on one queue's core,
 * unless the scenario says the NIC hashes inner headers.
 */
function run(mode: Mode, extra: { tunnelInnerHash?: boolean; kernelNsPerPacket?: number; rate?: number; irqCores?: number } = {}): { result: RunResult; work: number[]; world: World } {
  let world: World | null = null;
  const result = runScenario(parseScenario({
    name: 'rss', description: 'RSS spread on one server', modes: [mode], run: { duration: '0.3s', warmup: '0.1s' },
    workload: { groups: [{ name: 'c', clients: 400, arrival: { kind: 'poisson', rate: extra.rate ?? 4_000 }, mix: { GET: 1 }, objectSize: { kind: 'constant', value: '1KiB' }, requestsPerConnection: 1 }] },
    topology: { servers: { count: 1, cores: 8, rss: { queues: 8, ...(extra.tunnelInnerHash === undefined ? {} : { tunnelInnerHash: extra.tunnelInnerHash }), ...(extra.irqCores === undefined ? {} : { irqCores: extra.irqCores }) } } },
    costs: { server: { requestNs: { GET: 10_000, PUT: 10_000, HEAD: 10_000, DELETE: 10_000 }, ...(extra.kernelNsPerPacket === undefined ? {} : { kernelNsPerPacket: extra.kernelNsPerPacket }) } },
  }), { mode, setup: (w) => { world = w; } });
  return { result, work: (world as World | null)!.servers[0]!.node.rxQueues!.workByQueue(), world: world! };
}

const share = (work: number[]) => Math.max(...work) / work.reduce((a, b) => a + b, 0);

describe('RSS: receive softirq work per queue on the real servers', () => {
  it('lvs-tun: every tunnelled packet lands on one queue (outer header hashed)', () => {
    const { work } = run('lvs-tun');
    assert.equal(share(work), 1, `work per queue ${work}`);
    assert.equal(work.filter((w) => w > 0).length, 1);
  });

  it('lvs-dr: the same load spreads over all eight queues', () => {
    const { work } = run('lvs-dr');
    assert.equal(work.filter((w) => w > 0).length, 8, `work per queue ${work}`);
    assert.ok(share(work) < 0.25, `busiest queue's share ${share(work)}`);
  });

  it('lvs-tun with inner-header hashing spreads like lvs-dr', () => {
    const { work } = run('lvs-tun', { tunnelInnerHash: true });
    assert.equal(work.filter((w) => w > 0).length, 8, `work per queue ${work}`);
    assert.ok(share(work) < 0.25);
  });

  it('a heavy receive path saturates the one TUN queue while the host has cores to spare; DR does not saturate', () => {
    // 60 µs per packet in, 4,000 GETs/s of 5 packets in: 1.2 cores of softirq work, all for one
    // core under TUN (it saturates), about 0.15 per core under DR.
    const tun = run('lvs-tun', { kernelNsPerPacket: 60_000 });
    assert.equal(tun.result.bottleneck.resource, 'server-0.rx-queues', tun.result.bottleneck.evidence);
    assert.ok(tun.result.bottleneck.saturated, tun.result.bottleneck.evidence);
    const cpu = tun.result.resources.find((r) => r.id === 'server-0.cpu')!.utilization;
    assert.ok(cpu < 0.5, `the host's other cores: ${cpu}`);
    const dr = run('lvs-dr', { kernelNsPerPacket: 60_000 });
    const queues = dr.result.resources.find((r) => r.id === 'server-0.rx-queues')!;
    assert.ok(queues.utilization < 0.6, `DR's busiest queue at ${queues.utilization}`);
  });
});

/**
 * RSS on a front end (`topology.frontEnd.rss`): a 4-core director, 3 of its cores taking the
 * interrupts of 3 receive queues, 1 left for its processes (keepalived). Its forwarding is all
 * softirq work. Many short connections spread over the three queues; one client on one
 * kept-alive connection loads one.
 */
function frontEnd(clients: number, requestsPerConnection: number): number[] {
  let world: World | null = null;
  runScenario(parseScenario({
    name: 'rss-front', description: 'RSS spread on one director', modes: ['lvs-dr'], run: { duration: '0.2s', warmup: '0.05s' },
    workload: { groups: [{ name: 'c', clients, arrival: clients === 1 ? { kind: 'closed', think: { kind: 'constant', value: '1ms' } } : { kind: 'poisson', rate: 2_000 }, mix: { GET: 1 }, objectSize: { kind: 'constant', value: '1KiB' }, requestsPerConnection }] },
    topology: { servers: { count: 2 }, frontEnd: { count: 1, cores: 4, rss: { irqCores: 3 } } },
  }), { mode: 'lvs-dr', setup: (w) => { world = w; } });
  const node = (world as World | null)!.frontEndNodes[0]!;
  assert.equal(node.rxQueues!.queues, 3, 'one queue per interrupt core by default');
  assert.equal(node.cpu!.snapshot().work, 0, 'nothing on the application core');
  return node.rxQueues!.workByQueue();
}

describe('RSS with interrupt cores on a real server', () => {
  it('2 of 8 cores take the interrupts: all receive softirq work runs there, the workers on the other 6', () => {
    const { world, work } = run('lvs-dr', { irqCores: 2 });
    const node = world.servers[0]!.node;
    assert.equal(node.irqCpu!.servers, 2);
    assert.equal(node.cpu!.servers, 6);
    const softirq = work.reduce((a, b) => a + b, 0);
    assert.ok(softirq > 0);
    assert.equal(node.irqCpu!.snapshot().work, softirq, 'the interrupt cores ran exactly the queues\' work');
  });
});

describe('RSS on a front end', () => {
  it('a director: many connections spread over its three queues', () => {
    const work = frontEnd(400, 1);
    assert.equal(work.filter((w) => w > 0).length, 3, `work per queue ${work}`);
    assert.ok(share(work) < 0.5, `busiest queue's share ${share(work)}`);
  });

  it('a director: one client, closed loop on one kept-alive connection, lands on one queue', () => {
    const work = frontEnd(1, 1_000_000);
    assert.equal(work.filter((w) => w > 0).length, 1, `work per queue ${work}`);
  });
});
