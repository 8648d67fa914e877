import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

it('lvs-dr without ARP suppression: the gateway sends everything for the VIP to one real server', () => {
  const make = (arpIgnore: boolean) => parseScenario({
    name: 'arp', description: 'DR with and without arp_ignore', modes: ['lvs-dr'],
    run: { duration: '1s', warmup: '0.2s' }, lvs: { arpIgnore },
    workload: { groups: [{ name: 'g', clients: 100, arrival: { kind: 'poisson', rate: 2000 } }] },
    topology: { servers: { count: 4 } },
  }, 'arp');
  const good = runScenario(make(true), { mode: 'lvs-dr' });
  const bad = runScenario(make(false), { mode: 'lvs-dr' });
  assert.ok(good.imbalance.maxOverMean < 1.2);
  assert.equal(bad.imbalance.maxOverMean, 4, 'one of four servers takes every request');
  assert.ok(!bad.traffic.some((t) => t.node.startsWith('director')), 'the director is bypassed');
});
