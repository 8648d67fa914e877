import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The main job (`npm start` without the build): `lbsim compare scenarios/default.yaml` with its
 * charts, in a child process timed by time-command.js, which reports the child's wall time and
 * the CPU time of all its threads (the worker pool's included). cpu_per_wall above 1 means the job
 * used more than one core; on an idle 2-core machine the target is wall ≤ 0.65 × CPU.
 */
export function runMainJobBenchmark(options: { readonly workers?: number } = {}): string {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const out = mkdtempSync(join(tmpdir(), 'lbsim-bench-main-'));
  const report = join(out, 'timing.json');
  try {
    const args = [
      fileURLToPath(new URL('./time-command.js', import.meta.url)), report,
      join(root, 'dist/reports/cli/main.js'), 'compare', join(root, 'scenarios/default.yaml'), '--out', join(out, 'out'), '--quiet',
      ...(options.workers === undefined ? [] : ['--workers', String(options.workers)]),
    ];
    const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (child.status !== 0) throw new Error(`the main job exited with ${child.status ?? child.signal}`);
    const t = JSON.parse(readFileSync(report, 'utf8')) as { wallSeconds: number; userSeconds: number; systemSeconds: number; peakRssMb: number };
    const cpu = t.userSeconds + t.systemSeconds;
    const workers = options.workers === undefined ? '' : ` workers=${options.workers}`;
    return `engine=lbsim workload=main${workers} wall_s=${t.wallSeconds.toFixed(2)} cpu_s=${cpu.toFixed(2)} wall_over_cpu=${(t.wallSeconds / cpu).toFixed(2)} peak_rss_mb=${t.peakRssMb}`;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
