import { BUSY_INTEGRAL, type Done, type ResourceKind } from '../engine/resource.js';
import { PS_SLOTS, PsResource } from '../engine/ps-resource.js';
import type { Simulator } from '../engine/simulator.js';

const BITS_PER_BYTE = 8;

/**
 * A NIC's slots after the processor-sharing ones: its packet slot (a constant) and what was
 * offered in the window; slots, not fields, for the reason ps-resource.ts gives.
 */
const BYTES_PER_PACKET_SLOT = PS_SLOTS;
const WINDOW_BYTES = PS_SLOTS + 1;
const WINDOW_PACKETS = PS_SLOTS + 2;
const WINDOW_LINE_BYTES = PS_SLOTS + 3;
const NIC_SLOTS = PS_SLOTS + 4;

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
 * Over a window it records the bytes and packets offered to it, so that a bottleneck report can
 * say which limit binds (packets when the packet rate's demand, packets × slot, exceeds the
 * bytes') and what the line carried: its busy time at full rate, in bits and packets in the
 * proportions offered. Offered and carried differ by what was queued at the window's edges; in a
 * short window of a deeply queued NIC that is most of it, so the carried figures are the ones
 * that compare with the limits.
 */
export class NicResource extends PsResource {
  constructor(sim: Simulator, id: string, node: string, kind: ResourceKind, readonly bps: number, readonly pps: number) {
    super(sim, id, node, kind, bytesPerNs(bps), Number.POSITIVE_INFINITY, NIC_SLOTS);
    if (!(pps > 0)) throw new RangeError(`${id}: packet rate must be positive`);
    this.levels[this.at + BYTES_PER_PACKET_SLOT] = Number.isFinite(pps) ? this.ratePerNs / (pps / 1e9) : 0;
  }

  /** Bytes of line time one packet holds at the packet-rate limit (0: no packet-rate limit). */
  get bytesPerPacketSlot(): number { return this.levels[this.at + BYTES_PER_PACKET_SLOT]!; }
  private get windowBytes(): number { return this.levels[this.at + WINDOW_BYTES]!; }
  private get windowPackets(): number { return this.levels[this.at + WINDOW_PACKETS]!; }
  private get windowLineBytes(): number { return this.levels[this.at + WINDOW_LINE_BYTES]!; }

  /** Bytes of line time a transfer holds: its bytes, or its packets' slots when those are more. */
  lineBytes(bytes: number, packets: number): number {
    const slots = packets * this.levels[this.at + BYTES_PER_PACKET_SLOT]!;
    // A rate given as line rate in minimum frames rounds to a slot a hair (< 1 ppm) above 84 B: not a limit.
    return slots > bytes * (1 + 1e-6) ? slots : bytes;
  }

  /** Carries `bytes` on the wire in `packets` packets, then calls done(arg). */
  transfer<A>(bytes: number, packets: number, done: Done<A>, arg: A): boolean {
    const line = this.lineBytes(bytes, packets);
    const v = this.levels;
    const at = this.at;
    v[at + WINDOW_BYTES] = v[at + WINDOW_BYTES]! + bytes;
    v[at + WINDOW_PACKETS] = v[at + WINDOW_PACKETS]! + packets;
    v[at + WINDOW_LINE_BYTES] = v[at + WINDOW_LINE_BYTES]! + line;
    return this.submit(line, done, arg);
  }

  override resetStats(): void {
    super.resetStats();
    this.levels.fill(0, this.at + WINDOW_BYTES, this.at + NIC_SLOTS);
  }

  /** With a packet-rate limit: which limit binds, the bit and packet rates carried against both limits, and those offered. */
  protected override limitNote(spanNs: number): string | undefined {
    if (this.bytesPerPacketSlot === 0 || spanNs <= 0) return undefined;
    const binds = this.windowPackets * this.bytesPerPacketSlot > this.windowBytes ? 'packets' : 'bits';
    // Line time used in the window, at full rate whenever busy (processor sharing never idles with work).
    const carriedLineBytes = this.levels[this.at + BUSY_INTEGRAL]! * this.ratePerNs;
    const gbps = (x: number) => ((x * BITS_PER_BYTE) / spanNs).toFixed(2);
    const mpps = (x: number) => ((x / spanNs) * 1e3).toFixed(2);
    if (this.windowLineBytes === 0) return `busy with work queued before the window (line time ${gbps(carriedLineBytes)} of ${(this.bps / 1e9).toFixed(2)} Gbps); nothing offered in the window`;
    const share = carriedLineBytes / this.windowLineBytes;
    return `binds: ${binds} (carried ${gbps(this.windowBytes * share)} of ${(this.bps / 1e9).toFixed(2)} Gbps, ${mpps(this.windowPackets * share)} of ${(this.pps / 1e6).toFixed(2)} Mpps; offered ${gbps(this.windowBytes)} Gbps, ${mpps(this.windowPackets)} Mpps)`;
  }
}
