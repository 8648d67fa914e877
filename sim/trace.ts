import type { Mode, RunResult } from './result.js';
import { runScenario } from './run.js';
import type { Scenario } from './scenario/types.js';
import { type RequestTrace, RequestTracer } from './stats/request-trace.js';

/**
 * Runs a scenario in one mode and follows one request: the first one issued at or after `fromNs`
 * that opens a new connection (so the handshake is part of the story). The run stops as soon as
 * that request is answered, so `result` covers the run only up to then. Observing changes nothing
 * in the model: everything up to that moment is what a full run does.
 */
export function traceRequest(scenario: Scenario, mode: Mode, options: { seed?: number; fromNs?: number } = {}): { trace: RequestTrace | null; result: RunResult } {
  let tracer: RequestTracer | null = null;
  const result = runScenario(scenario, {
    mode,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    setup: (world, flow) => {
      tracer = new RequestTracer(world, options.fromNs ?? scenario.run.warmupNs);
      world.runner.observer = tracer.observe;
      flow.onLookup = tracer.lookup;
      flow.onComplete = (req, nowNs) => {
        tracer!.finish(req, nowNs);
        if (tracer!.result?.completedMs !== null && tracer!.result?.completedMs !== undefined) world.sim.stop();
      };
    },
  });
  return { trace: (tracer as RequestTracer | null)?.result ?? null, result };
}

/** One traced request per mode (same seed, same request slot), skipping a mode whose run opened no connection in time. */
export function traceModes(scenario: Scenario, modes: readonly Mode[], options: { seed?: number; fromNs?: number } = {}): RequestTrace[] {
  const out: RequestTrace[] = [];
  for (const mode of modes) {
    const { trace } = traceRequest(scenario, mode, options);
    if (trace !== null) out.push(trace);
  }
  return out;
}
