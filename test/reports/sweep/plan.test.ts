import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeManifest } from '../../../reports/sweep/manifest.js';
import { gridPoints, planSweep } from '../../../reports/sweep/plan.js';
import { inShard, parseShard } from '../../../reports/sweep/shard.js';
import { canonicalJson } from '../../../reports/sweep/content-hash.js';
import { smallScenario } from '../cli/helpers.js';

const manifest = (axes: { path: string; values: (number | string)[] }[], modes = ['lvs-dr', 'rr-dns'] as const, replications: number | null = 2) =>
  makeManifest({ scenarioFile: 's.json', scenario: smallScenario(), axes, modes: [...modes], seed: null, replications });

describe('the work list of a sweep', () => {
  it('is the grid (first axis outermost) × modes × replications, in that canonical order', () => {
    assert.deepEqual(gridPoints([{ values: [1, 2] }, { values: ['a', 'b', 'c'] }]), [[1, 'a'], [1, 'b'], [1, 'c'], [2, 'a'], [2, 'b'], [2, 'c']]);
    const plan = planSweep(manifest([{ path: 'topology.servers.count', values: [1, 3] }]));
    assert.deepEqual(plan.items.map((i) => i.label), [
      'lvs-dr r0 topology.servers.count=1', 'lvs-dr r1 topology.servers.count=1', 'rr-dns r0 topology.servers.count=1', 'rr-dns r1 topology.servers.count=1',
      'lvs-dr r0 topology.servers.count=3', 'lvs-dr r1 topology.servers.count=3', 'rr-dns r0 topology.servers.count=3', 'rr-dns r1 topology.servers.count=3',
    ]);
    assert.deepEqual(plan.items.map((i) => i.index), [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(new Set(plan.items.map((i) => i.key)).size, 8, 'keys are distinct');
    assert.equal((plan.items[4]!.scenario as { topology: { servers: { count: number } } }).topology.servers.count, 3);
  });

  it('keys a point by what determines its result, not by its place in the grid', () => {
    const narrow = planSweep(manifest([{ path: 'topology.servers.count', values: [3] }]));
    const wide = planSweep(manifest([{ path: 'topology.servers.count', values: [1, 3] }]));
    assert.deepEqual(narrow.items.map((i) => i.key), wide.items.slice(4).map((i) => i.key));
    const reseeded = planSweep(makeManifest({ ...manifest([{ path: 'topology.servers.count', values: [3] }]), seed: 9 }));
    assert.ok(reseeded.items.every((item, i) => item.key !== narrow.items[i]!.key));
  });

  it('splits into shards that cover every item exactly once', () => {
    const items = planSweep(manifest([{ path: 'topology.servers.count', values: [1, 2, 3] }])).items;
    const counts = items.map((item) => [0, 1, 2, 3, 4].filter((i) => inShard({ index: i, count: 5 }, item.index)).length);
    assert.ok(counts.every((c) => c === 1));
    assert.deepEqual(parseShard('2/5'), { index: 2, count: 5 });
    for (const bad of ['5/5', '1', 'a/b', '0/0', '-1/2']) assert.throws(() => parseShard(bad), /--shard/, bad);
  });

  it('names the grid point whose scenario is invalid', () => {
    assert.throws(() => planSweep(manifest([{ path: 'balancing.lvs', values: ['wlc', 'bogus'] }])), /^UsageError: sweep point balancing\.lvs=bogus: s\.json: balancing\.lvs: /);
  });

  it('has a sweep id that ignores key order and the scenario file name', () => {
    const a = manifest([{ path: 'dns.ttl', values: ['1s'] }]);
    const b = makeManifest({ ...a, scenarioFile: 'elsewhere/s.json', scenario: JSON.parse(JSON.stringify(smallScenario(), Object.keys(smallScenario()).reverse())) });
    assert.equal(a.sweepId, b.sweepId);
    assert.equal(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] }), '{"a":[{"c":2,"d":1}],"b":1}');
  });
});
