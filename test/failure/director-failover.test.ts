import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { masterDownIntervalNs } from '../../sim/failure/vrrp-timing.js';
import type { World } from '../../sim/models/world.js';
import type { Mode } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

// Clients here do not retry (retries: 0): each refused or lost request ends as an error, which is
// what these tests count; with the default policy (5 retries) most of them would be hidden.

/**
 * A director pair under VRRP; the master crashes. The backup takes the address over after
 * Master_Down_Interval. Without sync every kept-alive connection that comes back through it is
 * reset; with sync those the old master had synced (the rule: 3rd inbound packet, messages sent
 * when full or after 2 s) carry on, in the share the backup knew at the crash.
 */
const CRASH_S = 3;

function scenario(mode: Mode, sync: boolean) {
  return parseScenario({
    name: 'director-failover',
    description: 'the master director crashes',
    modes: [mode],
    run: { duration: '9s', warmup: '1s' },
    // Many clients, each sending a request every 5 s on average over one long keep-alive connection:
    // most connections sit idle through the takeover and come back through the new master.
    workload: { groups: [{ name: 'web', clients: 3000, retries: 0, arrival: { kind: 'poisson', rate: 600 }, requestsPerConnection: 1000, timeout: '1s' }] },
    topology: { servers: { count: 8 }, frontEnd: { count: 2 } },
    ha: { vrrp: { version: 2, priorities: [150, 100] }, sync },
    faults: [{ id: 'director-0', kind: 'crash', target: 'front-end-0', at: `${CRASH_S}s` }],
  }, 'failover.yaml');
}

function runWithSnapshot(mode: Mode, sync: boolean) {
  const snap = { idle: 0, known: 0 };
  let w: World | null = null;
  const r = runScenario(scenario(mode, sync), {
    mode,
    setup: (world: World) => (w = world).sim.scheduleAt(CRASH_S * 1e9, () => {
      for (const g of world.groups) for (const c of g.clients) for (const conn of c.idle) {
        if (conn.frontEnd !== 0) continue;
        snap.idle++;
        if (world.ha!.sync?.[0]!.knows(conn)) snap.known++;
      }
    }, undefined, -1),
  });
  return { r, snap, ha: (w as World | null)!.ha! };
}

describe('director failover under VRRP', () => {
  it('the backup takes over after Master_Down_Interval; without sync every returning connection is reset', () => {
    const { r, snap, ha } = runWithSnapshot('lvs-dr', false);
    const f = r.faults![0]!;
    assert.equal(ha.survived, 0);
    assert.ok(ha.broken > 100 && f.failed >= ha.broken, `${ha.broken} connections reset, ${f.failed} requests failed`);
    const mdiS = masterDownIntervalNs(2, 100, 1e9) / 1e9;
    assert.ok(f.detectedAfterSeconds! > mdiS - 1 && f.detectedAfterSeconds! <= mdiS + 0.001, `takeover after ${f.detectedAfterSeconds} s`);
    assert.equal(snap.known, 0);
    assert.ok(snap.idle > 100, `${snap.idle} idle connections on the master at the crash`);
    assert.ok(f.failed > 100, `${f.failed} requests reset`);
    const q = r.requests;
    assert.equal(q.issued, q.completed + q.failed + q.timedOut + q.inFlight);
    // Requests sent while no box held the address were lost: they time out.
    assert.ok(f.timedOut > 0);
  });

  it('with sync the connections the backup had learned survive, in the share the rule predicts', () => {
    const none = runWithSnapshot('lvs-dr', false);
    const { r, snap, ha } = runWithSnapshot('lvs-dr', true);
    const p = snap.known / snap.idle;
    assert.ok(p > 0.3 && p < 1, `the backup knew ${snap.known} of ${snap.idle} idle connections`);
    // Idle connections come back in random order, so the share that survives is the share it knew.
    const n = ha.survived + ha.broken;
    const share = ha.survived / n;
    assert.ok(n > 100 && Math.abs(share - p) <= 3 * Math.sqrt((p * (1 - p)) / n) + 0.02, `${ha.survived} of ${n} survived (${share.toFixed(3)}), the rule predicts ${p.toFixed(3)}`);
    const f = r.faults![0]!;
    assert.ok(f.failed < none.r.faults![0]!.failed, `${f.failed} reset with sync vs ${none.r.faults![0]!.failed} without`);
    const q = r.requests;
    assert.equal(q.issued, q.completed + q.failed + q.timedOut + q.inFlight);
  });

  it('a haproxy pair shares nothing: every returning client connection is reset', () => {
    const { r } = runWithSnapshot('l7-proxy', true);
    assert.ok(r.faults![0]!.failed > 100);
    assert.ok(r.faults![0]!.detectedAfterSeconds !== null);
  });
});
