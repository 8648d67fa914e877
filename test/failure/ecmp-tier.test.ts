import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EcmpTier } from '../../sim/failure/ecmp-tier.js';
import type { Connection } from '../../sim/models/request.js';
import type { World } from '../../sim/models/world.js';
import type { RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

// Clients here do not retry (retries: 0): a connection that breaks ends its request as an error.

/**
 * N directors share the VIP behind an ECMP router (docs/failure.md §4). One of them stops (its
 * route is withdrawn at once) or comes back; every kept-alive connection is routed again at its
 * next request, and breaks if it lands on a director with no state for it. Expected share of the
 * connections that come back after the change and break: (N − 1)/N with mod-N hashing, 1/N with
 * resilient hashing; the tests compare with a 99.9 % binomial interval, p ± 3.29·√(p(1 − p)/n).
 */
const N = 4;
const CHANGE_S = 3;

interface Options {
  readonly hashing: 'mod-n' | 'resilient';
  readonly sync?: boolean;
  readonly sloppyTcp?: boolean;
  readonly scheduler?: string;
  /** The director joins at CHANGE_S instead of leaving. */
  readonly add?: boolean;
}

interface Snapshot {
  /** Idle connections the router sends elsewhere right after the change. */
  moved: number;
  /** Idle connections of the director that left, and which of them the others had learned 50 ms later (its last messages landed). */
  readonly leaving: Connection[];
  readonly learned: Set<Connection>;
  readonly early: Set<Connection>;
}

function run(o: Options): { r: RunResult; tier: EcmpTier; snap: Snapshot } {
  const s = parseScenario({
    name: 'ecmp-tier',
    description: 'a director of an ECMP tier leaves or joins',
    modes: ['lvs-dr'],
    run: { duration: '7s', warmup: '1s' },
    // Many clients, each with one long keep-alive connection used every 5 s on average: most are idle at the change.
    workload: { groups: [{ name: 'web', clients: 3000, retries: 0, arrival: { kind: 'poisson', rate: 600 }, requestsPerConnection: 1000, timeout: '1s' }] },
    topology: { servers: { count: 8 }, frontEnd: { count: N, ecmp: { hashing: o.hashing, sync: o.sync ?? false, sloppyTcp: o.sloppyTcp ?? false } } },
    balancing: { lvs: o.scheduler ?? 'wlc' },
    faults: [o.add
      ? { id: 'director-3', kind: 'stop', target: 'front-end-3', at: '0s', recoverAt: `${CHANGE_S}s` }
      : { id: 'director-1', kind: 'stop', target: 'front-end-1', at: `${CHANGE_S}s` }],
  }, 'ecmp.yaml');
  const snap: Snapshot = { moved: 0, leaving: [], learned: new Set(), early: new Set() };
  let world: World | null = null;
  const r = runScenario(s, {
    mode: 'lvs-dr',
    setup: (w: World) => {
      world = w;
      w.sim.scheduleAt(CHANGE_S * 1e9, () => {
        for (const g of w.groups) for (const c of g.clients) for (const conn of c.idle) {
          if (w.ecmp!.pick(conn.flowHash) !== conn.frontEnd) snap.moved++;
          if (conn.frontEnd === 1) snap.leaving.push(conn);
        }
      }, undefined, 1);
      w.sim.scheduleAt(CHANGE_S * 1e9 + 50e6, () => {
        // Those that came back within the 50 ms are left out (a survivor is forgotten by its old director).
        for (const conn of snap.leaving) {
          if (conn.routeGeneration === w.ecmp!.generation) snap.early.add(conn);
          else if (w.ecmp!.sync !== null && w.ecmp!.sync[1]!.learnedAtNs(conn) >= 0) snap.learned.add(conn);
        }
      }, undefined, 1);
    },
  });
  const q = r.requests;
  assert.equal(q.issued, q.completed + q.failed + q.timedOut + q.inFlight);
  return { r, tier: (world as World | null)!.ecmp!, snap };
}

function assertShare(label: string, k: number, n: number, p: number): void {
  const half = 3.29 * Math.sqrt((p * (1 - p)) / n);
  assert.ok(n > 500, `${label}: only ${n} connections came back`);
  assert.ok(Math.abs(k / n - p) <= half, `${label}: ${k} of ${n} (${(k / n).toFixed(3)}), expected ${p.toFixed(3)} ± ${half.toFixed(3)}`);
}

describe('an ECMP tier of directors in a run', () => {
  it(`one of ${N} directors leaves: mod-N breaks (N−1)/N of the returning connections, resilient hashing 1/N`, () => {
    for (const hashing of ['mod-n', 'resilient'] as const) {
      const { r, tier } = run({ hashing });
      const p = hashing === 'mod-n' ? (N - 1) / N : 1 / N;
      assertShare(hashing, tier.broken, tier.returned, p);
      assert.equal(tier.broken, tier.moved, 'without sync every moved connection breaks');
      assert.deepEqual(r.ecmp, tier.result());
      // Each reset is charged to the fault, and the router's withdrawal is its detection.
      const f = r.faults![0]!;
      assert.ok(f.failed >= 0.9 * tier.broken && f.failed <= tier.broken, `${f.failed} failed for ${tier.broken} broken`);
      assert.equal(f.detectedAfterSeconds, 0);
    }
  });

  it(`a director joins ${N - 1}: mod-N moves (N−1)/N, resilient hashing 1/N`, () => {
    for (const hashing of ['mod-n', 'resilient'] as const) {
      const { tier } = run({ hashing, add: true });
      assertShare(`${hashing}, join`, tier.broken, tier.returned, hashing === 'mod-n' ? (N - 1) / N : 1 / N);
    }
  });

  it('with sync, the moved connections a director had synced survive, in the share it had sent', () => {
    const none = run({ hashing: 'mod-n' }).tier;
    const { tier, snap } = run({ hashing: 'mod-n', sync: true });
    assert.equal(tier.survivedBySync + tier.survivedByScheduler + tier.broken, tier.moved);
    assert.ok(tier.broken < 0.5 * none.broken, `${tier.broken} broken with sync, ${none.broken} without`);
    // The director that left: of its connections that came back, those it had synced survive, the rest break.
    const back = snap.leaving.filter((c) => c.routeGeneration === tier.generation && !snap.early.has(c));
    const p = back.filter((c) => snap.learned.has(c)).length / back.length;
    const survived = back.filter((c) => c.frontEnd !== 1).length;
    assert.ok(p > 0.3 && p < 1, `${p} of its returning connections had been synced`);
    assert.ok(back.length > 100, `${back.length} came back`);
    assert.equal(survived, back.filter((c) => snap.learned.has(c)).length, 'exactly the synced ones survive');
    // The directors that stay up keep sending what they had queued: more of their moved connections survive.
    assert.ok(tier.survivedBySync / tier.moved >= p, `${tier.survivedBySync} of ${tier.moved} survived overall`);
  });

  it('mh on every director with sloppy_tcp: a moved connection is scheduled to the server it already uses, nothing breaks', () => {
    const { tier } = run({ hashing: 'mod-n', scheduler: 'mh', sloppyTcp: true });
    assert.ok(tier.moved > 500);
    assert.equal(tier.broken, 0);
    assert.equal(tier.survivedByScheduler, tier.moved);
    // wlc with sloppy_tcp picks by each director's own counts: most moved connections reach a wrong server.
    const wlc = run({ hashing: 'mod-n', scheduler: 'wlc', sloppyTcp: true }).tier;
    assert.ok(wlc.broken > 0.5 * wlc.moved, `${wlc.broken} of ${wlc.moved} broke under wlc`);
  });
});
