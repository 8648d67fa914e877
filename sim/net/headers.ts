import type { Leg, ModePath } from '../modes/path-spec.js';
import { frameWireBytes } from './packets.js';
import type { Message } from './train.js';

/**
 * The headers a packet carries on one leg, derived from the leg's header operation and the mode's
 * table row: what a packet trace shows a student. Addresses are illustrative but consistent:
 * clients 203.0.113.x, the VIP 192.0.2.(10+f), directors/proxies 10.0.0.(1+f) inside, real
 * servers 10.0.1.(1+j).
 */
export interface Endpoints {
  readonly client: string;
  readonly clientPort: number;
  readonly frontEnd: number;
  readonly server: number;
  /** The proxy's own source port towards the server (L7). */
  readonly proxyPort: number;
}

export interface PacketHeaders {
  readonly ethSrc: string;
  readonly ethDst: string;
  /** IP-in-IP outer header (LVS-TUN), absent otherwise. */
  readonly outer: { readonly src: string; readonly dst: string } | null;
  readonly src: string;
  readonly dst: string;
  /** What the sender did to the packet on this leg, in words. */
  readonly note: string;
}

export const vip = (f: number) => `192.0.2.${10 + f}`;
export const insideIp = (f: number) => `10.0.0.${1 + f}`;
export const serverIp = (j: number) => `10.0.1.${1 + j}`;
const HTTP = 80;

function mac(role: Leg['from'], e: Endpoints): string {
  if (role === 'client') return 'gateway';
  if (role === 'front-end') return `front-end-${e.frontEnd}`;
  return `server-${e.server}`;
}

export function headersFor(mode: ModePath, leg: Leg, e: Endpoints): PacketHeaders {
  const c = `${e.client}:${e.clientPort}`;
  // Where the client believes it is connected: the VIP whenever anything stands for the service.
  const service = mode.selection === 'dns' || mode.selection === 'client' ? `${serverIp(e.server)}:${HTTP}` : `${vip(Math.max(0, e.frontEnd))}:${HTTP}`;
  const eth = { ethSrc: mac(leg.from, e), ethDst: mac(leg.to, e) };
  const toServer = leg.to === 'server' || leg.to === 'front-end';
  if (leg.from === 'client') return { ...eth, outer: null, src: c, dst: service, note: 'sent by the client' };
  if (leg.to === 'client') {
    const note = leg.header === 'snat' ? 'source rewritten RIP → VIP (and checksums)' : leg.header === 'proxy-new-conn' ? 'the proxy\'s own connection to the client' : leg.from === 'server' && mode.frontEnd !== 'none' ? 'straight from the real server, source = VIP (configured on its loopback/tunnel)' : 'straight from the server';
    return { ...eth, outer: null, src: service, dst: c, note };
  }
  switch (leg.header) {
    case 'dnat': return { ...eth, outer: null, src: c, dst: `${serverIp(e.server)}:${HTTP}`, note: 'destination rewritten VIP → RIP (and checksums)' };
    case 'mac-rewrite': return { ...eth, outer: null, src: c, dst: service, note: 'only the destination MAC changed; IP packet untouched' };
    case 'ipip-encap': return { ...eth, outer: { src: insideIp(e.frontEnd), dst: serverIp(e.server) }, src: c, dst: service, note: 'wrapped in an outer IP header DIP → RIP (+20 B)' };
    case 'proxy-new-conn': return { ...eth, outer: null, src: `${insideIp(e.frontEnd)}:${e.proxyPort}`, dst: `${serverIp(e.server)}:${HTTP}`, note: 'a new TCP connection from the proxy' };
    case 'snat':
    case 'none':
      if (leg.conn === 1) return { ...eth, outer: null, src: `${serverIp(e.server)}:${HTTP}`, dst: `${insideIp(e.frontEnd)}:${e.proxyPort}`, note: 'reply on the proxy\'s connection' };
      return toServer
        ? { ...eth, outer: null, src: `${serverIp(e.server)}:${HTTP}`, dst: c, note: 'reply routed back through the director (its default gateway)' }
        : { ...eth, outer: null, src: c, dst: service, note: '' };
  }
}

export interface TracePacket {
  readonly flags: string;
  readonly payloadBytes: number;
  readonly wireBytes: number;
}

/**
 * The packets one message puts on one leg of connection `conn`, in wire order: a request's
 * handshake ACK and any delayed ACK the timer sent first, then its data segments (the last with
 * PSH, and FIN when it closes the connection); an ACK message's pure ACKs, the last of them
 * carrying the closing side's FIN when it does. (A large message travels as several chunks; this
 * lists the whole message.)
 */
export function expandPackets(msg: Message, conn: number, mss: number, headerBytes: number, extraHeaderBytes: number): TracePacket[] {
  const flow = msg.flows[conn]!;
  const header = headerBytes + extraHeaderBytes;
  const out: TracePacket[] = [];
  const ctrl = (flags: string) => out.push({ flags, payloadBytes: 0, wireBytes: frameWireBytes(header) });
  if (msg.kind === 'syn') return [{ flags: 'SYN', payloadBytes: 0, wireBytes: frameWireBytes(header) }];
  if (msg.kind === 'syn-ack') return [{ flags: 'SYN-ACK', payloadBytes: 0, wireBytes: frameWireBytes(header) }];
  if (msg.kind === 'ack') {
    for (let i = 0; i < flow.ctrl; i++) ctrl(i === flow.ctrl - 1 && msg.closes[conn] === true ? 'FIN-ACK' : 'ACK');
    return out;
  }
  let ctrlLeft = flow.ctrl;
  if (msg.kind === 'request' && msg.opens[conn] === true && ctrlLeft > 0) {
    ctrl('ACK (handshake)');
    ctrlLeft--;
  }
  for (let i = 0; i < ctrlLeft; i++) ctrl('ACK (delayed-ACK timer)');
  let left = flow.payloadBytes;
  for (let i = 0; i < flow.data; i++) {
    const size = Math.min(mss, left);
    left -= size;
    const last = i === flow.data - 1;
    out.push({ flags: last ? (msg.kind === 'response' && msg.closes[conn] === true ? 'FIN-PSH-ACK' : 'PSH-ACK') : 'ACK', payloadBytes: size, wireBytes: frameWireBytes(size + header) });
  }
  return out;
}
