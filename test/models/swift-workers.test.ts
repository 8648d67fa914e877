import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Simulator } from '../../sim/engine/simulator.js';
import { modern } from '../../sim/calibration/profiles/modern.js';
import { Connection, Request } from '../../sim/models/request.js';
import { SwiftWorkers } from '../../sim/models/swift-workers.js';
import { TcpConnection } from '../../sim/net/ack-policy.js';
import { NetNode } from '../../sim/net/node.js';

/**
 * A Swift worker runs one request's application work at a time, whatever the host's free cores;
 * the requests of its connections wait for it in arrival order, and a request with no work
 * passes straight through when its turn comes. Times worked out by hand below.
 */
interface Pool {
  readonly sim: Simulator;
  readonly workers: SwiftWorkers;
  /** (request id, time its application work finished), in finishing order. */
  readonly done: [number, number][];
  send(at: number, id: number, conn: Connection, workNs: number): void;
}

function pool(workerCount: number, maxClients: number, cores: number): Pool {
  const sim = new Simulator();
  const node = new NetNode(sim, 'server', cores, 10e9);
  const workNs = new Map<Request, number>();
  const done: [number, number][] = [];
  const workers = new SwiftWorkers(sim, node, { workers: workerCount, maxClients, backlog: 16 }, {
    appNs: (req) => workNs.get(req)!,
    backend: (req) => done.push([req.id, sim.nowNs]),
  });
  const send = (at: number, id: number, conn: Connection, ns: number): void => {
    sim.schedule(at, () => {
      const req = new Request(id, 0, 0, 'GET', 0, sim.nowNs, true);
      req.conn = conn;
      workNs.set(req, ns);
      workers.process(req, conn);
    });
  };
  return { sim, workers, done, send };
}

function connection(p: Pool): Connection {
  const conn = new Connection(0, -1, 1, new TcpConnection(modern.tcp));
  assert.ok(p.workers.socket.admit(conn));
  return conn;
}

test('one worker serialises its connections\' requests in arrival order, though cores are free', () => {
  const p = pool(1, 4, 8);
  const a = connection(p);
  const b = connection(p);
  p.send(0, 1, a, 1_000);
  p.send(10, 2, b, 500);
  p.send(20, 3, a, 0); // no work: passes through when the worker comes to it
  p.send(30, 4, b, 2_000);
  p.sim.run();
  // At 1,500 the worker takes request 3 (no work: done at once) and then 4, before request 2's own backend call.
  assert.deepEqual(p.done, [[1, 1_000], [3, 1_500], [2, 1_500], [4, 3_500]]);
});

test('two workers run at once on two cores; each keeps its own line', () => {
  const p = pool(2, 1, 2);
  const a = connection(p);
  const b = connection(p);
  assert.notEqual(a.worker, b.worker);
  p.send(0, 1, a, 1_000);
  p.send(0, 2, b, 1_000);
  p.send(5, 3, a, 300);
  p.send(5, 4, b, 100);
  p.sim.run();
  assert.deepEqual(p.done, [[1, 1_000], [2, 1_000], [4, 1_100], [3, 1_300]]);
});

test('a worker that drained its line takes new requests at once, and can queue again', () => {
  const p = pool(1, 1, 1);
  const a = connection(p);
  for (let round = 0; round < 3; round++) {
    const t0 = round * 10_000;
    p.send(t0, 10 * round + 1, a, 200);
    p.send(t0 + 1, 10 * round + 2, a, 200);
  }
  p.sim.run();
  assert.deepEqual(p.done, [[1, 200], [2, 400], [11, 10_200], [12, 10_400], [21, 20_200], [22, 20_400]]);
});
