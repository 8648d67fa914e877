import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Simulator } from '../../sim/engine/simulator.js';
import { type VrrpRouterSpec, type VrrpSpec, VrrpGroup, type VrrpState } from '../../sim/failure/vrrp.js';
import { type VrrpVersion, advertIntervalProblem, masterDownIntervalNs, skewTimeNs } from '../../sim/failure/vrrp-timing.js';

const MS = 1e6;
const S = 1e9;
const DELAY_NS = 50_000; // 50 µs on the LAN

function router(priority: number, preempt = true, preemptDelayNs = 0): VrrpRouterSpec {
  return { priority, preempt, preemptDelayNs };
}

function group(version: VrrpVersion, advertIntervalNs: number, routers: VrrpRouterSpec[], garp = { count: 5, secondBurstNs: 5 * S, refreshNs: 0 }) {
  const sim = new Simulator();
  const spec: VrrpSpec = { version, advertIntervalNs, deliveryDelayNs: DELAY_NS, garp, routers };
  const log: { router: number; state: VrrpState; atNs: number }[] = [];
  const vip: { router: number; atNs: number }[] = [];
  const packets = { advert: 0, garp: 0 };
  const g = new VrrpGroup(sim, spec, {
    onState: (r, state, atNs) => log.push({ router: r, state, atNs }),
    onVipMoved: (r, atNs) => vip.push({ router: r, atNs }),
    onPackets: (_r, kind, n) => (packets[kind] += n),
  });
  g.start();
  return { sim, g, log, vip, packets };
}

function masterAt(log: { router: number; state: VrrpState; atNs: number }[], router: number, afterNs: number): number {
  const e = log.find((x) => x.router === router && x.state === 'master' && x.atNs > afterNs);
  assert.ok(e, `router ${router} never became master after ${afterNs}`);
  return e.atNs;
}

test('timers follow the RFC formulas (v2 skew ignores the interval, v3 scales with it)', () => {
  assert.equal(skewTimeNs(2, 100, 1 * S), (156 / 256) * S);
  assert.equal(skewTimeNs(2, 100, 3 * S), (156 / 256) * S);
  assert.equal(masterDownIntervalNs(2, 100, 1 * S), 3 * S + 609_375_000);
  assert.equal(skewTimeNs(3, 100, 1 * S), 609_375_000);
  assert.equal(skewTimeNs(3, 200, 0.5 * S), 109_375_000);
  assert.equal(masterDownIntervalNs(3, 254, 10 * MS), 30 * MS + Math.round((2 * 10 * MS) / 256));
  assert.equal(advertIntervalProblem(2, 1 * S), null);
  assert.match(advertIntervalProblem(2, 0.5 * S)!, /whole seconds/);
  assert.equal(advertIntervalProblem(3, 0.35 * S), null);
  assert.match(advertIntervalProblem(3, 5 * MS)!, /centiseconds/);
  assert.match(advertIntervalProblem(3, 41 * S)!, /centiseconds/);
});

const CASES: [VrrpVersion, number, number, number][] = [
  // version, interval, master priority, backup priority
  [2, 1 * S, 200, 100], [2, 1 * S, 255, 254], [2, 3 * S, 150, 50], [2, 1 * S, 101, 1],
  [3, 1 * S, 200, 100], [3, 100 * MS, 150, 50], [3, 350 * MS, 255, 1], [3, 20 * MS, 120, 110],
];

for (const [version, adv, pMaster, pBackup] of CASES) {
  test(`v${version}, interval ${adv / MS} ms, priorities ${pMaster}/${pBackup}: the backup takes over Master_Down_Interval after the last advertisement`, () => {
    const { sim, g, log, vip } = group(version, adv, [router(pMaster), router(pBackup)]);
    const crashNs = 10 * adv + Math.round(adv / 3);
    sim.run({ untilNs: crashNs });
    g.crash(0);
    sim.run({ untilNs: crashNs + 10 * adv + 2 * S });
    const takeover = masterAt(log, 1, crashNs);
    const expected = g.lastAdvertNs[0]! + DELAY_NS + masterDownIntervalNs(version, pBackup, adv);
    assert.ok(Math.abs(takeover - expected) <= 1 * MS, `takeover at ${takeover}, expected ${expected}`);
    // Measured from the crash: at most Master_Down_Interval (+ delivery), more than that minus an interval.
    const mdi = masterDownIntervalNs(version, pBackup, adv);
    assert.ok(takeover - crashNs <= mdi + DELAY_NS && takeover - crashNs > mdi - adv);
    // The gateway learns the new MAC one delivery later.
    assert.deepEqual(vip.at(-1), { router: 1, atNs: takeover + DELAY_NS });
    assert.equal(g.master, 1);
  });
}

test('two backups of different priority: the higher takes over, the lower stays backup', () => {
  for (const version of [2, 3] as const) {
    const { sim, g, log } = group(version, 1 * S, [router(200), router(100), router(150)]);
    sim.run({ untilNs: 5.5 * S });
    g.crash(0);
    sim.run({ untilNs: 15 * S });
    const takeover = masterAt(log, 2, 5.5 * S);
    assert.ok(Math.abs(takeover - (g.lastAdvertNs[0]! + DELAY_NS + masterDownIntervalNs(version, 150, 1 * S))) <= MS);
    assert.equal(log.filter((e) => e.router === 1 && e.state === 'master').length, 0, 'the lower backup never became master');
    assert.equal(g.state(1), 'backup');
    assert.equal(g.master, 2);
  }
});

