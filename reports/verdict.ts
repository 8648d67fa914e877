import { MODES, type Mode, type RunResult } from '../sim/result.js';
import { atOperatingPoint, type OperatingPoint, type ResultRow } from './rows.js';
import { formatNumber } from './summary-table.js';

/**
 * The planner's answer in one or two sentences, generated from the RunResults at the operating
 * point: which modes carry the offered load and with how much headroom, which saturate or fall
 * behind, and on which resource. Reads each run's `health` and `headroom` when the result carries
 * them; otherwise judges by the same rules from the counts and the busiest resource:
 *  - overloaded: more than MAX_UNFINISHED_FRACTION of the issued requests still in flight at the
 *    end (generous, because without a drain a short run always ends with some requests on the
 *    way; the same rule as capacity's), or more than MAX_ERROR_FRACTION failed or timed out;
 *  - saturated: the busiest resource at SATURATED_UTILIZATION or more;
 *  - steady: neither; headroom = SATURATED_UTILIZATION / the busiest resource's utilisation, the
 *    factor by which load could grow before it saturates.
 * Replications of a mode are pooled: its worst state, its smallest headroom.
 */
export const SATURATED_UTILIZATION = 0.95;
export const MAX_UNFINISHED_FRACTION = 0.1;
export const MAX_ERROR_FRACTION = 0.01;

export type VerdictState = 'steady' | 'saturated' | 'overloaded';

/** The fields of the overload model's contract this module reads (optional until every result has them). */
interface Judged {
  readonly health?: { readonly state: VerdictState; readonly unfinishedFraction: number };
  readonly headroom?: number | null;
}

export interface ModeVerdict {
  readonly mode: Mode;
  readonly state: VerdictState;
  /** Load growth factor before the busiest resource saturates (steady runs only). */
  readonly headroom: number | null;
  /** The busiest resource, in words: "server CPU" when on a real server, else "director-0 NIC (transmit)". */
  readonly resource: string;
  readonly utilization: number;
  readonly requestsPerSecond: number;
  readonly offeredRequestsPerSecond: number | null;
  /** Unfinished, failed or timed-out requests over issued. */
  readonly shortfallFraction: number;
}

const KIND_WORDS: Readonly<Record<string, string>> = {
  cpu: 'CPU',
  'nic-rx': 'NIC (receive)',
  'nic-tx': 'NIC (transmit)',
  link: 'link',
  'conn-table': 'connection table',
};

function resourceWords(r: RunResult): string {
  const kind = KIND_WORDS[r.bottleneck.kind] ?? r.bottleneck.kind;
  const onServer = r.servers.some((s) => s.id === r.bottleneck.node);
  // A real server's resource is named by its kind only: which of N identical servers is busiest is noise.
  return onServer ? `server ${kind}` : `${r.bottleneck.node} ${kind}`;
}

function judge(r: RunResult): { state: VerdictState; headroom: number | null; shortfall: number } {
  const j = r as RunResult & Judged;
  const issued = r.requests.issued;
  const notDone = issued > 0 ? (issued - r.requests.completed) / issued : 0;
  const errors = issued > 0 ? (r.requests.failed + r.requests.timedOut) / issued : 0;
  const unfinished = issued > 0 ? r.requests.inFlight / issued : 0;
  const state: VerdictState = j.health?.state
    ?? (unfinished > MAX_UNFINISHED_FRACTION || errors > MAX_ERROR_FRACTION ? 'overloaded'
      : r.bottleneck.utilization >= SATURATED_UTILIZATION ? 'saturated' : 'steady');
  const derived = state === 'steady' && r.bottleneck.utilization > 0 ? SATURATED_UTILIZATION / r.bottleneck.utilization : null;
  const headroom = state !== 'steady' ? null : j.headroom !== undefined ? j.headroom : derived;
  return { state, headroom, shortfall: notDone };
}

const SEVERITY: Readonly<Record<VerdictState, number>> = { steady: 0, saturated: 1, overloaded: 2 };

/** One verdict per mode present at the point, in the fixed mode order. */
export function modeVerdicts(rows: readonly ResultRow[], point: OperatingPoint): ModeVerdict[] {
  const byMode = new Map<Mode, RunResult[]>();
  for (const row of rows) {
    if (!atOperatingPoint(row, point)) continue;
    const list = byMode.get(row.result.mode) ?? [];
    list.push(row.result);
    byMode.set(row.result.mode, list);
  }
  const out: ModeVerdict[] = [];
  for (const mode of MODES) {
    const runs = byMode.get(mode);
    if (runs === undefined) continue;
    const judged = runs.map((r) => ({ r, ...judge(r) }));
    const worst = judged.reduce((a, b) => (SEVERITY[b.state] > SEVERITY[a.state] || (b.state === a.state && b.r.bottleneck.utilization > a.r.bottleneck.utilization) ? b : a));
    const headrooms = judged.map((x) => x.headroom);
    const mean = (f: (r: RunResult) => number): number => runs.reduce((s, r) => s + f(r), 0) / runs.length;
    out.push({
      mode,
      state: worst.state,
      headroom: worst.state === 'steady' && headrooms.every((h) => h !== null) ? Math.min(...(headrooms as number[])) : null,
      resource: resourceWords(worst.r),
      utilization: worst.r.bottleneck.utilization,
      requestsPerSecond: mean((r) => r.throughput.requestsPerSecond),
      offeredRequestsPerSecond: runs[0]!.offeredRequestsPerSecond,
      shortfallFraction: mean((r) => judge(r).shortfall),
    });
  }
  return out;
}

