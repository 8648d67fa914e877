import { MODES, type Mode, type RunResult } from '../../sim/result.js';
import { DEFAULT_STATE, type PlaygroundState, type Sliders, decodeState, encodeState } from './playground-state.js';
import type { WorkerReply, WorkerRequest } from './worker.js';

/**
 * The playground page: scenario picker or pasted YAML, sliders, run / compare buttons, results and
 * the sequence diagram. The simulator runs in a Web Worker created from a Blob (the build inlines
 * its code), so the page works from a file:// URL with no server and no network. The state lives
 * in the URL fragment, so a link reproduces the exact run.
 */
declare const __WORKER_SOURCE__: string;
declare const __SCENARIO_LIBRARY__: Record<string, string>;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const num = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = (u: number) => `${(u * 100).toFixed(1)} %`;

const worker = new Worker(URL.createObjectURL(new Blob([__WORKER_SOURCE__], { type: 'text/javascript' })));
let nextId = 1;
const pending = new Map<number, { resolve: (r: WorkerReply) => void; progress: (m: string) => void }>();
worker.onmessage = (e: MessageEvent<WorkerReply>) => {
  const p = pending.get(e.data.id);
  if (p === undefined) return;
  if (e.data.type === 'progress') return p.progress(e.data.message);
  pending.delete(e.data.id);
  p.resolve(e.data);
};
type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
function ask(req: Request, progress: (m: string) => void = () => {}): Promise<WorkerReply> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, { resolve, progress });
    worker.postMessage({ ...req, id } as WorkerRequest);
  });
}

let state: PlaygroundState = decodeState(location.hash);
let base: Sliders | null = null;
/** What the last run produced: read by people (the page) and by the browser test (window.lbsimPlayground). */
const exposed: { ready: boolean; busy: boolean; last: { input: unknown; seed: number; file: string; results: readonly RunResult[] } | null; error: string | null } = { ready: false, busy: false, last: null, error: null };
(window as unknown as { lbsimPlayground: typeof exposed }).lbsimPlayground = exposed;

const SLIDERS: readonly { key: keyof Sliders; id: string; label: (v: number) => string }[] = [
  { key: 'servers', id: 'servers', label: (v) => `${v}` },
  { key: 'rateRps', id: 'rate', label: (v) => `${num(v)} req/s` },
  { key: 'sizeKiB', id: 'size', label: (v) => `${num(v)} KiB` },
  { key: 'ttlS', id: 'ttl', label: (v) => `${v} s` },
  { key: 'keepAlive', id: 'keepalive', label: (v) => `${v} per connection` },
];

function scenarioText(): { text: string; file: string } {
  if (state.scenario === 'pasted') return { text: state.yaml, file: 'pasted.yaml' };
  return { text: __SCENARIO_LIBRARY__[state.scenario] ?? '', file: state.scenario };
}

function showError(message: string | null): void {
  exposed.error = message;
  $('error').textContent = message ?? '';
  $('error').hidden = message === null;
}

function saveState(): void {
  history.replaceState(null, '', encodeState(state));
  $<HTMLInputElement>('link').value = location.href;
}

function sliderValue(key: keyof Sliders): number | null {
  return state.moved[key] ?? base?.[key] ?? null;
}

function paintSliders(): void {
  for (const s of SLIDERS) {
    const input = $<HTMLInputElement>(s.id);
    const v = sliderValue(s.key);
    input.disabled = v === null;
    if (v !== null) {
      if (Number(input.max) < v) input.max = String(v);
      input.value = String(v);
    }
    $(`${s.id}-value`).textContent = v === null ? 'n/a (closed loop)' : s.label(v) + (state.moved[s.key] === undefined ? ' (scenario)' : '');
  }
  $<HTMLSelectElement>('mode').value = state.mode;
  $<HTMLInputElement>('seed').value = state.seed === null ? '' : String(state.seed);
  $<HTMLInputElement>('full').checked = state.full;
}

async function loadScenario(): Promise<void> {
  showError(null);
  $<HTMLSelectElement>('scenario').value = state.scenario;
  $<HTMLTextAreaElement>('yaml').hidden = state.scenario !== 'pasted';
  if (state.scenario === 'pasted') $<HTMLTextAreaElement>('yaml').value = state.yaml;
  const reply = await ask({ type: 'load', ...scenarioText() });
  if (reply.type === 'error') {
    base = null;
    showError(reply.message);
  } else if (reply.type === 'loaded') {
    base = reply.sliders;
    $('description').textContent = reply.description;
  }
  paintSliders();
  saveState();
}

