import type { Profile } from '../profile.js';

/**
 * Present-day hardware (≈ 3 GHz server cores, 10–40 GbE). Sources are sections of docs/sources.md;
 * [D] marks a figure derived by the arithmetic beside it, [A] an assumption to replace with a
 * measurement when one is available.
 */
export const modern: Profile = {
  name: 'modern',
  description: 'Present-day Linux servers: IPVS ~1 µs/packet, haproxy calibrated to its published sizing, Swift proxy in Python',
  // Linux defaults (docs/calibration.md §TCP): timestamps on, 16 quick ACKs, 40 ms delayed-ACK
  // minimum, IW10, slow start after idle, 200 ms minimum RTO. WAN clients receive segments spaced
  // by their access link, so GRO finds little to merge there: off.
  tcp: { timestamps: true, quickAcks: 16, delayedAckNs: 40_000_000, initialCwndSegments: 10, slowStartAfterIdle: true, minRtoNs: 200_000_000, clientGro: false },
  director: {
    // docs/sources.md §6 suggested defaults [D]: DR 1.0 µs (MAC rewrite), TUN 1.2 µs (+ encapsulation),
    // NAT 1.3 µs (rewrite + checksum); from "XDP ~10 Mpps/core, 10× IPVS".
    cpuNsPerPacket: { 'lvs-dr': 1_000, 'lvs-tun': 1_200, 'lvs-nat': 1_300 },
    cpuNsPerByte: 0,
    // [A] scheduling + hash insert of a new entry, ~ one packet's worth of work.
    cpuNsPerConnection: 1_000,
    // docs/sources.md §1: 128 B per entry (kernel Kconfig); [A] 1 GiB given to the table (> 8 M entries).
    connEntryBytes: 128,
    connTableMemoryBytes: 1024 ** 3,
    // IPVS figures above are per wire packet; LVS guides advise turning LRO/GRO off on directors.
    gro: false,
  },
  proxy: {
    // Fitted [F] to haproxy's published sizing on its own box as the guide describes it
    // (docs/calibration.md): haproxy on 1 core, network interrupts on 2 more (softirq work there),
    // 2 × 10 GbE. The haproxy core binds all three rate points, and its time per request solves
    // them exactly for r, c and a (243 k keep-alive: 2 packets sent, 4 calls; 97 k server-close:
    // + connect(), its SYN and FIN; 82 k new connections: + accept()); syscalls and copies come
    // from their own sources. test/calibration/haproxy.test.ts re-runs every point.
    // [D/A] the rates fix 2k + r, not k: forwarding a packet costs ≈ 1 µs on a current core
    // (docs/sources.md §6, IPVS ≈ a tenth of XDP); a host that terminates TCP does one half of
    // it per packet (receive, or send), taken as equal halves.
    kernelNsPerPacket: 500, // per packet, per aggregate with GRO/TSO
    // [A] with checksum offload the kernel touches only headers; the copy to user space is copyNsPerByte.
    kernelNsPerByte: 0,
    gro: true, // on by default on modern NICs (kernel segmentation-offloads.rst)
    tso: true,
    acceptNs: 1_886, // [F] accept() and the new session: 1/82 k − 1/97 k s of the haproxy core
    syscallNs: 500, // docs/sources.md §6: 0.1–1+ µs per real syscall with mitigations [P]
    copyNsPerByte: 0.1, // docs/sources.md §6: memcpy 5.6–11.4 GB/s single thread [P] → ≈ 0.1 ns/B
    bufferBytes: 16_384, // haproxy tune.bufsize default [V]
    requestNs: 995, // [F] HTTP parsing, rules, scheduling and the event loop, per request
    connectNs: 5_194, // [F] connect(): socket, source-port search in the local port table, setup
  },
  server: {
    kernelNsPerPacket: 1_000, // [A] same order as a forwarding hop (docs/sources.md §6)
    // [A] checksum offload: payload is touched by the copy to Swift, counted in nsPerByte.
    kernelNsPerByte: 0,
    gro: true,
    tso: true,
    decapNsPerPacket: 200, // [A] the 20 % TUN premium of the director, paid again by the receiver
    // [A] Swift proxy (Python/eventlet) per request; PUT writes 3 replicas and waits for a quorum.
    requestNs: { GET: 1_500_000, HEAD: 600_000, PUT: 2_500_000, DELETE: 1_200_000 },
    // [D] "8 cores, 16 workers saturate 10 GbE" (docs/sources.md §7): 8 cores / 1.25 GB/s = 6.4 ns/B at
    // full load; 5 ns/B leaves the NIC, not the CPU, the limit for large objects as reported.
    nsPerByte: 5,
    connectionNs: 20_000, // [A]
  },
  // TLS 1.3 at haproxy or a Swift proxy (docs/sources.md §3.1, "TLS"), derived [D] from haproxy's
  // published HTTPS rates on its 3.7 GHz reference core, each the difference from the clear-text rate:
  tls: {
    fullHandshakeNs: 763_000, // [D] RSA-2048 renegotiation 1,300 req/s vs 160 k keep-alive: 1/1300 − 1/160k
    resumedHandshakeNs: 64_100, // [D] TLS resume 13,100 req/s vs 82 k new connections: 1/13.1k − 1/82k
    recordNs: 600, // [D] 160 k vs 243 k keep-alive req/s: 2.13 µs for two small records, less their bytes
    cipherNsPerByte: 1.44, // [D] 4.6 Gbps AES256-GCM on one core = 1.74 ns/B, less the clear-text copies and calls
    recordBytes: 16_384, // RFC 8446 §5.1: at most 2^14 B of plaintext per record [V]
    recordOverheadBytes: 22, // RFC 8446 §5.2: 5 B header + 16 B AES-GCM tag + 1 B content type [V]
  },
  dns: {
    resolverNsPerQuery: 20_000, // [A] ≈ 50 k queries/s per core, a caching resolver's order of magnitude
    authoritativeNsPerQuery: 10_000, // [A]
  },
  registry: {
    nsPerLookup: 50_000, // [A] a membership lookup in a service registry (HTTP + JSON)
    replyBaseBytes: 200,
    replyBytesPerMember: 64,
  },
  hardware: {
    serverCores: 8, // docs/sources.md §7 operator report: 8-core proxies
    serverNicBps: 10e9,
    // [D] one 10 GbE port forwards minimum frames at line rate (84 B on the wire: 14.88 Mpps), so
    // its bit rate alone limits it (docs/sources.md §6, NIC packet rates).
    serverNicPps: 14_880_952,
    frontEndCores: 8,
    frontEndNicBps: 40e9,
    // [V/A] Intel XL710 (40 GbE): ~37 Mpps hardware packet-processing limit for packets under
    // 160 B, well below the 59.5 Mpps of 40 GbE line rate (docs/sources.md §6); [A] per direction.
    frontEndNicPps: 37_000_000,
    registryCores: 4,
    registryNicBps: 10e9,
    registryNicPps: 14_880_952,
  },
};
