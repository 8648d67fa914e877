import { sequenceOf } from '../../reports/sequence/sequence-model.js';
import { sequenceSvg } from '../../reports/sequence/sequence-svg.js';
import type { Mode, RunResult } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario, readScenarioInput } from '../../sim/scenario/load.js';
import { traceRequest } from '../../sim/trace.js';
import { type PlaygroundState, editedInput, slidersOf } from './playground-state.js';

/**
 * The playground's Web Worker: the same sim/ the CLI runs, off the page's thread. Messages in:
 * `load` (validate a scenario text, return its sliders) and `run` (apply the state, run the modes,
 * trace one request). Every scenario error comes back with the CLI's own message.
 */
export type WorkerRequest =
  | { readonly id: number; readonly type: 'load'; readonly text: string; readonly file: string }
  | { readonly id: number; readonly type: 'run'; readonly text: string; readonly file: string; readonly state: PlaygroundState; readonly modes: readonly Mode[]; readonly traceMode: Mode | null };

export type WorkerReply =
  | { readonly id: number; readonly type: 'error'; readonly message: string }
  | { readonly id: number; readonly type: 'loaded'; readonly name: string; readonly description: string; readonly modes: readonly Mode[]; readonly sliders: ReturnType<typeof slidersOf> }
  | { readonly id: number; readonly type: 'progress'; readonly message: string }
  | { readonly id: number; readonly type: 'done'; readonly input: unknown; readonly seed: number; readonly results: readonly RunResult[]; readonly svg: string | null };

const post = (m: WorkerReply) => (self as unknown as { postMessage(m: WorkerReply): void }).postMessage(m);

function handle(req: WorkerRequest): void {
  const raw = readScenarioInput(req.text, req.file);
  const base = parseScenario(raw, req.file);
  if (req.type === 'load') {
    post({ id: req.id, type: 'loaded', name: base.name, description: base.description, modes: base.modes, sliders: slidersOf(base) });
    return;
  }
  const input = JSON.parse(JSON.stringify(editedInput(raw, base, req.state))) as unknown;
  const scenario = parseScenario(input, req.file);
  const seed = req.state.seed ?? scenario.run.seed;
  const results = req.modes.map((mode, i) => {
    post({ id: req.id, type: 'progress', message: `running ${mode} (${i + 1}/${req.modes.length})…` });
    return runScenario(scenario, { mode, seed });
  });
  let svg: string | null = null;
  if (req.traceMode !== null) {
    post({ id: req.id, type: 'progress', message: `tracing one request under ${req.traceMode}…` });
    const { trace } = traceRequest(scenario, req.traceMode, { seed });
    svg = trace === null ? null : sequenceSvg(sequenceOf(trace));
  }
  post({ id: req.id, type: 'done', input, seed, results, svg });
}

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  try {
    handle(e.data);
  } catch (err) {
    post({ id: e.data.id, type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
