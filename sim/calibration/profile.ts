/**
 * A calibration profile: every CPU cost and hardware default the models use, as data. Costs are
 * in nanoseconds of one core's time; names carry their units. Profiles live in ./profiles/ with
 * the source of each figure beside it; a scenario may override any field per role.
 */
export type LvsMode = 'lvs-nat' | 'lvs-tun' | 'lvs-dr';
export type Method = 'GET' | 'PUT' | 'HEAD' | 'DELETE';

/** Linux TCP behaviour shared by every host (sources in docs/calibration.md). */
export interface TcpProfile {
  /** net.ipv4.tcp_timestamps: 12 B of options on every segment (52 B headers, MSS 1448 on 1500). */
  readonly timestamps: boolean;
  /** Quick ACKs at connection start (TCP_MAX_QUICKACKS). */
  readonly quickAcks: number;
  /** Delayed-ACK timer: a pending ACK not piggybacked within it goes out alone (TCP_DELACK_MIN). */
  readonly delayedAckNs: number;
  /** Initial congestion window in segments (IW10, RFC 6928). */
  readonly initialCwndSegments: number;
  /** net.ipv4.tcp_slow_start_after_idle. */
  readonly slowStartAfterIdle: boolean;
  /** TCP_RTO_MIN: an idle connection restarts slow start after one RTO (≥ this + RTT). */
  readonly minRtoNs: number;
  /** Client hosts aggregate received segments with GRO (needs back-to-back arrivals; off for WAN clients). */
  readonly clientGro: boolean;
}

export interface DirectorCosts {
  /** GRO on the director: IPVS forwards aggregates (per-packet cost per aggregate), GSO re-segments. */
  readonly gro: boolean;
  /** IPVS forwarding cost per packet crossing the director, by forwarding method. */
  readonly cpuNsPerPacket: Readonly<Record<LvsMode, number>>;
  /** Per IP byte sent on (headers and the IP-in-IP outer header included); ≈ 0 for IPVS. */
  readonly cpuNsPerByte: number;
  /** Scheduling a new connection and creating its table entry. */
  readonly cpuNsPerConnection: number;
  /** Memory per connection-table entry (IPVS: 128 B) and the memory given to the table. */
  readonly connEntryBytes: number;
  readonly connTableMemoryBytes: number;
}

export interface ProxyCosts {
  /** Kernel TCP/IP work per packet (per aggregate with GRO/TSO) received or sent on either connection. */
  readonly kernelNsPerPacket: number;
  /** Kernel work per IP byte received or sent (headers included), beyond the copies to user space. */
  readonly kernelNsPerByte: number;
  /** Receive and send offload: per-packet kernel work is paid per 64 KiB aggregate. */
  readonly gro: boolean;
  readonly tso: boolean;
  /** accept() and session setup of a client connection. */
  readonly acceptNs: number;
  /** One user↔kernel crossing (read, write, epoll) with mitigations. */
  readonly syscallNs: number;
  /** Copy cost per byte per copy; without splice each byte is copied in (recv) and out (send). */
  readonly copyNsPerByte: number;
  /** Bytes moved per read/write call (haproxy tune.bufsize). */
  readonly bufferBytes: number;
  /** HTTP parsing, rules and server selection, per request. */
  readonly requestNs: number;
  /** connect() to a server: socket, source-port search in the local port table, session setup. */
  readonly connectNs: number;
}

export interface ServerCosts {
  /** Kernel TCP/IP work per packet (per aggregate with GRO/TSO) in or out. */
  readonly kernelNsPerPacket: number;
  /** Kernel work per IP byte in or out (headers and, under LVS-TUN, the outer header included). */
  readonly kernelNsPerByte: number;
  readonly gro: boolean;
  readonly tso: boolean;
  /** IP-in-IP decapsulation per tunnelled packet (LVS-TUN). */
  readonly decapNsPerPacket: number;
  /** Application work per request by method (Swift proxy: auth, ring lookup, backend requests). */
  readonly requestNs: Readonly<Record<Method, number>>;
  /** Application work per body byte streamed (through the Swift proxy, either direction). */
  readonly nsPerByte: number;
  /** New client connection accepted (kernel accept + eventlet green thread). */
  readonly connectionNs: number;
}

/**
 * TLS at a terminating node (haproxy, or a Swift proxy server), per operation on the profile's
 * reference core. TLS 1.3 framing: records of at most `recordBytes` of plaintext, each growing by
 * `recordOverheadBytes` (header, AEAD tag, content type).
 */
export interface TlsCosts {
  /** A full handshake at the server end (key exchange and certificate signature). */
  readonly fullHandshakeNs: number;
  /** A resumed handshake (pre-shared key from an earlier session). */
  readonly resumedHandshakeNs: number;
  /** Fixed work per record sealed or opened. */
  readonly recordNs: number;
  /** Cipher and record-layer work per byte of record (plaintext + overhead). */
  readonly cipherNsPerByte: number;
  readonly recordBytes: number;
  readonly recordOverheadBytes: number;
}

export interface DnsCosts {
  readonly resolverNsPerQuery: number;
  readonly authoritativeNsPerQuery: number;
}

export interface RegistryCosts {
  readonly nsPerLookup: number;
  /** Reply size grows with membership: fixed part + per-member part. */
  readonly replyBaseBytes: number;
  readonly replyBytesPerMember: number;
}

export interface HardwareDefaults {
  readonly serverCores: number;
  readonly serverNicBps: number;
  /** Packets per second the NIC handles per direction (Infinity: the bit rate alone limits). */
  readonly serverNicPps: number;
  readonly frontEndCores: number;
  readonly frontEndNicBps: number;
  readonly frontEndNicPps: number;
  readonly registryCores: number;
  readonly registryNicBps: number;
  readonly registryNicPps: number;
}

export interface Profile {
  readonly name: string;
  readonly description: string;
  readonly tcp: TcpProfile;
  readonly director: DirectorCosts;
  readonly proxy: ProxyCosts;
  readonly server: ServerCosts;
  readonly tls: TlsCosts;
  readonly dns: DnsCosts;
  readonly registry: RegistryCosts;
  readonly hardware: HardwareDefaults;
}
