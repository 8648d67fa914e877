import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Simulator } from '../../sim/engine/simulator.js';
import { NicResource } from '../../sim/net/nic.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * A NIC direction limited by bits and by packets (sim/net/nic.ts), on a 40 GbE XL710-like port
 * (40 Gbps, 37 Mpps). By hand: one packet holds the line for 1/37 Mpps = 27.03 ns, i.e. the time
 * of 5 B/ns × 27.03 ns = 135.1 B at 40 Gbps. A flood of 1,000 pure ACKs of 90 B on the wire
 * (52 B TCP/IP with timestamps + 38 B Ethernet) needs 90,000 B / 5 B/ns = 18,000 ns of bits but
 * 1,000 / 0.037 packets/ns = 27,027 ns of packet slots: packets bind. Ten full frames of 1,538 B
 * need 3,076 ns of bits and 270 ns of slots: bits bind.
 */
function carry(bytes: number, packets: number): { doneNs: number; note: string | undefined } {
  const sim = new Simulator();
  const nic = new NicResource(sim, 'fe.nic-rx', 'fe', 'nic-rx', 40e9, 37e6);
  let doneNs = -1;
  nic.transfer(bytes, packets, () => (doneNs = sim.nowNs), undefined);
  sim.run();
  return { doneNs, note: nic.snapshot().limitNote };
}

describe('a NIC with a bit rate and a packet rate', () => {
  it('small-packet flood: the packet rate binds (27,027 ns, not 18,000)', () => {
    const r = carry(1_000 * 90, 1_000);
    assert.equal(r.doneNs, Math.ceil(1_000 / 0.037));
    assert.match(r.note!, /^binds: packets/);
  });

  it('full-size frames: the bit rate binds (3,076 ns)', () => {
    const r = carry(10 * 1_538, 10);
    assert.equal(r.doneNs, Math.ceil((10 * 1_538) / 5));
    assert.match(r.note!, /^binds: bits/);
  });

  it('over a window opened on a deep queue: carried is the busy line (never above the limit), offered only what arrived', () => {
    // 10 MB queued at t = 0 keep a 40 Gbps line busy until 2 ms; the window is [1 ms, 1.5 ms], with nothing arriving in it.
    const sim = new Simulator();
    const nic = new NicResource(sim, 'fe.nic-tx', 'fe', 'nic-tx', 40e9, 37e6);
    for (let k = 0; k < 10; k++) nic.transfer(1_000_000, 700, () => undefined, undefined);
    sim.run({ untilNs: 1_000_000 });
    nic.resetStats();
    sim.run({ untilNs: 1_500_000 });
    assert.equal(nic.snapshot().limitNote, 'busy with work queued before the window (line time 40.00 of 40.00 Gbps); nothing offered in the window');
    // One more transfer in the window [1, 2] ms: the busy line (5 MB of line time) is split by the offered mix (1 MB in 700 packets).
    nic.transfer(1_000_000, 700, () => undefined, undefined);
    sim.run({ untilNs: 2_000_000 });
    const note = nic.snapshot().limitNote!;
    assert.match(note, /carried 40\.00 of 40\.00 Gbps, 3\.50 of 37\.00 Mpps; offered 8\.00 Gbps, 0\.70 Mpps/, note);
  });

  it('a rate of line rate in minimum frames never binds (10 GbE at 14.88 Mpps, 84 B frames)', () => {
    const sim = new Simulator();
    const nic = new NicResource(sim, 'x', 'x', 'nic-rx', 10e9, 14_880_952);
    assert.equal(nic.lineBytes(84 * 7, 7), 84 * 7);
  });

  it('in a run, the bottleneck evidence names the binding limit: packets for a HEAD flood, bits for large GETs', () => {
    const run = (mix: Record<string, number>, size: string, nicPps: number) => runScenario(parseScenario({
      name: 'nic-flood', description: 'saturate the director NIC', modes: ['lvs-dr'], run: { duration: '40ms', warmup: '10ms' },
      workload: { groups: [{ name: 'c', clients: 200, arrival: { kind: 'closed', think: { kind: 'constant', value: 0 } }, mix, objectSize: { kind: 'constant', value: size }, requestsPerConnection: 1000, rtt: '100us' }] },
      topology: { servers: { count: 4, cores: 64, nic: '100Gbps' }, frontEnd: { cores: 64, nic: '1Gbps', nicPps: nicPps } },
      costs: { server: { requestNs: { GET: 0, PUT: 0, HEAD: 0, DELETE: 0 }, kernelNsPerPacket: 0, nsPerByte: 0 } },
    }), { mode: 'lvs-dr' });
    const small = run({ HEAD: 1 }, '0B', 20_000);
    assert.equal(small.bottleneck.resource, 'director-0.nic-rx');
    assert.match(small.bottleneck.evidence, /binds: packets/);
    const large = run({ PUT: 1 }, '1MiB', 1_488_095);
    assert.equal(large.bottleneck.resource, 'director-0.nic-rx');
    assert.match(large.bottleneck.evidence, /binds: bits/);
  });
});
