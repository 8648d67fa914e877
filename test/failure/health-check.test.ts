import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeStream } from '../../sim/engine/rng.js';
import { Simulator } from '../../sim/engine/simulator.js';
import { type CheckSpec, HealthChecker, detectionBoundsNs, haproxyCheck, keepalivedCheck, recoveryBoundsNs } from '../../sim/failure/health-check.js';

const MS = 1e6;
const S = 1e9;
const RTT_NS = 400_000;
const SERVICE_NS = 100_000;
const OK_NS = RTT_NS + SERVICE_NS;

type Health = 'up' | 'refuse' | 'black-hole';

/** A server the checker probes over a LAN: its state is read when the probe reaches it. */
function checked(spec: CheckSpec) {
  const sim = new Simulator();
  let state: Health = 'up';
  const changes: { up: boolean; atNs: number }[] = [];
  const checker = new HealthChecker(sim, spec, (done) => {
    sim.schedule(RTT_NS / 2, () => {
      if (state === 'up') sim.schedule(SERVICE_NS + RTT_NS / 2, done, true);
      else if (state === 'refuse') sim.schedule(RTT_NS / 2, done, false);
    }, undefined);
  }, (up, atNs) => changes.push({ up, atNs }));
  checker.start(0);
  return { sim, checker, changes, set: (s: Health) => (state = s) };
}

function loopNs(spec: CheckSpec): number {
  return spec.style === 'haproxy' ? spec.interNs : spec.delayLoopNs;
}

function failNs(spec: CheckSpec, kind: Health): number {
  if (kind === 'refuse') return RTT_NS;
  return spec.style === 'haproxy' ? spec.timeoutNs : spec.connectTimeoutNs;
}

const SPECS: [string, CheckSpec][] = [
  ['haproxy defaults', haproxyCheck()],
  ['haproxy fast', haproxyCheck({ interNs: 1 * S, fastInterNs: 200 * MS, downInterNs: 5 * S, fall: 2, rise: 3, timeoutNs: 500 * MS })],
  ['haproxy fall 1', haproxyCheck({ interNs: 500 * MS, fall: 1, rise: 1, timeoutNs: 100 * MS })],
  ['keepalived defaults', keepalivedCheck()],
  ['keepalived tuned', keepalivedCheck({ delayLoopNs: 6 * S, connectTimeoutNs: 3 * S, retry: 3, delayBeforeRetryNs: 2 * S })],
  ['keepalived no retry', keepalivedCheck({ delayLoopNs: 2 * S, connectTimeoutNs: 1 * S, retry: 0 })],
];

const TRIALS = 60;

for (const [name, spec] of SPECS) {
  for (const kind of ['refuse', 'black-hole'] as const) {
    test(`${name}, ${kind}d server: detection and recovery inside the bounds the parameters give, spread over them`, () => {
      const rng = makeStream(7, 0, `health-check/${name}/${kind}`);
      const loop = loopNs(spec);
      const fail = failNs(spec, kind);
      const bounds = detectionBoundsNs(spec, OK_NS, fail);
      const back = recoveryBoundsNs(spec, OK_NS, fail);
      const detections: number[] = [];
      for (let t = 0; t < TRIALS; t++) {
        const { sim, changes, set } = checked(spec);
        const crashNs = Math.round(3 * loop + rng.next() * 2 * loop);
        sim.run({ untilNs: crashNs });
        set(kind);
        sim.run({ untilNs: crashNs + bounds.maxNs + 1 });
        const down = changes.find((c) => !c.up && c.atNs >= crashNs);
        assert.ok(down, `never marked down (crash at ${crashNs})`);
        const detectNs = down.atNs - crashNs;
        assert.ok(detectNs >= bounds.minNs && detectNs <= bounds.maxNs, `detected after ${detectNs / MS} ms, bounds ${bounds.minNs / MS}–${bounds.maxNs / MS} ms`);
        detections.push(detectNs);
        // Settle in the down state, then recover.
        const recoverNs = sim.nowNs + Math.round((1 + rng.next()) * (spec.style === 'haproxy' ? spec.downInterNs : loop));
        sim.run({ untilNs: recoverNs });
        set('up');
        sim.run({ untilNs: recoverNs + back.maxNs + 1 });
        const up = changes.find((c) => c.up && c.atNs >= recoverNs);
        assert.ok(up, 'never marked up again');
        const upNs = up.atNs - recoverNs;
        assert.ok(upNs >= back.minNs && upNs <= back.maxNs, `back after ${upNs / MS} ms, bounds ${back.minNs / MS}–${back.maxNs / MS} ms`);
      }
      // The crash instant is uniform over the check cycle, so detections spread over most of the range.
      const spread = Math.max(...detections) - Math.min(...detections);
      assert.ok(spread >= 0.7 * loop, `detections spread over ${spread / MS} ms only, interval ${loop / MS} ms`);
    });
  }
}

test('haproxy: checks are timed from the previous check\'s completion (inter + check duration apart)', () => {
  const spec = haproxyCheck({ interNs: 1 * S });
  const { sim, checker } = checked(spec);
  sim.run({ untilNs: 10 * S });
  // A check every inter + OK_NS: the first at 0.
  assert.equal(checker.checks, Math.floor((10 * S) / (1 * S + OK_NS)) + 1);
});

test('haproxy: fastinter while the counter is between its ends, downinter while it is 0', () => {
  const spec = haproxyCheck({ interNs: 4 * S, fastInterNs: 100 * MS, downInterNs: 10 * S, fall: 3, rise: 2, timeoutNs: 50 * MS });
  const { sim, checker, changes, set } = checked(spec);
  sim.run({ untilNs: 4.5 * S }); // checks at 0 and 4 s + OK: counter full
  set('refuse');
  sim.run({ untilNs: 20 * S });
  const down = changes.find((c) => !c.up)!;
  // The failing checks at ~8 s, then two more at fastinter: down about 8 s + 2 × 100 ms.
  assert.ok(Math.abs(down.atNs - (8 * S + 2 * OK_NS + 2 * 100 * MS + 3 * RTT_NS)) < MS, `down at ${down.atNs / MS} ms`);
  const checksWhenDown = checker.checks;
  sim.run({ untilNs: 41 * S });
  assert.equal(checker.checks - checksWhenDown, 2, 'then every downinter (10 s) + a refusal');
});

test('a check that times out is not revived by a late answer, and a stopped checker stays silent', () => {
  const sim = new Simulator();
  const verdicts: boolean[] = [];
  const checker = new HealthChecker(sim, haproxyCheck({ interNs: 1 * S, timeoutNs: 100 * MS, fall: 1, rise: 1 }), (done) => {
    sim.schedule(200 * MS, done, true); // always later than the timeout
  }, (up) => verdicts.push(up));
  checker.start(0);
  sim.run({ untilNs: 5 * S });
  assert.deepEqual(verdicts, [false]);
  assert.equal(checker.up, false);
  const before = checker.checks;
  checker.stop();
  sim.run({ untilNs: 20 * S });
  assert.equal(checker.checks, before);
});
