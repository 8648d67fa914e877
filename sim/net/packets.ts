/**
 * Packet accounting for TCP as Linux sends it, computed by rule rather than simulated packet by
 * packet (docs/model.md, "Packets"). The rules, all checkable by hand (sources in docs/calibration.md):
 *  - data segments = ceil(payloadBytes / mss), at least 1 when there is payload;
 *  - TCP timestamps on (Linux default): 52 B of TCP/IP header per packet, MSS = MTU − 52 (1448);
 *    off: 40 B and MSS = MTU − 40;
 *  - on the wire a packet adds 18 B of Ethernet header + FCS, padded to the 64 B minimum frame,
 *    plus 20 B of preamble and inter-frame gap; IP-in-IP adds 20 B inside the frame;
 *  - a new connection costs SYN (→), SYN-ACK (←) and the handshake's final ACK (→, sent at once,
 *    just ahead of the request);
 *  - ACKs are sent by the receiver while data arrives, chunk by chunk (ack-policy.ts), and the
 *    one left pending by the delayed-ACK rule rides on the receiver's next data or FIN;
 *  - the side answering the last request of a connection ("Connection: close") sets FIN on its
 *    last data segment; the other side answers with its own FIN (carrying its ACK) and gets a
 *    last ACK back.
 */
export const TCP_IP_HEADER_BYTES = 40;
export const TCP_TIMESTAMP_OPTION_BYTES = 12;
/** Ethernet header (14) + FCS (4), inside the frame. */
export const ETHERNET_FRAME_OVERHEAD_BYTES = 18;
/** Preamble + start delimiter (8) + inter-frame gap (12): on the wire, outside the frame. */
export const ETHERNET_GAP_BYTES = 20;
/** 14 + 4 + 8 + 12: everything Ethernet adds to an IP packet that fills the minimum frame. */
export const ETHERNET_OVERHEAD_BYTES = ETHERNET_FRAME_OVERHEAD_BYTES + ETHERNET_GAP_BYTES;
/** Smallest Ethernet frame, header and FCS included. */
export const MIN_FRAME_BYTES = 64;
export const IPIP_HEADER_BYTES = 20;
/** Largest GSO/TSO/GRO aggregate (one skb): 64 KiB including headers. */
export const MAX_AGGREGATE_BYTES = 65_536;

/** TCP/IP header bytes per packet. */
export function tcpHeaderBytes(timestamps: boolean): number {
  return TCP_IP_HEADER_BYTES + (timestamps ? TCP_TIMESTAMP_OPTION_BYTES : 0);
}

/** Bytes on the wire of one packet whose IP datagram is `ipBytes` long. */
export function frameWireBytes(ipBytes: number): number {
  return Math.max(ipBytes + ETHERNET_FRAME_OVERHEAD_BYTES, MIN_FRAME_BYTES) + ETHERNET_GAP_BYTES;
}

/** Packets of one direction of one TCP connection carried by one message (or one chunk of it). */
export interface FlowCount {
  /** Header-only segments: SYN, SYN-ACK, handshake ACK, pure ACKs, FIN. */
  ctrl: number;
  /** Segments carrying payload. */
  data: number;
  payloadBytes: number;
  /** Data packets whose IP size exceeds the path MTU once encapsulated (fragmented on a TUN leg). */
  fullSizeData: number;
}

export function dataSegments(payloadBytes: number, mssBytes: number): number {
  return payloadBytes > 0 ? Math.ceil(payloadBytes / mssBytes) : 0;
}

/** MSS on an Ethernet path of this MTU: MTU − TCP/IP header (1448 on 1500 with timestamps). */
export function mssFor(mtuBytes: number, encapsulationBytes = 0, timestamps = true): number {
  return mtuBytes - tcpHeaderBytes(timestamps) - encapsulationBytes;
}

/** Full-size segments that fit one 64 KiB aggregate (45 at MSS 1448). */
export function segmentsPerAggregate(mssBytes: number): number {
  return Math.max(1, Math.floor(MAX_AGGREGATE_BYTES / mssBytes));
}

/** Aggregates (skbs) a host's stack handles for `data` segments with offload, one per segment without. */
export function aggregatesOf(data: number, offloaded: boolean, perAggregate: number): number {
  return offloaded ? Math.ceil(data / perAggregate) : data;
}

export function flow(ctrl: number, payloadBytes: number, mssBytes: number): FlowCount {
  return { ctrl, data: dataSegments(payloadBytes, mssBytes), payloadBytes, fullSizeData: Math.floor(payloadBytes / mssBytes) };
}

export function packetsOf(f: FlowCount): number {
  return f.ctrl + f.data;
}

/** The handshake's first two packets, one each way, no payload. */
export const SYN: FlowCount = Object.freeze({ ctrl: 1, data: 0, payloadBytes: 0, fullSizeData: 0 });

/**
 * Bytes on the wire for a flow on one leg. Data segments never fall under the minimum frame (their
 * payload would have to be under 6 B); header-only packets are padded when they would. With
 * `fragmentFullSize`, every full-size data packet that no longer fits the MTU after encapsulation
 * is split in two (the second fragment carries its own IP, outer IP and Ethernet overhead but no
 * TCP header).
 */
export function wireBytes(f: FlowCount, headerBytes: number, extraHeaderBytes: number, fragmentFullSize: boolean): number {
  const ctrlIp = headerBytes + extraHeaderBytes;
  let bytes = f.ctrl * frameWireBytes(ctrlIp) + f.payloadBytes + f.data * (ctrlIp + ETHERNET_OVERHEAD_BYTES);
  if (fragmentFullSize) bytes += f.fullSizeData * (20 + extraHeaderBytes + ETHERNET_OVERHEAD_BYTES);
  return bytes;
}

/**
 * IP bytes of a flow on one leg: what a host's stack handles (payload, TCP/IP headers, the outer
 * header of IP-in-IP, and the extra IP header of each second fragment), Ethernet excluded. The
 * base of every kernel per-byte cost (docs/model.md, "CPU per byte").
 */
export function ipBytes(f: FlowCount, headerBytes: number, extraHeaderBytes: number, fragmentFullSize: boolean): number {
  const bytes = f.payloadBytes + packetsOf(f) * (headerBytes + extraHeaderBytes);
  return fragmentFullSize ? bytes + f.fullSizeData * (20 + extraHeaderBytes) : bytes;
}

export function wirePackets(f: FlowCount, fragmentFullSize: boolean): number {
  return packetsOf(f) + (fragmentFullSize ? f.fullSizeData : 0);
}
