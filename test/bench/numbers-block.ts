/**
 * The measured blocks of README.md and docs/benchmarks.md: text between
 * `<!-- numbers:<name> begin -->` and `<!-- numbers:<name> end -->`, rewritten only by
 * `npm run docs:numbers` (test/bench/docs-numbers.ts). Pure functions, so the formatting is tested
 * without measuring anything.
 */
export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly loadAverage: number;
  readonly date: string;
  readonly commit: string;
}

/** One measured figure and the baseline measured beside it. */
export interface Measurement {
  readonly what: string;
  /** The command that reproduces it. */
  readonly command: string;
  readonly value: number;
  readonly unit: string;
  /** `rate`: more is faster (ratio = value / baseline rate); `time`: seconds (ratio = value / baseline seconds). */
  readonly kind: 'rate' | 'time';
  readonly note?: string;
}

export interface Baseline {
  /** phold events per second, mean of the runs before and after the measurements. */
  readonly eventsPerSecond: number;
  /** Wall seconds of one phold run (5,000,000 events). */
  readonly seconds: number;
  readonly runs: readonly number[];
}

export function markers(name: string): { begin: string; end: string } {
  return { begin: `<!-- numbers:${name} begin -->`, end: `<!-- numbers:${name} end -->` };
}

/** `text` with the block `name` replaced by `body`; throws when the markers are missing or out of order. */
export function replaceBlock(text: string, name: string, body: string): string {
  const { begin, end } = markers(name);
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < 0 || j < i) throw new Error(`no block '${name}' (${begin} … ${end}) in the file`);
  return `${text.slice(0, i + begin.length)}\n${body.trimEnd()}\n${text.slice(j)}`;
}

const grouped = (x: number, digits = 0): string => {
  const [int = '', frac] = x.toFixed(digits).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac === undefined ? '' : `.${frac}`}`;
};

function valueText(m: Measurement): string {
  if (m.kind === 'time') return `${grouped(m.value, m.value < 10 ? 2 : 1)} ${m.unit}`;
  return m.value >= 1e6 ? `${grouped(m.value / 1e6, 2)} M ${m.unit}` : m.value >= 1e4 ? `${grouped(m.value / 1e3, 1)} k ${m.unit}` : `${grouped(m.value, 0)} ${m.unit}`;
}

export function ratioText(m: Measurement, b: Baseline): string {
  return m.kind === 'rate' ? `${(m.value / b.eventsPerSecond).toFixed(4)} × phold's events/s` : `${grouped(m.value / b.seconds, 1)} × a phold run`;
}

export function machineLine(machine: Machine): string {
  return `${machine.date}, commit ${machine.commit}: ${machine.cpus} × ${machine.cpuModel}, ${grouped(machine.memoryGiB, 1)} GiB, Node ${machine.node}, load average ${machine.loadAverage.toFixed(2)} at the start`;
}

/** The table both files show: each figure, how to reproduce it, and its ratio to the baseline. */
export function speedTable(machine: Machine, baseline: Baseline, ms: readonly Measurement[]): string {
  const rows = ms.map((m) => `| ${m.what} | \`${m.command}\` | ${valueText(m)}${m.note === undefined ? '' : ` (${m.note})`} | ${ratioText(m, baseline)} |`);
  return [
    `Measured by \`npm run docs:numbers\` on ${machineLine(machine)}.`,
    `Baseline beside them: phold (\`npm run bench -- phold\`, the bare engine) at ${grouped(baseline.eventsPerSecond / 1e6, 2)} M events/s, ` +
      `${baseline.seconds.toFixed(2)} s a run (runs: ${baseline.runs.map((r) => grouped(r / 1e6, 2)).join(', ')} M/s). ` +
      'On another machine, or on this one when it is busy, compare the ratios: they move far less than the raw figures.',
    '',
    '| figure | reproduce with | result | ratio to the baseline |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Parses `key=value` fields of a bench line (`engine=lbsim workload=mm1 events=… events_per_s=…`). */
export function benchFields(line: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of line.matchAll(/(\w+)=([\d.]+)/g)) out[m[1]!] = Number(m[2]);
  return out;
}

/** One sweep point as the scale table reads it (a row of a sweep's summary.json, narrowed). */
export interface ScalePointRow {
  readonly params: Readonly<Record<string, string | number>>;
  readonly result: {
    readonly mode: string;
    readonly throughput: { readonly requestsPerSecond: number };
    readonly health: { readonly state: string };
    readonly bottleneck: { readonly resource: string; readonly utilization: number; readonly saturated: boolean };
  };
}

/**
 * The README's scale-out table: throughput (thousand req/s) per mode and server count, the
 * largest point's verdict and its bottleneck (or busiest resource), from a `--vary
 * topology.servers.count=…` sweep. Replications of a point are averaged.
 */
export function scaleTable(rows: readonly ScalePointRow[], path = 'topology.servers.count'): string {
  const counts = [...new Set(rows.map((r) => Number(r.params[path])))].sort((a, b) => a - b);
  const modes = [...new Set(rows.map((r) => r.result.mode))];
  const lines = [
    `| mode | ${counts.map((n) => `${n}`).join(' | ')} | at ${counts[counts.length - 1]} servers |`,
    `|---|${counts.map(() => '---:').join('|')}|---|`,
  ];
  for (const mode of modes) {
    const cells = counts.map((n) => {
      const at = rows.filter((r) => r.result.mode === mode && Number(r.params[path]) === n);
      if (at.length === 0) return '–';
      const mean = at.reduce((s, r) => s + r.result.throughput.requestsPerSecond, 0) / at.length;
      return (mean / 1000).toFixed(1);
    });
    const last = rows.find((r) => r.result.mode === mode && Number(r.params[path]) === counts[counts.length - 1]);
    const b = last?.result.bottleneck;
    const where = last === undefined || b === undefined ? '–' : `${last.result.health.state}; ${b.saturated ? '' : 'busiest '}${b.resource} ${(b.utilization * 100).toFixed(0)} %`;
    lines.push(`| ${mode} | ${cells.join(' | ')} | ${where} |`);
  }
  return ['Throughput (thousand req/s) by number of Swift proxies:', '', ...lines].join('\n');
}
