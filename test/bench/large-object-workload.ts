import { MODES, type Mode } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * Memory of large objects (`npm run bench -- large-object`): the live heap (after a full
 * collection, `node --expose-gc`) at its peak while 64 MiB GETs run, against the same run with
 * 64 KiB GETs, in every mode. Two loads: one GET on its own, and 64 closed-loop clients with two
 * GETs each (64 in flight at once). The peak is sampled 100 times over the run's simulated length
 * (found by a first run without sampling). Each object travels as chunks of at most 256 KiB with
 * at most 16 in flight per message (the receive window, docs/model.md), so a 64 MiB GET holds a
 * bounded number of trains and events whatever its size; this measures what that bound costs the
 * process next to the simulator's own state.
 */
const SIZES = ['64KiB', '64MiB'] as const;
const LOADS = [{ clients: 1, requests: 1 }, { clients: 64, requests: 128 }] as const;
const SAMPLES = 100;

function scenario(mode: Mode, size: string, clients: number, requests: number) {
  return parseScenario({
    name: 'large-object-memory', description: 'GETs of one size, closed loop', modes: [mode],
    run: { duration: '600s', warmup: '0s', maxRequests: requests },
    workload: { groups: [{ name: 'c', clients, arrival: { kind: 'closed', think: { kind: 'constant', value: '1ms' } }, mix: { GET: 1 }, objectSize: { kind: 'constant', value: size }, requestsPerConnection: 2 }] },
    topology: { servers: { count: 4, nic: '10Gbps' }, frontEnd: { count: 1, nic: '10Gbps' } },
  });
}

/** Peak live heap in bytes over one run, sampled every `intervalNs` of simulated time (after a full collection). */
function peakLiveHeap(mode: Mode, size: string, clients: number, requests: number, intervalNs: number, gc: () => void): number {
  let peak = 0;
  runScenario(scenario(mode, size, clients, requests), {
    mode,
    setup: (world) => {
      const sample = (): void => {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
        // Stop sampling once nothing else is pending, so the run can end.
        if (world.sim.pendingEvents > 0) world.sim.schedule(intervalNs, sample);
      };
      world.sim.schedule(intervalNs, sample);
    },
  });
  return peak;
}

export function runLargeObjectBenchmark(): string {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('needs node --expose-gc (npm run bench runs it so)');
  const lines: string[] = [];
  for (const load of LOADS) {
    for (const mode of MODES) {
      const mb: number[] = [];
      for (const size of SIZES) {
        const lengthNs = runScenario(scenario(mode, size, load.clients, load.requests), { mode }).simulatedSeconds * 1e9;
        mb.push(peakLiveHeap(mode, size, load.clients, load.requests, Math.max(1, Math.round(lengthNs / SAMPLES)), gc) / 1024 ** 2);
      }
      lines.push(`engine=lbsim workload=large-object mode=${mode} clients=${load.clients} live_heap_mb_64KiB=${mb[0]!.toFixed(2)} live_heap_mb_64MiB=${mb[1]!.toFixed(2)} ratio=${(mb[1]! / mb[0]!).toFixed(3)}`);
    }
  }
  return lines.join('\n');
}
