import type { Mode } from '../../sim/result.js';
import type { ExplainFigures } from './figures.js';

/**
 * Each approach in words: how it works, what it costs, where it breaks. Every claim names the
 * measured figure that supports it (or shows its limit) on the run `explain` made; the words are
 * fixed, the figures are always measured.
 */
export interface Claim {
  readonly text: string;
  readonly figure: (f: ExplainFigures) => string;
}

export interface ModeNotes {
  readonly how: string;
  readonly sees: string;
  readonly strengths: readonly Claim[];
  readonly weaknesses: readonly Claim[];
}

const num = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (u: number | null) => (u === null ? 'n/a' : `${(u * 100).toFixed(1)} %`);
const box = (f: ExplainFigures) => f.middleBox;
const boxWork = (f: ExplainFigures) => {
  const b = box(f);
  return b === null ? 'no middle box measured' : `${b.node}: ${num(b.packets, 1)} packets, ${num(b.wireBytes)} B and ${num(b.cpuUs, 1)} µs of CPU per request`;
};
const serverWork = (f: ExplainFigures) => `${f.server.node}: ${num(f.server.packets, 1)} packets, ${num(f.server.cpuUs, 1)} µs of CPU per request`;
const imbalance = (f: ExplainFigures) => `busiest server got ${num(f.imbalanceMaxOverMean, 2)}× the mean share (CV ${num(f.imbalanceCv, 2)})`;
const throughput = (f: ExplainFigures) => `${num(f.throughputRps)} req/s, p99 ${num(f.p99Ms, 1)} ms; bottleneck ${f.bottleneck.resource} at ${pct(f.bottleneck.utilization)}`;
const replies = (f: ExplainFigures) => `${pct(f.responseBytesThroughMiddleBox)} of the bytes the servers sent also left the middle box`;
const boxLoad = (f: ExplainFigures) => `${box(f)?.node ?? 'middle box'} CPU ${pct(f.middleBoxCpuUtilization)}, NIC ${pct(f.middleBoxNicUtilization)}`;

export const MODE_NOTES: Readonly<Record<Mode, ModeNotes>> = {
  'rr-dns': {
    how: 'The authoritative DNS server hands out the servers\' A records in rotated order; each client connects to the first address it holds. Resolvers and clients cache answers (TTL, 30/60 s floors in JVMs and browsers, some pin one address for the life of the process).',
    sees: 'Nothing sits in the data path: clients talk to servers directly. DNS is only consulted when a connection is opened and the cached answer has expired.',
    strengths: [
      { text: 'No middle box: capacity grows with every server added.', figure: throughput },
      { text: 'No extra hop once the name is cached.', figure: (f) => `p50 ${num(f.p50Ms, 2)} ms` },
    ],
    weaknesses: [
      { text: 'Load follows resolvers, not servers: every client behind one resolver gets the same answer until its TTL expires.', figure: imbalance },
      { text: 'No health checks: a dead server keeps receiving new connections until every cache holding its address expires; pinned clients never move.', figure: () => 'not measured here (no fault in this run)' },
    ],
  },
  'client-side': {
    how: 'Clients fetch the membership list from a registry (nameserver) and choose a server themselves with a scheduler (random, power of two choices on their own outstanding requests, round robin).',
    sees: 'Nothing in the data path. The registry is on the path of every request whose client has no fresh copy of the list.',
    strengths: [
      { text: 'No middle box in the data path.', figure: throughput },
      { text: 'Clients spread their own load well when they have many requests outstanding.', figure: imbalance },
    ],
    weaknesses: [
      { text: 'With a lookup per request the registry\'s CPU and NIC cap the whole cluster.', figure: (f) => `${boxWork(f)}; ${boxLoad(f)}` },
      { text: 'Every client needs the logic (a library per language), and each sees only its own outstanding requests.', figure: () => 'a design cost, not a measurement' },
    ],
  },
  'l7-proxy': {
    how: 'haproxy terminates the client\'s TCP connection, parses each HTTP request, picks a server per request and forwards it on a second TCP connection (reused from a pool, or opened per request); responses come back the same way.',
    sees: 'Every packet of both connections, in both directions, plus two user↔kernel copies and a read and a write per 16 KiB buffer for every byte (unless splicing).',
    strengths: [
      { text: 'Per-request balancing, HTTP-aware routing, retries, TLS termination, header rewriting.', figure: imbalance },
    ],
    weaknesses: [
      { text: 'All response bytes cross it twice (in from the server, out to the client).', figure: (f) => `${replies(f)}; ${num(f.objectBytesPerRequest)} B of object per request` },
      { text: 'Two TCP stacks and user-space copies per request cost CPU: the proxy\'s CPU caps the cluster first for GET-heavy loads.', figure: (f) => `${boxWork(f)}; ${boxLoad(f)}` },
      { text: 'Failover of the proxy itself needs VRRP (keepalived) and loses in-flight connections.', figure: () => 'not measured here (no fault in this run)' },
    ],
  },
  'lvs-nat': {
    how: 'The IPVS director schedules each new connection to a real server and rewrites the destination address (VIP → RIP) on the way in; real servers route replies back through the director, which rewrites the source (RIP → VIP).',
    sees: 'Every packet of every connection, both directions, in the kernel (no copies, no user space).',
    strengths: [
      { text: 'Cheaper per packet than a proxy: kernel forwarding only.', figure: boxWork },
    ],
    weaknesses: [
      { text: 'Response bytes still cross the director, so its NIC (or CPU) caps the cluster, later than a proxy but at the same kind of limit.', figure: (f) => `${replies(f)}; ${boxLoad(f)}` },
      { text: 'Servers must use the director as their default gateway.', figure: () => 'a configuration constraint, not a measurement' },
    ],
  },
  'lvs-tun': {
    how: 'The director schedules each connection and wraps every client packet in an outer IP header to the chosen real server (IP-in-IP); the server decapsulates it and replies straight to the client from the VIP.',
    sees: 'Only client→server packets: requests and the client\'s ACKs, each 20 B larger on the way to the server.',
    strengths: [
      { text: 'Replies bypass the director, so it scales to many servers; servers may sit on other networks.', figure: (f) => `${replies(f)}; ${boxWork(f)}` },
    ],
    weaknesses: [
      { text: '+20 B per forwarded packet lowers the MSS (1440 on a 1500 MTU path) or forces fragmentation.', figure: (f) => (f.middleBoxBytesPerPacket === null ? 'no packets measured' : `${num(f.middleBoxBytesPerPacket.in, 1)} B per packet into the director, ${num(f.middleBoxBytesPerPacket.out, 1)} B per packet out of it`) },
      { text: 'Servers pay for decapsulation.', figure: serverWork },
    ],
  },
  'lvs-dr': {
    how: 'The director schedules each connection and forwards the client\'s packets unchanged except for the destination MAC address (that of the chosen real server); the server, which holds the VIP on a non-ARPing interface, replies straight to the client.',
    sees: 'Only client→server packets (requests and ACKs), rewriting nothing but a MAC address: the cheapest forwarding there is.',
    strengths: [
      { text: 'Replies bypass the director; the cheapest per-packet forwarding; scales furthest.', figure: (f) => `${replies(f)}; ${boxWork(f)}` },
    ],
    weaknesses: [
      { text: 'Director and servers must share an L2 segment.', figure: () => 'a configuration constraint, not a measurement' },
      { text: 'The ARP problem: servers must not answer ARP for the VIP (arp_ignore=1, arp_announce=2), or the gateway sends all traffic to one of them (set lvs.arpIgnore: false to see it).', figure: imbalance },
    ],
  },
};
