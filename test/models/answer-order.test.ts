import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bindRandomOrder, rfc6724Order } from '../../sim/models/answer-order.js';
import type { World } from '../../sim/models/world.js';
import type { Mode, RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

describe('BIND 9.18/9.20 random rrset order', () => {
  it('swaps position i with i + (r mod (n − i)), one r per answer (worked by hand)', () => {
    // r = 5 over [0,1,2,3]: i=0 swaps 0↔1 → [1,0,2,3]; i=1 swaps 1↔3 → [1,3,2,0]; i=2 swaps 2↔3 → [1,3,0,2]; i=3 stays.
    assert.deepEqual(bindRandomOrder([0, 1, 2, 3], 5), [1, 3, 0, 2]);
    // r = 7 over [10,20,30]: i=0 swaps 0↔1 → [20,10,30]; i=1 swaps 1↔2 → [20,30,10].
    assert.deepEqual(bindRandomOrder([10, 20, 30], 7), [20, 30, 10]);
    assert.deepEqual(bindRandomOrder([4], 123456789), [4]);
    assert.deepEqual(bindRandomOrder([], 3), []);
  });

  it('the first address is records[r mod n]: uniform; but with 4 records only 12 of the 24 orders ever appear', () => {
    const firsts = new Map<number, number>();
    const orders = new Set<string>();
    // r mod 4, r mod 3 and r mod 2 decide the order, so r = 0..11 gives every reachable one, each once.
    for (let r = 0; r < 12; r++) {
      const order = bindRandomOrder([0, 1, 2, 3], r);
      assert.equal(order[0], r % 4);
      firsts.set(order[0]!, (firsts.get(order[0]!) ?? 0) + 1);
      orders.add(order.join());
    }
    assert.deepEqual([...firsts.values()], [3, 3, 3, 3]);
    assert.equal(orders.size, 12);
    for (let r = 12; r < 200; r++) assert.ok(orders.has(bindRandomOrder([0, 1, 2, 3], r).join()));
  });
});

describe('glibc RFC 6724 sorting of IPv4 answers', () => {
  it('moves the addresses on the client\'s subnet to the front, the rest keep their order', () => {
    assert.deepEqual(rfc6724Order([2, 0, 3, 1], new Set([3])), [3, 2, 0, 1]);
    assert.deepEqual(rfc6724Order([2, 0, 3, 1], new Set([1, 2])), [2, 1, 0, 3]);
    assert.deepEqual(rfc6724Order([2, 0, 3, 1], new Set()), [2, 0, 3, 1]);
  });
});

// Clients here do not retry (retries: 0).
function run(mode: Mode, extra: { order?: string; sameSubnet?: string[]; faults?: unknown[]; ttl?: string; nextAddress?: boolean }, setup?: (w: World) => void): RunResult {
  const s = parseScenario({
    name: 'answer-order',
    description: 'who gets the clients of one resolver',
    modes: [mode],
    run: { duration: '4s', warmup: '0.5s' },
    workload: {
      groups: [{
        name: 'web', clients: 400, retries: 0, arrival: { kind: 'poisson', rate: 1000 }, requestsPerConnection: 1, timeout: '1s',
        ...(extra.sameSubnet ? { sameSubnet: extra.sameSubnet } : {}), dnsFailover: { nextAddress: extra.nextAddress ?? false },
      }],
    },
    topology: { servers: { count: 8 } },
    registry: { refresh: '0.5s' },
    dns: { ttl: extra.ttl ?? '60s', resolvers: [{ name: 'site', ...(extra.order ? { order: extra.order } : {}) }] },
    faults: extra.faults ?? [],
  }, 'order.yaml');
  const r = runScenario(s, { mode, ...(setup ? { setup } : {}) });
  const q = r.requests;
  assert.equal(q.issued, q.completed + q.failed + q.timedOut + q.inFlight);
  return r;
}

describe('answer order in a run (rr-dns, one resolver, one cached answer)', () => {
  it('fixed: every client gets the same first address; random (BIND) and cyclic spread them', () => {
    assert.ok(run('rr-dns', {}).imbalance.maxOverMean > 7.9);
    const random = run('rr-dns', { order: 'random' }).imbalance.maxOverMean;
    assert.ok(random < 1.4, `random: max/mean ${random}`);
    assert.ok(run('rr-dns', { order: 'cyclic' }).imbalance.maxOverMean < 1.2);
  });

  it('RFC 6724: clients on server-3\'s subnet all pick it, and all keep hitting it when it refuses', () => {
    const local = run('rr-dns', { order: 'random', sameSubnet: ['server-3'] });
    assert.equal(local.servers[3]!.share, 1);
    const refuse = [{ kind: 'refuse', target: 'server-3', at: '1.5s' }];
    const localFails = run('rr-dns', { order: 'random', sameSubnet: ['server-3'], faults: refuse }).requests.failed;
    const spreadFails = run('rr-dns', { order: 'random', faults: refuse }).requests.failed;
    // 2.5 s × 1000/s after the fault: all of them from the subnet, about 1 in 8 otherwise.
    assert.ok(localFails > 2300, `${localFails} failed on the subnet`);
    assert.ok(spreadFails > 200 && spreadFails < 450, `${spreadFails} failed elsewhere`);
    // Trying the next address (the one after server-3 in the sorted answer): only requests already under way at the fault fail.
    const next = run('rr-dns', { order: 'random', sameSubnet: ['server-3'], faults: refuse, nextAddress: true });
    assert.ok(next.requests.failed < 20, `${next.requests.failed} failed trying the next address`);
  });
});

describe('faults that change data: a record or a member added at a time', () => {
  const firstAt = (mode: Mode, faults: unknown[], ttl: string) => {
    let first = Number.POSITIVE_INFINITY;
    run(mode, { order: 'cyclic', faults, ttl }, (w) => {
      const s = w.servers[7]!;
      const receive = s.receive.bind(s);
      s.receive = (req, conn) => {
        first = Math.min(first, w.sim.nowNs);
        receive(req, conn);
      };
    });
    return first / 1e9;
  };

  it('rr-dns: server-7 gets no request before its A record is added, and some within a TTL after', () => {
    const t = firstAt('rr-dns', [{ kind: 'dns-records', add: ['server-7'], at: '2s' }], '0.5s');
    assert.ok(t >= 2 && t <= 2.5 + 0.05, `first request at ${t} s`);
  });

  it('client-side: server-7 gets no request before the registry lists it, and some within a refresh after', () => {
    const t = firstAt('client-side', [{ kind: 'registry-membership', add: ['server-7'], at: '2s' }], '60s');
    assert.ok(t >= 2 && t <= 2.5 + 0.05, `first request at ${t} s`);
  });
});
