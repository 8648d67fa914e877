import type { Profile } from '../profile.js';
import { modern } from './modern.js';

/**
 * Late-1990s hardware, as in the LVS project's own figures (docs/sources.md §1): Pentium-class
 * director, 100 Mbps NICs, 60 µs per packet for VS/NAT rewriting.
 */
export const lvsClassic: Profile = {
  name: 'lvs-classic',
  description: 'Late-1990s Pentium-class boxes on 100 Mbps Ethernet (LVS project figures)',
  // RFC 2581-era initial window of 2 segments; no offload on 1990s NICs.
  tcp: { ...modern.tcp, initialCwndSegments: 2 },
  director: {
    // linux-vs.org/how.html: VS/NAT rewrite ≈ 60 µs per packet [V]. DR [F]: fitted so that one
    // director forwards ~10,000 LVS/DR connections/s (LVS FAQ, one small request each: 5 packets
    // client → server with Linux TCP, + 20 µs to schedule): (100 − 20) / 5 = 16 µs. TUN [A]: DR + 25 %.
    cpuNsPerPacket: { 'lvs-nat': 60_000, 'lvs-tun': 20_000, 'lvs-dr': 16_000 },
    cpuNsPerByte: 0,
    cpuNsPerConnection: 20_000,
    connEntryBytes: 128,
    connTableMemoryBytes: 64 * 1024 ** 2,
    gro: false,
  },
  proxy: {
    ...modern.proxy,
    kernelNsPerPacket: 20_000,
    syscallNs: 5_000,
    copyNsPerByte: 5,
    requestNs: 200_000,
    gro: false,
    tso: false,
    acceptNs: 300_000,
    connectNs: 300_000,
  },
  server: {
    ...modern.server,
    kernelNsPerPacket: 20_000,
    decapNsPerPacket: 5_000,
    requestNs: { GET: 2_000_000, HEAD: 1_000_000, PUT: 4_000_000, DELETE: 2_000_000 },
    nsPerByte: 20,
    gro: false,
    tso: false,
    connectionNs: 200_000,
  },
  // [A] modern TLS costs × 20, the ratio of this profile's kernel per-packet cost to modern's.
  tls: {
    ...modern.tls,
    fullHandshakeNs: 20 * modern.tls.fullHandshakeNs,
    resumedHandshakeNs: 20 * modern.tls.resumedHandshakeNs,
    recordNs: 20 * modern.tls.recordNs,
    cipherNsPerByte: 20 * modern.tls.cipherNsPerByte,
  },
  dns: { resolverNsPerQuery: 200_000, authoritativeNsPerQuery: 100_000 },
  registry: { ...modern.registry, nsPerLookup: 1_000_000 },
  hardware: {
    serverCores: 1,
    serverNicBps: 100e6, // "single Pentium III, 100 Mbps NIC" (LVS FAQ)
    // [D] 100 Mbps line rate in minimum frames (84 B on the wire): the bit rate alone limits.
    serverNicPps: 148_810,
    frontEndCores: 1,
    frontEndNicBps: 100e6,
    frontEndNicPps: 148_810,
    registryCores: 1,
    registryNicBps: 100e6,
    registryNicPps: 148_810,
  },
};
