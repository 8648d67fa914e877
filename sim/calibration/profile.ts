/**
 * A calibration profile: every CPU cost and hardware default the models use, as data. Costs are
 * in nanoseconds of one core's time; names carry their units. Profiles live in ./profiles/ with
 * the source of each figure beside it; a scenario may override any field per role.
 */
export type LvsMode = 'lvs-nat' | 'lvs-tun' | 'lvs-dr';
export type Method = 'GET' | 'PUT' | 'HEAD' | 'DELETE';

export interface DirectorCosts {
  /** IPVS forwarding cost per packet crossing the director, by forwarding method. */
  readonly cpuNsPerPacket: Readonly<Record<LvsMode, number>>;
  /** Per byte forwarded (checksum updates, copies); ≈ 0 for IPVS. */
  readonly cpuNsPerByte: number;
  /** Scheduling a new connection and creating its table entry. */
  readonly cpuNsPerConnection: number;
  /** Memory per connection-table entry (IPVS: 128 B) and the memory given to the table. */
  readonly connEntryBytes: number;
  readonly connTableMemoryBytes: number;
}

export interface ProxyCosts {
  /** Kernel TCP/IP work per packet received or sent on either connection. */
  readonly kernelNsPerPacket: number;
  /** One user↔kernel crossing (read, write, epoll) with mitigations. */
  readonly syscallNs: number;
  /** Copy cost per byte per copy; without splice each byte is copied in (recv) and out (send). */
  readonly copyNsPerByte: number;
  /** Bytes moved per read/write call (haproxy tune.bufsize). */
  readonly bufferBytes: number;
  /** HTTP parsing, rules and server selection, per request. */
  readonly requestNs: number;
  /** accept() or connect() and session setup, per TCP connection (either side). */
  readonly connectionNs: number;
}

export interface ServerCosts {
  /** Kernel TCP/IP work per packet in or out. */
  readonly kernelNsPerPacket: number;
  /** IP-in-IP decapsulation per tunnelled packet (LVS-TUN). */
  readonly decapNsPerPacket: number;
  /** Application work per request by method (Swift proxy: auth, ring lookup, backend requests). */
  readonly requestNs: Readonly<Record<Method, number>>;
  /** Application work per body byte streamed (through the Swift proxy, either direction). */
  readonly nsPerByte: number;
  /** New client connection accepted (kernel accept + eventlet green thread). */
  readonly connectionNs: number;
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
  readonly frontEndCores: number;
  readonly frontEndNicBps: number;
  readonly registryCores: number;
  readonly registryNicBps: number;
}

export interface Profile {
  readonly name: string;
  readonly description: string;
  readonly director: DirectorCosts;
  readonly proxy: ProxyCosts;
  readonly server: ServerCosts;
  readonly dns: DnsCosts;
  readonly registry: RegistryCosts;
  readonly hardware: HardwareDefaults;
}
