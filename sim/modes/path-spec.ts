import type { Mode } from '../result.js';

/**
 * A load-balancing mode as data: which nodes a request's packets cross in each direction, what
 * each sender does to the headers, which TCP connection carries them, and how a server is chosen.
 * One interpreter (sim/net/route.ts) runs any path; the mode table is exhaustive by type.
 */
export type Role = 'client' | 'front-end' | 'server';

/** What the sender of a leg did to the packet's headers (shown in traces; IPIP also costs bytes). */
export type HeaderOp =
  | 'none' // sent as is
  | 'dnat' // destination VIP → real server IP (LVS-NAT, inbound)
  | 'snat' // source real server IP → VIP (LVS-NAT, outbound)
  | 'mac-rewrite' // destination MAC → real server's, IP untouched (LVS-DR)
  | 'ipip-encap' // wrapped in an outer IP header to the real server (LVS-TUN, RFC 2003)
  | 'proxy-new-conn'; // a new TCP connection from the proxy: new headers entirely (L7)

/** `access`: between clients and the data centre (client RTT / 2, the group's access link). `lan`: inside it. */
export type LinkKind = 'access' | 'lan';

export interface Leg {
  readonly from: Role;
  readonly to: Role;
  readonly link: LinkKind;
  /** 0: the client's connection; 1: the proxy's own connection to the server (L7 only). */
  readonly conn: 0 | 1;
  readonly header: HeaderOp;
  /** Extra bytes per packet on this leg (20 for IP-in-IP). */
  readonly extraHeaderBytes: number;
}

/** How the server for a request is chosen, and by whom. */
export type Selection =
  | 'dns' // the client resolves a name; the authoritative server rotates A records
  | 'client' // the client picks from a membership list fetched from a registry
  | 'per-connection' // the director schedules each new connection (IPVS)
  | 'per-request' // the proxy schedules each HTTP request (haproxy, HTTP mode)
  | 'arp-winner'; // nobody: the gateway's ARP entry for the VIP points at one real server

export interface ModePath {
  readonly mode: Mode;
  readonly title: string;
  readonly selection: Selection;
  /** What sits in the middle of the data path, if anything. */
  readonly frontEnd: 'none' | 'director' | 'proxy';
  readonly request: readonly Leg[];
  readonly response: readonly Leg[];
  /** The director and the real servers must share an L2 segment. */
  readonly requiresSharedSegment: boolean;
  /** Real servers decapsulate IP-in-IP on arrival. */
  readonly serverDecapsulates: boolean;
  /** Bytes the forward MSS must shrink by so that encapsulated packets fit the MTU (when clamped). */
  readonly forwardEncapsulationBytes: number;
}
