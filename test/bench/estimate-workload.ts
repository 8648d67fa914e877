import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { MODES } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { estimateCost } from '../../sim/scenario/cost-estimate.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { loadScenarioValue } from '../../sim/scenario/load-file.js';

/**
 * How close the pre-run cost estimate is to the events a run takes (`npm run bench -- estimate
 * [--seconds N]`): every shipped scenario, cut to N simulated seconds (default 1, warm-up 0.2 s),
 * under every one of its modes. Its line reports the largest and smallest events/estimate ratio:
 *   engine=lbsim workload=estimate runs=<n> ratio_min=<r> ratio_max=<r> wall_s=<t>
 * A ratio above 1 would mean the estimate is not the upper bound it claims to be (docs/inputs.md).
 */
export function runEstimateBenchmark(options: { readonly seconds?: number }): string {
  const dir = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
  const seconds = options.seconds ?? 1;
  const started = performance.now();
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  let runs = 0;
  for (const file of readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()) {
    const raw = loadScenarioValue(join(dir, file)) as Record<string, any>;
    raw.run = { ...(raw.run ?? {}), duration: `${seconds}s`, warmup: `${Math.min(0.2, seconds / 5)}s` };
    if (Array.isArray(raw.faults)) {
      raw.faults = raw.faults.map((f: Record<string, unknown>) => ({ ...f, at: `${seconds / 2}s`, ...(f.recoverAt !== undefined ? { recoverAt: `${(3 * seconds) / 4}s` } : {}) }));
    }
    const scenario = parseScenario(raw, file);
    const estimate = estimateCost(scenario);
    for (const mode of MODES.filter((m) => scenario.modes.includes(m))) {
      const ratio = runScenario(scenario, { mode }).events / estimate.events;
      process.stderr.write(`${file} ${mode}: ${ratio.toFixed(3)}\n`);
      min = Math.min(min, ratio);
      max = Math.max(max, ratio);
      runs++;
    }
  }
  const wallSeconds = (performance.now() - started) / 1000;
  return `engine=lbsim workload=estimate runs=${runs} ratio_min=${min.toFixed(3)} ratio_max=${max.toFixed(3)} wall_s=${wallSeconds.toFixed(3)}`;
}
