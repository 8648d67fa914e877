import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FcfsResource } from '../../sim/engine/resource.js';
import { Simulator } from '../../sim/engine/simulator.js';
import { RssQueues } from '../../sim/net/rss.js';

it('RssQueues: each queue runs one job at a time in FIFO order on the shared pool, measured per queue', () => {
  const sim = new Simulator();
  const pool = new FcfsResource(sim, 'n.cpu', 'n', 'cpu', 2);
  const rss = new RssQueues(sim, 'n', 3, pool);
  const log: string[] = [];
  const note = (name: string): void => { log.push(`${name}@${sim.nowNs}`); };
  // Queue 0: three jobs, serialised (10, 20, 30); queue 1: one job on the other core (at 10);
  // queue 2: a job at t=5 waits for a core (both taken) and gets one, ahead of nothing, at 10.
  rss.submit(0, 10, note, 'a');
  rss.submit(0, 10, note, 'b');
  rss.submit(0, 10, note, 'c');
  rss.submit(1, 10, note, 'd');
  sim.schedule(5, () => rss.submit(2, 4, note, 'e'));
  sim.run({ untilNs: 40 });
  assert.deepEqual(log, ['a@10', 'd@10', 'e@14', 'b@20', 'c@30']);
  assert.deepEqual(rss.workByQueue(), [30, 10, 4]);
  const s = rss.snapshot();
  // Queue 0 busy on [0, 30) of 40 ns; it had 2 waiting on [0, 10), 1 on [10, 20). Queue 1 busy
  // 10 ns, queue 2 from 5 to 14 (waiting for a core counts): mean (30 + 10 + 9) / 120.
  assert.equal(s.utilization, 30 / 40);
  assert.equal(s.maxQueue, 2);
  assert.equal(s.served, 5);
  assert.equal(s.work, 44);
  assert.equal(s.meanQueue, (2 * 10 + 1 * 10) / 40);
  assert.match(s.limitNote!, /^receive queue 0 of 3 is the busiest; mean over the queues 40\.8%$/);
  rss.resetStats();
  sim.run({ untilNs: 50 });
  assert.deepEqual(rss.workByQueue(), [0, 0, 0]);
  assert.equal(rss.snapshot().utilization, 0);
});

it('RssQueues keeps FIFO order per queue across many waiting jobs (node store growth)', () => {
  const sim = new Simulator();
  const pool = new FcfsResource(sim, 'n.cpu', 'n', 'cpu', 4);
  const rss = new RssQueues(sim, 'n', 2, pool);
  const order: string[] = [];
  const note = (name: string): void => { order.push(name); };
  for (let k = 0; k < 30; k++) rss.submit(k % 2, 1 + (k % 3), note, `q${k % 2}-${k}`);
  sim.run();
  const q0 = order.filter((n) => n.startsWith('q0'));
  const q1 = order.filter((n) => n.startsWith('q1'));
  assert.deepEqual(q0, Array.from({ length: 15 }, (_, i) => `q0-${2 * i}`));
  assert.deepEqual(q1, Array.from({ length: 15 }, (_, i) => `q1-${2 * i + 1}`));
  assert.equal(rss.snapshot().maxQueue, 14);
});
