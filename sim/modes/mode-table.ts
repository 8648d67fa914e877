import type { Mode } from '../result.js';
import { IPIP_HEADER_BYTES } from '../net/packets.js';
import type { Leg, ModePath } from './path-spec.js';

const leg = (from: Leg['from'], to: Leg['to'], link: Leg['link'], header: Leg['header'] = 'none', conn: Leg['conn'] = 0, extraHeaderBytes = 0): Leg =>
  Object.freeze({ from, to, link, conn, header, extraHeaderBytes });

const direct = { request: [leg('client', 'server', 'access')], response: [leg('server', 'client', 'access')] };

/**
 * The six modes (docs/model.md, "Modes as data"). Reading a row tells the whole story of a mode:
 * what the middle box sees, in which direction, and what it does to each packet.
 */
export const MODE_TABLE: Readonly<Record<Mode, ModePath>> = {
  'rr-dns': {
    mode: 'rr-dns',
    title: 'Round-robin DNS',
    selection: 'dns',
    frontEnd: 'none',
    ...direct,
    requiresSharedSegment: false,
    serverDecapsulates: false,
    forwardEncapsulationBytes: 0,
  },
  'client-side': {
    mode: 'client-side',
    title: 'Client-side balancing (registry)',
    selection: 'client',
    frontEnd: 'none',
    ...direct,
    requiresSharedSegment: false,
    serverDecapsulates: false,
    forwardEncapsulationBytes: 0,
  },
  'l7-proxy': {
    mode: 'l7-proxy',
    title: 'Application-layer proxy (haproxy)',
    selection: 'per-request',
    frontEnd: 'proxy',
    request: [leg('client', 'front-end', 'access'), leg('front-end', 'server', 'lan', 'proxy-new-conn', 1)],
    response: [leg('server', 'front-end', 'lan', 'none', 1), leg('front-end', 'client', 'access', 'proxy-new-conn')],
    requiresSharedSegment: false,
    serverDecapsulates: false,
    forwardEncapsulationBytes: 0,
  },
  'lvs-nat': {
    mode: 'lvs-nat',
    title: 'LVS/IPVS NAT',
    selection: 'per-connection',
    frontEnd: 'director',
    request: [leg('client', 'front-end', 'access'), leg('front-end', 'server', 'lan', 'dnat')],
    response: [leg('server', 'front-end', 'lan'), leg('front-end', 'client', 'access', 'snat')],
    requiresSharedSegment: false,
    serverDecapsulates: false,
    forwardEncapsulationBytes: 0,
  },
  'lvs-tun': {
    mode: 'lvs-tun',
    title: 'LVS/IPVS tunnelling (IP-in-IP)',
    selection: 'per-connection',
    frontEnd: 'director',
    request: [leg('client', 'front-end', 'access'), leg('front-end', 'server', 'lan', 'ipip-encap', 0, IPIP_HEADER_BYTES)],
    response: [leg('server', 'client', 'access')],
    requiresSharedSegment: false,
    serverDecapsulates: true,
    forwardEncapsulationBytes: IPIP_HEADER_BYTES,
  },
  'lvs-dr': {
    mode: 'lvs-dr',
    title: 'LVS/IPVS direct routing',
    selection: 'per-connection',
    frontEnd: 'director',
    request: [leg('client', 'front-end', 'access'), leg('front-end', 'server', 'lan', 'mac-rewrite')],
    response: [leg('server', 'client', 'access')],
    requiresSharedSegment: true,
    serverDecapsulates: false,
    forwardEncapsulationBytes: 0,
  },
};

/**
 * LVS-DR when the real servers also answer ARP for the VIP (no arp_ignore=1 / arp_announce=2,
 * docs/sources.md §6): the gateway caches whichever MAC answered, a real server, and sends every packet
 * for the VIP straight to it. The director is bypassed and one server takes all the load until the
 * ARP entry changes (Red Hat: "usually every 15 minutes"). Used instead of the lvs-dr row when a
 * scenario sets `lvs.arpIgnore: false`.
 */
export const DR_ARP_HIJACKED: ModePath = {
  mode: 'lvs-dr',
  title: 'LVS/IPVS direct routing, ARP not suppressed on the real servers',
  selection: 'arp-winner',
  frontEnd: 'none',
  ...direct,
  requiresSharedSegment: true,
  serverDecapsulates: false,
  forwardEncapsulationBytes: 0,
};
