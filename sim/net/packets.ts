/**
 * Packet accounting for one TCP exchange, computed by rule rather than simulated packet by
 * packet (docs/model.md, "Packets"). The rules, all checkable by hand:
 *  - data segments = ceil(payloadBytes / mss), at least 1 when there is payload;
 *  - delayed ACK: the receiver of d data segments sends ceil(d / ackEvery) pure ACKs (ackEvery = 2);
 *  - a new connection costs SYN (→), SYN-ACK (←) and the handshake's final ACK (→);
 *  - closing costs FIN (→), FIN-ACK (←) and the last ACK (→) (the client closes);
 *  - on the wire each packet carries 40 B of TCP/IP header + 38 B of Ethernet framing
 *    (14 header + 4 FCS + 8 preamble + 12 inter-frame gap), plus any encapsulation header.
 */
export const TCP_IP_HEADER_BYTES = 40;
export const ETHERNET_OVERHEAD_BYTES = 38;
export const IPIP_HEADER_BYTES = 20;
export const DELAYED_ACK_EVERY = 2;

/** Packets of one direction of one TCP connection for one request. */
export interface FlowCount {
  /** SYN / SYN-ACK / handshake ACK / FIN / FIN-ACK / last ACK in this direction. */
  ctrl: number;
  data: number;
  acks: number;
  payloadBytes: number;
  /** Data packets whose IP size exceeds the path MTU once encapsulated (fragmented on a TUN leg). */
  fullSizeData: number;
}

export function dataSegments(payloadBytes: number, mssBytes: number): number {
  return payloadBytes > 0 ? Math.ceil(payloadBytes / mssBytes) : 0;
}

export function delayedAcks(dataSegmentsReceived: number): number {
  return Math.ceil(dataSegmentsReceived / DELAYED_ACK_EVERY);
}

/** MSS on an Ethernet path of this MTU: MTU − 40 (1460 on 1500). */
export function mssFor(mtuBytes: number, encapsulationBytes = 0): number {
  return mtuBytes - TCP_IP_HEADER_BYTES - encapsulationBytes;
}

/**
 * Both directions of one request on one connection.
 * `forward` flows from the connection's opener (client or proxy) to the server, `reverse` back.
 */
export interface Exchange {
  readonly forward: FlowCount;
  readonly reverse: FlowCount;
}

export interface ExchangeShape {
  readonly forwardBytes: number;
  readonly reverseBytes: number;
  readonly forwardMss: number;
  readonly reverseMss: number;
  /** The connection is opened for this request: the handshake's final ACK rides forward. */
  readonly opens: boolean;
  /** The connection is closed after this request. */
  readonly closes: boolean;
}

/**
 * The SYN and SYN-ACK travel as their own handshake exchange before the request (they cost one
 * round trip); everything else of the connection's life is charged to the request that carries it.
 */
export function exchangeFor(s: ExchangeShape): Exchange {
  const fwdData = dataSegments(s.forwardBytes, s.forwardMss);
  const revData = dataSegments(s.reverseBytes, s.reverseMss);
  return {
    forward: {
      ctrl: (s.opens ? 1 : 0) + (s.closes ? 2 : 0),
      data: fwdData,
      acks: delayedAcks(revData),
      payloadBytes: s.forwardBytes,
      fullSizeData: Math.floor(s.forwardBytes / s.forwardMss),
    },
    reverse: {
      ctrl: s.closes ? 1 : 0,
      data: revData,
      acks: delayedAcks(fwdData),
      payloadBytes: s.reverseBytes,
      fullSizeData: Math.floor(s.reverseBytes / s.reverseMss),
    },
  };
}

export function packetsOf(f: FlowCount): number {
  return f.ctrl + f.data + f.acks;
}

/** The handshake's first two packets, one each way, no payload. */
export const SYN: FlowCount = Object.freeze({ ctrl: 1, data: 0, acks: 0, payloadBytes: 0, fullSizeData: 0 });

/**
 * Bytes on the wire for a flow on one leg. With `fragmentFullSize`, every full-size data packet
 * that no longer fits the MTU after encapsulation is split in two (the second fragment carries its
 * own IP, outer IP and Ethernet overhead but no TCP header).
 */
export function wireBytes(f: FlowCount, extraHeaderBytes: number, fragmentFullSize: boolean): number {
  const packets = packetsOf(f);
  let bytes = f.payloadBytes + packets * (TCP_IP_HEADER_BYTES + ETHERNET_OVERHEAD_BYTES + extraHeaderBytes);
  if (fragmentFullSize) bytes += f.fullSizeData * (20 + extraHeaderBytes + ETHERNET_OVERHEAD_BYTES);
  return bytes;
}

export function wirePackets(f: FlowCount, fragmentFullSize: boolean): number {
  return packetsOf(f) + (fragmentFullSize ? f.fullSizeData : 0);
}