function showResults(results: readonly RunResult[]): void {
  const r = results.find((x) => x.mode === state.mode) ?? results[0]!;
  $('throughput').textContent = num(r.throughput.requestsPerSecond, 1);
  $('throughput').dataset.value = String(r.throughput.requestsPerSecond);
  $('p99').textContent = `${num(r.latencyMs.p99, 2)} ms`;
  $('utilization').textContent = pct(r.bottleneck.utilization);
  $('bottleneck').textContent = `${r.bottleneck.resource} (${r.bottleneck.kind})`;
  $('health').textContent = `${num(r.requests.completed)} completed, ${num(r.requests.failed + r.requests.timedOut)} failed or timed out, ${num(r.simulatedSeconds, 1)} s measured, seed ${r.seed}`;
  const table = $('compare');
  table.replaceChildren();
  if (results.length > 1) {
    const head = document.createElement('tr');
    for (const h of ['mode', 'throughput (req/s)', 'p99 (ms)', 'bottleneck', 'utilisation', 'max/mean']) head.appendChild(Object.assign(document.createElement('th'), { textContent: h }));
    table.appendChild(head);
    for (const x of results) {
      const tr = document.createElement('tr');
      for (const c of [x.mode, num(x.throughput.requestsPerSecond), num(x.latencyMs.p99, 2), x.bottleneck.resource, pct(x.bottleneck.utilization), num(x.imbalance.maxOverMean, 2)]) tr.appendChild(Object.assign(document.createElement('td'), { textContent: c }));
      table.appendChild(tr);
    }
  }
}

async function run(modes: readonly Mode[]): Promise<void> {
  if (exposed.busy) return;
  exposed.busy = true;
  showError(null);
  $('status').textContent = 'starting…';
  for (const b of ['run', 'compare-all']) $<HTMLButtonElement>(b).disabled = true;
  const { text, file } = scenarioText();
  const started = performance.now();
  const reply = await ask({ type: 'run', text, file, state, modes, traceMode: state.mode }, (m) => { $('status').textContent = m; });
  if (reply.type === 'error') showError(reply.message);
  else if (reply.type === 'done') {
    exposed.last = { input: reply.input, seed: reply.seed, file, results: reply.results };
    showResults(reply.results);
    // Built by reports/sequence/sequence-svg.ts, which escapes every piece of text it draws.
    $('diagram').innerHTML = reply.svg ?? '<p>No new connection was opened in this run.</p>';
  }
  $('status').textContent = reply.type === 'done' ? `done in ${((performance.now() - started) / 1000).toFixed(1)} s` : '';
  for (const b of ['run', 'compare-all']) $<HTMLButtonElement>(b).disabled = false;
  exposed.busy = false;
}

function setup(): void {
  const scenarioSelect = $<HTMLSelectElement>('scenario');
  for (const name of [...Object.keys(__SCENARIO_LIBRARY__).sort(), 'pasted']) {
    scenarioSelect.appendChild(Object.assign(document.createElement('option'), { value: name, textContent: name === 'pasted' ? 'paste YAML…' : name }));
  }
  const modeSelect = $<HTMLSelectElement>('mode');
  for (const m of MODES) modeSelect.appendChild(Object.assign(document.createElement('option'), { value: m, textContent: m }));
  scenarioSelect.onchange = () => {
    state = { ...DEFAULT_STATE, mode: state.mode, scenario: scenarioSelect.value, yaml: scenarioSelect.value === 'pasted' ? (state.yaml || (__SCENARIO_LIBRARY__['default.yaml'] ?? '')) : '' };
    void loadScenario();
  };
  $<HTMLTextAreaElement>('yaml').onchange = (e) => {
    state = { ...state, yaml: (e.target as HTMLTextAreaElement).value, moved: {} };
    void loadScenario();
  };
  modeSelect.onchange = () => { state = { ...state, mode: modeSelect.value as Mode }; saveState(); };
  $<HTMLInputElement>('seed').onchange = (e) => {
    const v = (e.target as HTMLInputElement).value.trim();
    state = { ...state, seed: v === '' || !Number.isInteger(Number(v)) ? null : Number(v) };
    saveState();
  };
  $<HTMLInputElement>('full').onchange = (e) => { state = { ...state, full: (e.target as HTMLInputElement).checked }; saveState(); };
  for (const s of SLIDERS) {
    $<HTMLInputElement>(s.id).oninput = (e) => {
      const v = Number((e.target as HTMLInputElement).value);
      const moved = { ...state.moved };
      if (base !== null && base[s.key] === v) delete moved[s.key];
      else moved[s.key] = v;
      state = { ...state, moved };
      paintSliders();
      saveState();
    };
  }
  $<HTMLButtonElement>('run').onclick = () => void run([state.mode]);
  $<HTMLButtonElement>('compare-all').onclick = () => void run(MODES);
  $<HTMLButtonElement>('reset').onclick = () => { state = { ...state, moved: {} }; paintSliders(); saveState(); };
  window.onhashchange = () => {
    if (encodeState(state) === location.hash) return;
    state = decodeState(location.hash);
    void loadScenario();
  };
  void loadScenario().then(() => { exposed.ready = true; });
}

setup();
