import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Request } from '../../sim/models/request.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * Linux's SYN retransmission schedule, hand-computed: the first SYN at t0, then after 1, 2, 4,
 * 8, 16 and 32 s (initial RTO 1 s, doubling), so at t0 + 1, 3, 7, 15, 31 and 63 s; with
 * tcp_syn_retries = 6 the connect fails 64 s after the last one, at t0 + 127 s.
 *
 * One server with one worker of one client slot and an accept queue of one: client 0's
 * connection holds the slot (it never closes), client 1's waits in the accept queue, and every
 * SYN of client 2 finds the queue full and is dropped.
 */
it('a dropped SYN is retransmitted at 1, 3, 7, 15, 31, 63 s and the connect fails at 127 s', () => {
  const scenario = parseScenario({
    name: 'syn', description: 'a full accept queue', modes: ['rr-dns'],
    run: { duration: '130s', warmup: '0s' },
    workload: { groups: [{
      name: 'g', clients: 3, arrival: { kind: 'closed', think: { kind: 'constant', value: '10ms' }, rampUp: '0s' },
      mix: { HEAD: 1 }, requestsPerConnection: 1_000_000, timeout: '1000s', retries: 0,
    }] },
    topology: { servers: { count: 1, workers: 1, maxClients: 1, backlog: 1 } },
    dns: { ttl: '3600s' },
  }, 'syn');
  const synTimes = new Map<number, number[]>();
  const seen = new Set<unknown>();
  const r = runScenario(scenario, {
    mode: 'rr-dns',
    observer: (train, _stage, enteredNs) => {
      if (train.kind !== 'syn' || seen.has(train.message)) return;
      seen.add(train.message);
      const req = train.message.context as Request;
      const list = synTimes.get(req.clientIndex) ?? [];
      list.push(enteredNs);
      synTimes.set(req.clientIndex, list);
    },
  });
  const t = synTimes.get(2)!;
  const t0 = t[0]!;
  const offsetsS = t.slice(0, 8).map((x) => (x - t0) / 1e9);
  // After giving up at 127 s the session thinks 10 ms and connects again (a new first SYN).
  assert.deepEqual(offsetsS.slice(0, 7), [0, 1, 3, 7, 15, 31, 63]);
  assert.ok(Math.abs(offsetsS[7]! - 127.01) < 1e-6, `next connect at ${offsetsS[7]} s`);
  assert.equal(r.requests.timedOut, 1, 'the first connect failed');
  const queue = r.resources.find((x) => x.id === 'server-0.accept-queue')!;
  assert.equal(queue.maxQueue, 1);
  assert.ok(queue.dropped >= 8, `SYNs dropped: ${queue.dropped}`);
  // Client 0 is served all along; client 1 waits for ever in the accept queue.
  assert.equal(synTimes.get(1)!.length, 1);
});