const pct = (fraction: number): string => `${formatNumber(fraction * 100, fraction < 0.1 ? 1 : 0)} %`;

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "22 % more load" for a growth factor of 1.22; "2.5× the load" from a factor of 2 up. */
function headroomWords(h: number): string {
  return h >= 2 ? `${formatNumber(h, 1)}× the load` : `${pct(h - 1)} more load`;
}

function rangeWords(lo: number, hi: number): string {
  if (headroomWords(lo) === headroomWords(hi)) return headroomWords(lo);
  return hi >= 2 && lo >= 2 ? `${formatNumber(lo, 1)}–${formatNumber(hi, 1)}× the load` : `${headroomWords(lo).replace(/ % more load$/, '')}–${headroomWords(hi)}`;
}

function steadyClause(group: readonly ModeVerdict[]): string {
  const span = (xs: number[], words: (lo: number, hi: number) => string): string => words(Math.min(...xs), Math.max(...xs));
  const busy = span(group.map((v) => v.utilization), (lo, hi) => (pct(lo) === pct(hi) ? pct(hi) : `${pct(lo).replace(/ %$/, '')}–${pct(hi)}`));
  const room = span(group.map((v) => v.headroom ?? 1), rangeWords);
  const modes = group.map((v) => v.mode).sort((a, b) => MODES.indexOf(a) - MODES.indexOf(b));
  return `${list(modes)} with room for ${room} (busiest: ${group[0]!.resource} at ${busy})`;
}

function troubleClause(v: ModeVerdict): string {
  const carried = v.offeredRequestsPerSecond !== null && v.offeredRequestsPerSecond > 0
    ? `, carrying ${formatNumber(v.requestsPerSecond, 0)} of ${formatNumber(v.offeredRequestsPerSecond, 0)} req/s`
    : `, carrying ${formatNumber(v.requestsPerSecond, 0)} req/s`;
  const shortfall = v.shortfallFraction > 0.0005 ? ` with ${pct(v.shortfallFraction)} of requests not completed` : '';
  return `${v.mode} on ${v.resource} (${pct(v.utilization)} busy${carried}${shortfall})`;
}

/**
 * The verdict text: "Meet the offered 52,000 req/s: A and B with room for 22 % more load (busiest:
 * server CPU at 78 %); C with room for 8 % more load (busiest: proxy-0 CPU at 88 %). Saturated:
 * D on server CPU (100 % busy, …)." Steady modes are grouped when their busiest resource is the
 * same and the largest headroom in the group is within GROUP_HEADROOM_RATIO of the smallest; groups
 * are ordered by headroom, largest first.
 */
const GROUP_HEADROOM_RATIO = 1.05;

export function verdictText(verdicts: readonly ModeVerdict[]): string {
  if (verdicts.length === 0) return '';
  const offered = verdicts.find((v) => v.offeredRequestsPerSecond !== null)?.offeredRequestsPerSecond ?? null;
  const load = offered !== null && offered > 0 ? `the offered ${formatNumber(offered, 0)} req/s` : 'the offered load';
  const steady = verdicts.filter((v) => v.state === 'steady').sort((a, b) => (b.headroom ?? 0) - (a.headroom ?? 0) || MODES.indexOf(a.mode) - MODES.indexOf(b.mode));
  const groups: ModeVerdict[][] = [];
  for (const v of steady) {
    const last = groups[groups.length - 1];
    const close = last !== undefined && last[0]!.resource === v.resource && (last[0]!.headroom ?? 1) <= (v.headroom ?? 1) * GROUP_HEADROOM_RATIO;
    if (close) last.push(v);
    else groups.push([v]);
  }
  const sentences: string[] = [];
  if (groups.length > 0) sentences.push(`Meet ${load}: ${groups.map(steadyClause).join('; ')}.`);
  const saturated = verdicts.filter((v) => v.state === 'saturated');
  const overloaded = verdicts.filter((v) => v.state === 'overloaded');
  const trouble: string[] = [];
  if (saturated.length > 0) trouble.push(`Saturated (at capacity, keeping up): ${saturated.map(troubleClause).join('; ')}`);
  if (overloaded.length > 0) trouble.push(`${saturated.length > 0 ? 'overloaded' : 'Overloaded'} (falling behind): ${overloaded.map(troubleClause).join('; ')}`);
  if (trouble.length > 0) sentences.push(`${trouble.join('; ')}.`);
  if (groups.length === 0) sentences.unshift(`No mode meets ${load} with headroom.`);
  return sentences.join(' ');
}

/** The verdict for the rows at `point`. */
export function verdict(rows: readonly ResultRow[], point: OperatingPoint): string {
  return verdictText(modeVerdicts(rows, point));
}
