import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Simulator } from '../../sim/engine/simulator.js';
import { SyncChannel, defaultSyncSpec, entriesPerMessage, syncDue } from '../../sim/failure/ipvs-sync.js';

const MS = 1e6;
const S = 1e9;

test('the sync rule: packet counts 3, 53, 103, … (threshold 3, period 50), checked one packet at a time and in trains', () => {
  const due: number[] = [];
  for (let k = 1; k <= 200; k++) if (syncDue(k - 1, k, 3, 50)) due.push(k);
  assert.deepEqual(due, [3, 53, 103, 153]);
  // A train of several packets: due when the range (before, after] holds one of those counts.
  for (let before = 0; before < 160; before++) {
    for (let n = 1; n <= 60; n++) {
      const expected = due.some((k) => k > before && k <= before + n) || (before + n > 200 && [203].some((k) => k > before && k <= before + n));
      assert.equal(syncDue(before, before + n, 3, 50), expected, `(${before}, ${before + n}]`);
    }
  }
  // Period 0: once, at the threshold. Threshold ≥ period: never.
  assert.equal(syncDue(0, 10, 3, 0), true);
  assert.equal(syncDue(3, 100, 3, 0), false);
  assert.equal(syncDue(0, 1000, 60, 50), false);
  assert.equal(syncDue(5, 5, 3, 50), false);
});

test('a message holds 40 IPv4 entries on a 1500-byte MTU', () => {
  assert.equal(entriesPerMessage(1500), 40);
  assert.equal(entriesPerMessage(9000), 249);
});

test('a full message leaves after the send delay; a partial one at the first 1 s check where it is ≥ 2 s old', () => {
  const sim = new Simulator();
  const spec = defaultSyncSpec(1500, 100_000);
  const ch = new SyncChannel<object>(sim, spec);
  const early = Array.from({ length: 40 }, () => ({}));
  sim.schedule(100 * MS, () => early.forEach((k) => ch.queue(k)), undefined);
  const late = { id: 'late' };
  sim.schedule(1300 * MS, () => ch.queue(late), undefined);
  sim.run({ untilNs: 100 * MS + 20 * MS + 100_000 - 1 });
  assert.equal(ch.knownCount, 0);
  sim.run({ untilNs: 100 * MS + 20 * MS + 100_000 });
  assert.equal(ch.knownCount, 40, 'the full message arrived');
  // Queued at 1.3 s: checks at 2 s (0.7 s old), 3 s (1.7 s), 4 s (2.7 s): sent at 4 s.
  sim.run({ untilNs: 4 * S + 100_000 - 1 });
  assert.equal(ch.knows(late), false);
  sim.run({ untilNs: 4 * S + 100_000 });
  assert.equal(ch.knows(late), true);
  assert.equal(ch.messagesSent, 2);
});

test('connections that end are forgotten, even with their entry still on the wire; a dead master loses what it had queued', () => {
  const sim = new Simulator();
  const ch = new SyncChannel<object>(sim, { ...defaultSyncSpec(1500, 0), entriesPerMessage: 2 });
  const a = {}, b = {}, c = {};
  ch.queue(a);
  ch.queue(b); // full: sent, arrives at 20 ms
  ch.forget(a);
  sim.run({ untilNs: 30 * MS });
  assert.equal(ch.knows(a), false);
  assert.equal(ch.knows(b), true);
  ch.queue(c);
  ch.masterLost();
  sim.run({ untilNs: 10 * S });
  assert.equal(ch.knows(c), false);
  ch.forget(b);
  assert.equal(ch.knownCount, 0);
});

test('per-packet accounting: a connection is synced on its third packet in, not before', () => {
  const sim = new Simulator();
  const ch = new SyncChannel<object>(sim, { ...defaultSyncSpec(1500, 0), entriesPerMessage: 1 });
  const conn = {};
  ch.packetsIn(conn, 0, 2); // SYN and ACK
  sim.run({ untilNs: S });
  assert.equal(ch.knows(conn), false);
  ch.packetsIn(conn, 2, 1); // the request
  sim.run({ untilNs: 2 * S });
  assert.equal(ch.knows(conn), true);
});
