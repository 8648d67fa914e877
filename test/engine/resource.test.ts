import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulator } from '../../sim/engine/simulator.js';
import { FcfsResource, Gauge, PsResource } from '../../sim/engine/resource.js';

test('FcfsResource, 2 servers, queue limit 1: a hand-checked timeline', () => {
  const sim = new Simulator();
  const cpu = new FcfsResource(sim, 'cpu0', 'director', 'cpu', 2, 1);
  const done: [string, number][] = [];
  const finish = (id: string): void => {
    done.push([id, sim.nowNs]);
  };
  // t=0: A(10) and B(20) start, C(5) waits, D is refused (the waiting line holds one).
  assert.equal(cpu.submit(10, finish, 'A'), true);
  assert.equal(cpu.submit(20, finish, 'B'), true);
  assert.equal(cpu.submit(5, finish, 'C'), true);
  assert.equal(cpu.submit(7, finish, 'D'), false);
  assert.equal(cpu.inService, 2);
  assert.equal(cpu.waiting, 1);
  // t=30: E(4) arrives to an idle resource and starts at once.
  sim.schedule(30, () => cpu.submit(4, finish, 'E'));
  sim.run({ untilNs: 40 });
  assert.deepEqual(done, [['A', 10], ['C', 15], ['B', 20], ['E', 34]]);
  const s = cpu.snapshot();
  // Busy servers: 2 on [0,15), 1 on [15,20), 0 on [20,30), 1 on [30,34): 30+5+4 = 39 server-ns of 80.
  assert.equal(s.utilization, 39 / 80);
  // Waiting: C on [0,10): 10 job-ns over 40 ns.
  assert.equal(s.meanQueue, 10 / 40);
  assert.equal(s.maxQueue, 1);
  assert.equal(s.served, 4);
  assert.equal(s.dropped, 1);
  assert.equal(s.work, 39);
  assert.equal(s.id, 'cpu0');
  assert.equal(s.kind, 'cpu');
});

test('FcfsResource serves in arrival order with one server, and resetStats opens a new window', () => {
  const sim = new Simulator();
  const cpu = new FcfsResource(sim, 'cpu', 'server', 'cpu', 1);
  const order: number[] = [];
  for (let i = 0; i < 12; i++) cpu.submit(10, (id: number) => order.push(id), i);
  assert.equal(cpu.snapshot().maxQueue, 11);
  sim.run({ untilNs: 25 });
  cpu.resetStats();
  sim.run({ untilNs: 100 });
  // Window [25, 100]: always busy; job i is served on [10i, 10i+10), so 9 wait on [25,30),
  // then 8 on [30,40), 7, … down to 2 on [90,100).
  const s = cpu.snapshot();
  assert.equal(s.utilization, 1);
  assert.equal(s.meanQueue, (9 * 5 + (8 + 7 + 6 + 5 + 4 + 3 + 2) * 10) / 75);
  assert.equal(s.served, 8, 'jobs finishing at 30, 40, …, 100 are in the window');
  assert.equal(s.maxQueue, 9, 'the maximum restarts from the level at the reset');
  sim.run();
  assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
});

test('FcfsResource refuses a non-integer or zero server count', () => {
  const sim = new Simulator();
  assert.throws(() => new FcfsResource(sim, 'x', 'n', 'cpu', 0), RangeError);
  assert.throws(() => new FcfsResource(sim, 'x', 'n', 'cpu', 1.5), RangeError);
});

test('PsResource: two jobs share the rate and finish at hand-computed times', () => {
  const sim = new Simulator();
  const nic = new PsResource(sim, 'nic', 'server', 'nic-tx', 1); // 1 work unit per ns
  const done: [string, number][] = [];
  const finish = (id: string): void => {
    done.push([id, sim.nowNs]);
  };
  nic.submit(100, finish, 'A');
  sim.schedule(20, () => nic.submit(50, finish, 'B'));
  sim.run({ untilNs: 200 });
  // A alone for 20 ns (80 left); then each at 1/2: B needs 100 ns → 120, A has 30 left → 150.
  assert.deepEqual(done, [['B', 120], ['A', 150]]);
  const s = nic.snapshot();
  assert.equal(s.utilization, 150 / 200);
  assert.equal(s.meanQueue, (20 * 1 + 100 * 2 + 30 * 1) / 200);
  assert.equal(s.maxQueue, 2);
  assert.equal(s.served, 2);
  assert.equal(s.work, 150);
});

test('PsResource: three equal jobs at once finish together at 3× their solo time', () => {
  const sim = new Simulator();
  const link = new PsResource(sim, 'link', 'net', 'link', 0.5); // 0.5 work units per ns
  const done: number[] = [];
  for (let i = 0; i < 3; i++) link.submit(10, () => done.push(sim.nowNs), i);
  sim.run();
  assert.deepEqual(done, [60, 60, 60]);
});

test('PsResource: a queue limit refuses the job beyond it', () => {
  const sim = new Simulator();
  const ps = new PsResource(sim, 'p', 'n', 'nic-rx', 1, 2);
  assert.equal(ps.submit(10, () => {}, 0), true);
  assert.equal(ps.submit(10, () => {}, 1), true);
  assert.equal(ps.submit(10, () => {}, 2), false);
  assert.equal(ps.present, 2);
  sim.run();
  assert.equal(ps.snapshot().dropped, 1);
  assert.equal(ps.present, 0);
});

test('Gauge: occupancy up to capacity, refusals, and time-averaged utilization', () => {
  const sim = new Simulator();
  const table = new Gauge(sim, 'conns', 'director', 'conn-table', 2);
  assert.equal(table.acquire(), true);
  sim.schedule(10, () => table.acquire());
  sim.schedule(20, () => {
    assert.equal(table.acquire(), false);
    table.release();
  });
  sim.schedule(30, () => {
    table.release();
    assert.throws(() => table.release(), /release without acquire/);
  });
  sim.run({ untilNs: 40 });
  const s = table.snapshot();
  // Occupancy 1 on [0,10), 2 on [10,20), 1 on [20,30), 0 on [30,40): integral 40 of 40·2.
  assert.equal(s.utilization, 0.5);
  assert.equal(s.meanQueue, 1);
  assert.equal(s.maxQueue, 2);
  assert.equal(s.served, 2);
  assert.equal(s.dropped, 1);
  assert.equal(table.occupancy, 0);
});
