import { type Done, PsResource, type ResourceKind } from '../engine/resource.js';
import type { Simulator } from '../engine/simulator.js';

const BITS_PER_BYTE = 8;

/** NIC bandwidth in bits per second as a processor-sharing rate in bytes per ns. */
export function bytesPerNs(bps: number): number {
  return bps / BITS_PER_BYTE / 1e9;
}

/**
 * One direction of a NIC (or of a link) with two limits: a bit rate and a packet rate. A transfer
 * of `bytes` on the wire in `packets` packets needs the line for max(bytes / byteRate,
 * packets / packetRate): whichever limit is tighter for that transfer binds. The work is kept in
 * bytes of line time, so a transfer of small packets counts as `packets × bytesPerPacketSlot`
 * bytes, where bytesPerPacketSlot = byteRate / packetRate is the line time one packet holds at
 * the packet-rate limit (84 B at 10 GbE line rate: never tighter than the bytes of a minimum
 * frame, so a NIC rated at line rate is limited by bits alone). Concurrent transfers share the
 * line fairly (processor sharing), as concurrent TCP flows do.
 *
 * Over a window it records the bytes and packets it carried, so that a bottleneck report can say
 * which limit binds: packets when the packet rate's demand (packets × slot) exceeds the bytes'.
 */
export class NicResource extends PsResource {
  /** Bytes of line time one packet holds at the packet-rate limit (0: no packet-rate limit). */
  readonly bytesPerPacketSlot: number;
  private windowBytes = 0;
  private windowPackets = 0;

  constructor(sim: Simulator, id: string, node: string, kind: ResourceKind, readonly bps: number, readonly pps: number) {
    super(sim, id, node, kind, bytesPerNs(bps));
    if (!(pps > 0)) throw new RangeError(`${id}: packet rate must be positive`);
    this.bytesPerPacketSlot = Number.isFinite(pps) ? this.ratePerNs / (pps / 1e9) : 0;
  }

  /** Bytes of line time a transfer holds: its bytes, or its packets' slots when those are more. */
  lineBytes(bytes: number, packets: number): number {
    const slots = packets * this.bytesPerPacketSlot;
    // A rate given as line rate in minimum frames rounds to a slot a hair (< 1 ppm) above 84 B: not a limit.
    return slots > bytes * (1 + 1e-6) ? slots : bytes;
  }

  /** Carries `bytes` on the wire in `packets` packets, then calls done(arg). */
  transfer<A>(bytes: number, packets: number, done: Done<A>, arg: A): boolean {
    this.windowBytes += bytes;
    this.windowPackets += packets;
    return this.submit(this.lineBytes(bytes, packets), done, arg);
  }

  override resetStats(): void {
    super.resetStats();
    this.windowBytes = 0;
    this.windowPackets = 0;
  }

  /** With a packet-rate limit: the offered bit and packet rates against both limits, and which binds. */
  protected override limitNote(spanNs: number): string | undefined {
    if (this.bytesPerPacketSlot === 0 || spanNs <= 0) return undefined;
    const gbps = (this.windowBytes * BITS_PER_BYTE) / spanNs;
    const mpps = (this.windowPackets / spanNs) * 1e3;
    const binds = this.windowPackets * this.bytesPerPacketSlot > this.windowBytes ? 'packets' : 'bits';
    return `binds: ${binds} (${gbps.toFixed(2)} of ${(this.bps / 1e9).toFixed(2)} Gbps, ${mpps.toFixed(2)} of ${(this.pps / 1e6).toFixed(2)} Mpps)`;
  }
}
