import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

/**
 * `node time-command.js <report.json> <script.js> [args…]`: runs the script in this process as if
 * it had been started directly, and when the process exits writes its wall time, the CPU time of
 * all its threads (process.resourceUsage covers worker threads too) and its peak RSS to report.json.
 */
const [report, script, ...rest] = process.argv.slice(2);
// `node --test dist/test/` runs every file under test/ as a test, this one too: nothing to do then.
if (process.env['NODE_TEST_CONTEXT'] === undefined) {
  if (report === undefined || script === undefined) {
    process.stderr.write('usage: node time-command.js <report.json> <script.js> [args…]\n');
    process.exit(2);
  }
  await timeScript(report, script, rest);
}

async function timeScript(report: string, script: string, rest: readonly string[]): Promise<void> {
  const start = performance.now();
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(report, JSON.stringify({
      wallSeconds: (performance.now() - start) / 1000,
      userSeconds: usage.userCPUTime / 1e6,
      systemSeconds: usage.systemCPUTime / 1e6,
      peakRssMb: Math.round(usage.maxRSS / 1024),
    }));
  });
  process.argv = [process.argv[0]!, script, ...rest];
  await import(pathToFileURL(script).href);
}