test('equal priorities: the higher address wins the takeover race', () => {
  const { sim, g, log } = group(2, 1 * S, [router(200), router(100), router(100)]);
  sim.run({ untilNs: 2.5 * S });
  g.crash(0);
  sim.run({ untilNs: 10 * S });
  // Both timers fire together; the loser hears the winner and yields.
  assert.equal(g.master, 2);
  assert.equal(g.state(1), 'backup');
  assert.ok(log.some((e) => e.router === 2 && e.state === 'master'));
});

test('preemption: the recovered higher-priority router takes the VIP back after its own Master_Down_Interval; without preemption it stays backup', () => {
  for (const version of [2, 3] as const) {
    const { sim, g, log, vip } = group(version, 1 * S, [router(200), router(100)]);
    sim.run({ untilNs: 3.2 * S });
    g.crash(0);
    sim.run({ untilNs: 12 * S });
    g.recover(0);
    sim.run({ untilNs: 30 * S });
    const back = masterAt(log, 0, 12 * S);
    assert.ok(Math.abs(back - (12 * S + masterDownIntervalNs(version, 200, 1 * S))) <= MS, `preempted at ${back}`);
    assert.equal(g.master, 0);
    const demoted = log.find((e) => e.router === 1 && e.state === 'backup' && e.atNs > 12 * S)!;
    assert.equal(demoted.atNs, back + DELAY_NS, 'the lower router yields on hearing the better advertisement');
    assert.equal(vip.at(-1)!.router, 0);
  }
  const { sim, g } = group(2, 1 * S, [router(200, false), router(100)]);
  sim.run({ untilNs: 3.2 * S });
  g.crash(0);
  sim.run({ untilNs: 12 * S });
  g.recover(0);
  sim.run({ untilNs: 40 * S });
  assert.equal(g.master, 1, 'preempt off: the recovered router stays backup');
});

test('preempt_delay: the recovered router waits the delay before ignoring the lower master', () => {
  const { sim, g, log } = group(2, 1 * S, [router(200, true, 10 * S), router(100)]);
  sim.run({ untilNs: 3.2 * S });
  g.crash(0);
  sim.run({ untilNs: 12 * S });
  g.recover(0);
  sim.run({ untilNs: 40 * S });
  const back = masterAt(log, 0, 12 * S);
  const mdi = masterDownIntervalNs(2, 200, 1 * S);
  assert.ok(back >= 12 * S + 10 * S && back <= 12 * S + 10 * S + mdi + DELAY_NS, `preempted at ${back / S} s`);
  assert.ok(back > 12 * S + 10 * S + mdi - 1 * S - MS);
});

test('graceful stop: priority 0 makes the backup take over after its skew time only', () => {
  for (const [version, adv, p] of [[2, 1 * S, 100], [3, 1 * S, 100], [3, 200 * MS, 50], [2, 3 * S, 250]] as const) {
    const { sim, g, log } = group(version, adv, [router(255), router(p)]);
    sim.run({ untilNs: 7.3 * S });
    g.stop(0);
    sim.run({ untilNs: 20 * S });
    const takeover = masterAt(log, 1, 7.3 * S);
    assert.ok(Math.abs(takeover - (7.3 * S + DELAY_NS + skewTimeNs(version, p, adv))) <= MS, `v${version} p${p}: ${takeover}`);
  }
});

test('gratuitous ARPs: a burst on takeover, a second after the delay, refreshes when configured', () => {
  const a = group(2, 1 * S, [router(200), router(100)]);
  a.sim.run({ untilNs: 1.5 * S });
  a.g.crash(0);
  a.sim.run({ untilNs: 30 * S });
  assert.equal(a.packets.garp, 10, 'takeover burst of 5 and the second burst of 5');
  const b = group(2, 1 * S, [router(200), router(100)], { count: 3, secondBurstNs: 0, refreshNs: 4 * S });
  b.sim.run({ untilNs: 1.5 * S });
  b.g.crash(0);
  b.sim.run({ untilNs: 1.5 * S + 30 * S });
  const takeover = masterAt(b.log, 1, 1.5 * S);
  const refreshes = Math.floor((31.5 * S - takeover) / (4 * S));
  assert.equal(b.packets.garp, 3 * (1 + refreshes));
  // Advertisements: one per interval from the master of the moment (0 s and 1 s, then from the takeover on).
  assert.equal(b.packets.advert, 2 + Math.floor((31.5 * S - takeover) / S) + 1);
});

test('the VIP is with nobody reachable from the crash until the new master\'s ARP lands: traffic meanwhile is lost', () => {
  const { sim, g, vip } = group(3, 1 * S, [router(200), router(100)]);
  sim.run({ untilNs: 4.1 * S });
  g.crash(0);
  assert.equal(g.vipHolder, 0, 'the gateway still points at the dead master');
  sim.run({ untilNs: 20 * S });
  const moved = vip.at(-1)!;
  const lostWindowNs = moved.atNs - 4.1 * S;
  const mdi = masterDownIntervalNs(3, 100, 1 * S);
  assert.ok(lostWindowNs <= mdi + 2 * DELAY_NS && lostWindowNs > mdi - 1 * S);
});
