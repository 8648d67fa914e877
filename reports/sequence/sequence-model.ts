import type { RequestTrace, TraceLeg, TraceStep } from '../../sim/stats/request-trace.js';

/**
 * A request trace (sim/stats/request-trace.ts, the JSON of `lbsim trace --json`) as a sequence
 * diagram: lanes (one per node the request touched) and rows in wire order, each row an arrow
 * between two lanes (one packet, or a run of like packets sent back to back) or a note on a lane.
 * Built only from the trace's data, so it draws whatever packets and order the model produces.
 *
 *   trace ──► lanes (client, resolver/registry, director/proxy, real server, object servers)
 *         ──► rows: lookups, then every leg of every message sorted by when it started,
 *             split into runs of like packets, with the work done at each end of the hop
 */
export type LaneKind = 'client' | 'lookup' | 'front-end' | 'server' | 'object-server';

export interface Lane {
  readonly id: string;
  readonly kind: LaneKind;
  /** What the node is, in words ("LVS director", "Swift proxy"). */
  readonly role: string;
}

export type ArrowKind = 'syn' | 'syn-ack' | 'request' | 'response' | 'ack' | 'lookup' | 'back-end' | 'other';

export interface SequenceArrow {
  readonly type: 'arrow';
  readonly kind: ArrowKind;
  readonly from: string;
  readonly to: string;
  /** When the first bit left the sender, relative to the request being issued. */
  readonly atMs: number;
  /** What is on the wire: "SYN", "45 × ACK 1,460 B". */
  readonly label: string;
  readonly packets: number;
  readonly wireBytes: number;
  /** The headers on this wire (only on the first arrow of a leg; the rest of the leg shares them). */
  readonly headers: readonly string[];
  /** The sender's rewrite or encapsulation, in words. */
  readonly note: string;
  /** 1: the proxy's own TCP connection to the server. */
  readonly connection: 0 | 1 | null;
  /** Work and waiting at the sending and receiving hop (only on the last arrow of a leg). */
  readonly atSender: string;
  readonly atReceiver: string;
}

export interface SequenceNote {
  readonly type: 'note';
  readonly lane: string;
  readonly atMs: number;
  readonly text: string;
}

export type SequenceRow = SequenceArrow | SequenceNote;

export interface SequenceDiagram {
  readonly mode: string;
  readonly title: string;
  /** One line: the request, its size, its server and its response time. */
  readonly caption: string;
  readonly lanes: readonly Lane[];
  readonly rows: readonly SequenceRow[];
}

export const OBJECT_SERVERS = 'object-servers';

const num = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function laneOf(id: string): Lane {
  if (id.startsWith('clients-')) return { id, kind: 'client', role: 'client group' };
  if (id.startsWith('resolver-')) return { id, kind: 'lookup', role: 'caching DNS resolver' };
  if (id === 'registry') return { id, kind: 'lookup', role: 'membership registry' };
  if (id.startsWith('director-')) return { id, kind: 'front-end', role: 'LVS director' };
  if (id.startsWith('proxy-')) return { id, kind: 'front-end', role: 'haproxy' };
  if (id === OBJECT_SERVERS) return { id, kind: 'object-server', role: 'Swift object servers' };
  return { id, kind: 'server', role: 'Swift proxy (real server)' };
}
const LANE_ORDER: readonly LaneKind[] = ['client', 'lookup', 'front-end', 'server', 'object-server'];

const MESSAGE_KINDS: readonly string[] = ['syn', 'syn-ack', 'request', 'response', 'ack'];
const arrowKind = (kind: string): ArrowKind => (MESSAGE_KINDS.includes(kind) ? (kind as ArrowKind) : 'other');

/** Consecutive packets with the same flags and size travel as one arrow ("45 × ACK 1,460 B"). */
function packetRuns(leg: TraceLeg): { label: string; packets: number; wireBytes: number }[] {
  const runs: { flags: string; payload: number; packets: number; wireBytes: number }[] = [];
  for (const p of leg.packets) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.flags === p.flags && last.payload === p.payloadBytes) {
      last.packets++;
      last.wireBytes += p.wireBytes;
    } else runs.push({ flags: p.flags, payload: p.payloadBytes, packets: 1, wireBytes: p.wireBytes });
  }
  return runs.map((r) => ({
    label: `${r.packets > 1 ? `${num(r.packets)} × ` : ''}${r.flags}${r.payload > 0 ? ` ${num(r.payload)} B` : ''}`,
    packets: r.packets,
    wireBytes: r.wireBytes,
  }));
}

function headerLines(leg: TraceLeg): string[] {
  const h = leg.headers;
  const lines = [`eth ${h.ethSrc} → ${h.ethDst}`];
  if (h.outer !== null) lines.push(`outer IP ${h.outer.src} → ${h.outer.dst} (IP-in-IP, +20 B)`);
  lines.push(`${h.outer !== null ? 'inner ' : ''}IP ${h.src} → ${h.dst}`);
  return lines;
}

/** Work and waiting at one node of a hop, summed over the chunks of a message: "cpu 12.0 µs (waited 3.1)". */
function workAt(steps: readonly TraceStep[], node: string): string {
  const parts: string[] = [];
  for (const what of ['cpu', 'tx', 'rx', 'backend'] as const) {
    const mine = steps.filter((s) => s.node === node && (s.what as string) === what);
    if (mine.length === 0) continue;
    const service = mine.reduce((s, x) => s + x.serviceUs, 0);
    const wait = mine.reduce((s, x) => s + x.waitUs, 0);
    if (service < 0.05 && wait < 0.05) continue;
    parts.push(`${what === 'backend' ? 'back end' : what} ${num(service, 1)} µs${wait >= 0.05 ? ` (queued ${num(wait, 1)})` : ''}`);
  }
  return parts.join(' · ');
}

