import type { RequestTrace, TraceLeg, TraceStep } from '../sim/stats/request-trace.js';

/**
 * A request trace as text for a terminal or a lecture slide: each message, each leg with the
 * headers its packets carry (so NAT's rewrites, DR's MAC-only change and TUN's outer header are
 * visible side by side), its packets, and each stage with service time and wait.
 */
const fmt = (n: number, digits = 2) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function packetsLine(leg: TraceLeg): string[] {
  const p = leg.packets;
  const show = p.length <= 6 ? p : [...p.slice(0, 3), null, ...p.slice(-2)];
  const items = show.map((x) => (x === null ? `… ${p.length - 5} more …` : `${x.flags}${x.payloadBytes > 0 ? ` ${x.payloadBytes} B` : ''}`));
  const wire = p.reduce((s, x) => s + x.wireBytes, 0);
  const payload = p.reduce((s, x) => s + x.payloadBytes, 0);
  return [`      ${p.length} packet${p.length === 1 ? '' : 's'}, ${fmt(wire, 0)} B on the wire (${fmt(payload, 0)} B payload): ${items.join(', ')}`];
}

/** Chunks of a large message cross the same stages: one line per stage, summed over chunks. */
function stageLines(steps: readonly TraceStep[]): string[] {
  const order: string[] = [];
  const sums = new Map<string, { step: TraceStep; service: number; wait: number; chunks: number }>();
  for (const s of steps) {
    const key = `${s.resource}|${s.what}`;
    const entry = sums.get(key);
    if (entry === undefined) {
      order.push(key);
      sums.set(key, { step: s, service: s.serviceUs, wait: s.waitUs, chunks: 1 });
    } else {
      entry.service += s.serviceUs;
      entry.wait += s.waitUs;
      entry.chunks++;
    }
  }
  return order.map((key) => {
    const { step, service, wait, chunks } = sums.get(key)!;
    const label = step.what === 'propagation' ? 'propagation' : `${step.resource} ${step.what}`;
    return `      t=${fmt(step.startMs, 3)} ms  ${label.padEnd(30)} ${fmt(service).padStart(10)} µs work  ${fmt(wait).padStart(10)} µs waiting${chunks > 1 ? `  (${chunks} chunks)` : ''}`;
  });
}

const stepEndMs = (s: TraceStep) => s.startMs + (s.serviceUs + s.waitUs) / 1000;

export function formatTrace(t: RequestTrace): string {
  const lines: string[] = [];
  const latency = t.completedMs === null ? 'not answered before the run ended' : `answered after ${fmt(t.completedMs - t.issuedMs, 3)} ms`;
  lines.push(`${t.mode}: ${t.title}`);
  lines.push(`request #${t.requestId}: ${t.method} of ${fmt(t.objectBytes, 0)} B by client ${t.client}, served by ${t.server}; issued at t=${fmt(t.issuedMs, 3)} ms, ${latency}`);
  for (const l of t.lookups) {
    const what = l.service === 'dns' ? 'DNS lookup' : 'membership lookup';
    const answer = l.server === null ? '' : `, ${l.server} first`;
    lines.push(l.source === 'client-cache'
      ? `   ${what}: answered from the client's own cache${answer} (${l.node} not asked)`
      : `   ${what} at ${l.node}: ${fmt(l.endMs - l.startMs, 3)} ms round trip${answer} (${l.source === 'authoritative' ? 'the resolver asked the authoritative server' : l.source === 'resolver-cache' ? 'from the resolver\'s cache' : 'registry CPU and NIC'})`);
  }
  // Legs in the order they happened: a message's legs can be interleaved with another message
  // (the proxy opens its server connection between the two legs of the request).
  const legs = t.messages
    .flatMap((m) => m.legs.map((leg) => ({ kind: m.kind, leg })))
    .filter((x) => x.leg.steps.length > 0)
    .sort((a, b) => a.leg.steps[0]!.startMs - b.leg.steps[0]!.startMs);
  let lastRequestEndMs: number | null = null;
  legs.forEach(({ kind, leg }, i) => {
    if (kind === 'response' && lastRequestEndMs !== null) {
      lines.push('', `   at ${t.server}: object-server round trip (back-end NIC transfer + replica latency) ${fmt(leg.steps[0]!.startMs - lastRequestEndMs, 3)} ms`);
      lastRequestEndMs = null;
    }
    const conn = leg.connection === 0 ? 'client connection' : 'server connection';
    lines.push('', `${i + 1}. ${kind.toUpperCase()}  ${leg.from} → ${leg.to}  [${leg.link}, ${conn}]`);
    const h = leg.headers;
    const outer = h.outer === null ? '' : `outer IP ${h.outer.src} → ${h.outer.dst} (IPIP) | inner `;
    lines.push(`      eth ${h.ethSrc} → ${h.ethDst} | ${outer}IP ${h.src} → ${h.dst}${h.note === '' ? '' : `   (${h.note})`}`);
    lines.push(...packetsLine(leg));
    lines.push(...stageLines(leg.steps));
    if (kind === 'request') lastRequestEndMs = stepEndMs(leg.steps[leg.steps.length - 1]!);
  });
  return `${lines.join('\n')}\n`;
}
