import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { scaleOut } from './scale-out-run.js';

/**
 * The weaknesses of the modes without a middle box. RR-DNS: every client behind a resolver gets
 * the same cached answer until its TTL runs out, so load follows resolvers, not servers. Client-side
 * with a lookup per request: the registry is on every request's path and caps the cluster.
 */
function dnsRun(resolvers: number, ttl: string): RunResult {
  const scenario = parseScenario({
    name: 'dns-imbalance',
    description: 'clients behind resolvers, light load (no server saturates)',
    modes: ['rr-dns'],
    run: { duration: '21s', warmup: '1s' },
    workload: {
      groups: Array.from({ length: resolvers }, (_, i) => ({
        name: `g${i}`,
        clients: Math.ceil(512 / resolvers),
        arrival: { kind: 'poisson', rate: 3000 / resolvers },
        resolver: `r${i}`,
        mix: { GET: 1 },
        objectSize: { kind: 'constant', value: '16KiB' },
      })),
    },
    topology: { servers: { count: 8 } },
    dns: { ttl, resolvers: Array.from({ length: resolvers }, (_, i) => ({ name: `r${i}` })) },
  }, 'dns-imbalance');
  return runScenario(scenario, { mode: 'rr-dns' });
}

describe('rr-dns imbalance follows resolvers and TTLs', () => {
  const one60 = dnsRun(1, '60s');
  it('grows when many clients sit behind few resolvers', () => {
    const many = dnsRun(64, '60s');
    const two = dnsRun(2, '60s');
    assert.ok(one60.imbalance.maxOverMean > 4, `one resolver: ${one60.imbalance.maxOverMean}`);
    assert.ok(two.imbalance.maxOverMean < one60.imbalance.maxOverMean);
    assert.ok(many.imbalance.maxOverMean < two.imbalance.maxOverMean);
    assert.ok(many.imbalance.maxOverMean < 1.5, `64 resolvers: ${many.imbalance.maxOverMean}`);
  });
  it('shrinks with a shorter TTL', () => {
    const five = dnsRun(1, '5s');
    const one = dnsRun(1, '1s');
    assert.ok(five.imbalance.maxOverMean < one60.imbalance.maxOverMean);
    assert.ok(one.imbalance.maxOverMean < five.imbalance.maxOverMean);
    assert.ok(one.imbalance.maxOverMean < 2, `ttl 1s: ${one.imbalance.maxOverMean}`);
  });
});

describe('client-side balancing with a registry lookup on every request', () => {
  it('is capped by the registry, which is named as the bottleneck', () => {
    const perRequest = scaleOut('client-side', 32, (raw) => { raw.registry = { ...raw.registry, refresh: 'per-request' }; });
    const cached = scaleOut('client-side', 32);
    assert.equal(perRequest.bottleneck.resource, 'registry.cpu');
    // 4 cores / 50 µs per lookup = 80,000 lookups/s.
    assert.ok(Math.abs(perRequest.throughput.requestsPerSecond / 80_000 - 1) < 0.03, `${perRequest.throughput.requestsPerSecond}`);
    assert.ok(cached.throughput.requestsPerSecond > 1.5 * perRequest.throughput.requestsPerSecond);
  });
});