const legStartMs = (leg: TraceLeg) => leg.steps[0]!.startMs;
const legEndMs = (leg: TraceLeg) => {
  const s = leg.steps[leg.steps.length - 1]!;
  return s.startMs + (s.serviceUs + s.waitUs) / 1000;
};

function lookupRows(t: RequestTrace): SequenceRow[] {
  const client = `clients-${t.client.split('/')[0]}`;
  const rows: SequenceRow[] = [];
  for (const l of t.lookups) {
    const what = l.service === 'dns' ? 'DNS' : 'membership list';
    const rel = (ms: number) => ms - t.issuedMs;
    if (l.source === 'client-cache') {
      rows.push({ type: 'note', lane: client, atMs: rel(l.startMs), text: `${what} answer still fresh in the client's own cache${l.server === null ? '' : `: ${l.server} first`}; ${l.node} not asked` });
      rows.push({ type: 'note', lane: l.node, atMs: rel(l.startMs), text: 'idle for this request' });
      continue;
    }
    const arrow = (from: string, to: string, atMs: number, label: string, note: string): SequenceArrow => ({
      type: 'arrow', kind: 'lookup', from, to, atMs, label, packets: 1, wireBytes: 0, headers: [], note, connection: null, atSender: '', atReceiver: '',
    });
    const source = l.source === 'authoritative' ? 'not cached: asked the authoritative server' : l.source === 'resolver-cache' ? 'from the resolver\'s cache' : 'registry CPU and NIC on the request path';
    rows.push(arrow(client, l.node, rel(l.startMs), l.service === 'dns' ? 'DNS query for the service name' : 'membership lookup', ''));
    rows.push(arrow(l.node, client, rel(l.endMs), l.service === 'dns' ? `DNS answer, ${l.server ?? '?'} first` : 'list of live servers', `${source}; ${num(l.endMs - l.startMs, 3)} ms round trip`));
  }
  return rows;
}

export function sequenceOf(t: RequestTrace): SequenceDiagram {
  const legs = t.messages
    .flatMap((m) => m.legs.map((leg) => ({ kind: m.kind, leg })))
    .filter((x) => x.leg.steps.length > 0)
    .sort((a, b) => legStartMs(a.leg) - legStartMs(b.leg));
  const rows: SequenceRow[] = lookupRows(t);
  let requestEndMs: number | null = null;
  let server = t.server;
  for (const { kind, leg } of legs) {
    if (kind === 'response' && requestEndMs !== null) {
      // Between the request reaching the server and its response leaving: the object servers.
      server = leg.from;
      const gapMs = legStartMs(leg) - requestEndMs;
      const backEnd = (from: string, to: string, atMs: number, label: string, note: string): SequenceArrow => ({
        type: 'arrow', kind: 'back-end', from, to, atMs, label, packets: 0, wireBytes: 0, headers: [], note, connection: null, atSender: '', atReceiver: '',
      });
      rows.push(backEnd(server, OBJECT_SERVERS, requestEndMs - t.issuedMs, `${t.method} to the object servers (back-end network)`, ''));
      rows.push(backEnd(OBJECT_SERVERS, server, legStartMs(leg) - t.issuedMs, t.method === 'GET' ? 'object data' : 'replica answers', `back-end transfer and replica latency: ${num(gapMs, 3)} ms`));
      requestEndMs = null;
    }
    const runs = packetRuns(leg);
    runs.forEach((run, i) => {
      rows.push({
        type: 'arrow',
        kind: arrowKind(kind),
        from: leg.from,
        to: leg.to,
        atMs: legStartMs(leg) - t.issuedMs,
        label: i === 0 && run.label.toLowerCase() !== kind ? `${kind.toUpperCase()}: ${run.label}` : run.label,
        packets: run.packets,
        wireBytes: run.wireBytes,
        headers: i === 0 ? headerLines(leg) : [],
        note: i === 0 ? leg.headers.note : '',
        connection: leg.connection,
        atSender: i === runs.length - 1 ? workAt(leg.steps, leg.from) : '',
        atReceiver: i === runs.length - 1 ? workAt(leg.steps, leg.to) : '',
      });
    });
    if (kind === 'request' && laneOf(leg.to).kind === 'server') requestEndMs = legEndMs(leg);
  }
  // ACK messages overlap the request and response in time; the back-end rows are placed at the
  // moment the request reached the server: a stable sort puts every row in wire order.
  rows.sort((a, b) => a.atMs - b.atMs);
  const ids = new Set<string>([`clients-${t.client.split('/')[0]}`]);
  for (const r of rows) {
    if (r.type === 'note') ids.add(r.lane);
    else {
      ids.add(r.from);
      ids.add(r.to);
    }
  }
  const lanes = [...ids].map(laneOf).sort((a, b) => LANE_ORDER.indexOf(a.kind) - LANE_ORDER.indexOf(b.kind));
  const answered = t.completedMs === null ? 'not answered before the run ended' : `answered in ${num(t.completedMs - t.issuedMs, 3)} ms`;
  return {
    mode: t.mode,
    title: `${t.mode}: ${t.title}`,
    caption: `${t.method} of ${num(t.objectBytes)} B on a new connection by client ${t.client}, served by ${server}; ${answered}`,
    lanes,
    rows,
  };
}
