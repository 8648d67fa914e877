import type { Mode, RunResult } from './result.js';
import { runScenario } from './run.js';
import type { Scenario } from './scenario/types.js';
import { type RequestTrace, RequestTracer } from './stats/request-trace.js';

/**
 * Runs a scenario in one mode and follows one request: the first one issued at or after `fromNs`
 * that opens a new connection (so the handshake is part of the story).
 */
export function traceRequest(scenario: Scenario, mode: Mode, options: { seed?: number; fromNs?: number } = {}): { trace: RequestTrace | null; result: RunResult } {
  let tracer: RequestTracer | null = null;
  const result = runScenario(scenario, {
    mode,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    setup: (world, flow) => {
      tracer = new RequestTracer(world, options.fromNs ?? scenario.run.warmupNs);
      world.runner.observer = tracer.observe;
      flow.onComplete = (req, nowNs) => tracer!.finish(req, nowNs);
    },
  });
  return { trace: (tracer as RequestTracer | null)?.result ?? null, result };
}
