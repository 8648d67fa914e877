import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CPU, STREAM, type Stage, type StageSite } from '../../sim/net/route.js';
import { DEFAULT_CHUNK_PACKETS, WINDOW_CHUNKS } from '../../sim/net/transport.js';
import type { Train } from '../../sim/net/train.js';
import type { Mode } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * One 64 MiB GET through each mode (fresh connection, 10 GbE servers and front end): the object
 * streams. The first chunk reaches the client while the object server is still sending later
 * chunks over the back-end NIC; no CPU job at the director carries more than one chunk's packets
 * (so a client's ACKs never pile up into one 23 ms job ahead of the GET); a message never has
 * more than WINDOW_CHUNKS trains in flight, so what a request holds in memory is bounded whatever
 * its size, and the events per request grow with the chunk count only.
 *
 * Memory, counted deterministically as the peak of live simulation state during the run (events
 * pending in the queue plus trains in flight, over every message of the request and its ACKs):
 * the same for 64 MiB and 256 MiB (within 10 %), so it does not grow with object size. It is not
 * the same as a 64 KiB GET's: that one travels as one chunk (peak ≈ 6–9 live objects) while any
 * object above the 4 MiB window keeps 16 chunks moving (≈ 35–41), and the test bounds the
 * difference by the window: at most two live objects (a train and its pending event) per chunk
 * in flight, plus the ACK messages those chunks trigger. In process memory that window is small
 * next to the simulator's own state: `npm run bench -- large-object` measures the live heap of 64 MiB
 * against 64 KiB GETs within 10 % in every mode, alone and 64 at once (docs/benchmarks.md).
 */
const MODES: readonly Mode[] = ['rr-dns', 'client-side', 'l7-proxy', 'lvs-nat', 'lvs-tun', 'lvs-dr'];

function run(mode: Mode, size: string) {
  let firstAtClientNs = Number.POSITIVE_INFINITY;
  let lastBackendNs = 0;
  let maxDirectorJobNs = 0;
  let maxInFlight = 0;
  let maxChunkPackets = 0;
  const scenario = parseScenario({
    name: 'large', description: 'one large GET', modes: [mode], run: { duration: '60s', warmup: '0s', maxRequests: 1 },
    workload: { groups: [{ name: 'c', clients: 1, arrival: { kind: 'closed', think: { kind: 'constant', value: '1ms' } }, mix: { GET: 1 }, objectSize: { kind: 'constant', value: size }, requestsPerConnection: 1 }] },
    topology: { servers: { count: 1, nic: '10Gbps' }, frontEnd: { count: 1, nic: '10Gbps' } },
  });
  let sim: { eventsFired: number; pendingEvents: number } | null = null;
  const live = new Set<Train['message']>();
  let peakLive = 0;
  const result = runScenario(scenario, {
    mode,
    setup: (world) => {
      sim = world.sim;
      const ackHook = world.runner.onDelivered!;
      world.runner.onDelivered = (train) => {
        if (train.kind === 'response' && train.leg === train.message.legCount - 1) firstAtClientNs = Math.min(firstAtClientNs, world.sim.nowNs);
        ackHook(train);
      };
    },
    observer: (train: Train, stage: Stage, _entered: number, leftNs: number, site: StageSite) => {
      live.add(train.message);
      let trains = 0;
      for (const m of live) {
        if (m.atEnd) live.delete(m);
        else trains += m.inFlight;
      }
      peakLive = Math.max(peakLive, trains + sim!.pendingEvents);
      maxInFlight = Math.max(maxInFlight, train.message.inFlight);
      for (const f of train.flows) maxChunkPackets = Math.max(maxChunkPackets, f.ctrl + f.data);
      if (train.kind !== 'response') return;
      if (stage.kind === STREAM) lastBackendNs = Math.max(lastBackendNs, leftNs);
      if (stage.kind === CPU && site.node!.id.startsWith('director')) maxDirectorJobNs = Math.max(maxDirectorJobNs, stage.cost(train));
    },
  });
  assert.equal(result.requests.completed, 1);
  return { result, firstAtClientNs, lastBackendNs, maxDirectorJobNs, maxInFlight, maxChunkPackets, peakLive, events: (sim as { eventsFired: number } | null)!.eventsFired };
}

describe('a 64 MiB GET streams through every mode, in memory bounded whatever its size', () => {
  for (const mode of MODES) {
    it(`${mode}: no stage waits for the whole object; jobs and trains in flight bounded`, () => {
      const big = run(mode, '64MiB');
      assert.ok(big.firstAtClientNs < big.lastBackendNs, `the first chunk reaches the client (${big.firstAtClientNs} ns) before the object server sends the last (${big.lastBackendNs} ns)`);
      assert.ok(big.maxChunkPackets <= DEFAULT_CHUNK_PACKETS, `at most one chunk's packets per train (${big.maxChunkPackets})`);
      // 1.3 µs per packet at most (NAT), one chunk per job.
      assert.ok(big.maxDirectorJobNs <= DEFAULT_CHUNK_PACKETS * 1_300, `director job ${big.maxDirectorJobNs} ns`);
      assert.ok(big.maxInFlight <= WINDOW_CHUNKS, `trains in flight ${big.maxInFlight}`);
      const small = run(mode, '64KiB');
      // 64 MiB is 257 chunks of ≤ 256 KiB: events scale with the chunk count, ~ a few dozen per chunk.
      assert.ok(big.events < small.events * 257 * 1.1, `events ${big.events} vs ${small.events} for 64 KiB`);
      const huge = run(mode, '256MiB');
      assert.ok(Math.abs(big.peakLive / huge.peakLive - 1) <= 0.1, `peak live state: 64 MiB ${big.peakLive}, 256 MiB ${huge.peakLive}`);
      assert.ok(big.peakLive <= small.peakLive + 2 * (WINDOW_CHUNKS + 2), `peak live state: 64 MiB ${big.peakLive}, 64 KiB ${small.peakLive}`);
    });
  }
});
