import type { TlsCosts } from '../calibration/profile.js';
import type { ModePath } from '../modes/path-spec.js';
import type { Scenario } from '../scenario/types.js';

/**
 * TLS 1.3 termination as costs and round trips (docs/model.md, "TLS"). Which connections are
 * encrypted follows the mode: the client's connection (0) ends at haproxy in l7-proxy and at a
 * Swift proxy server in every other mode; the proxy's own connection to a server (1) is encrypted
 * only when the scenario says haproxy re-encrypts.
 *
 * At a node that seals or opens a connection's records, each train's payload costs
 *   records × recordNs + (payload + records × recordOverheadBytes) × cipherNsPerByte,
 * records = ceil(payload / recordBytes); the end that accepts a new encrypted connection pays a
 * full or a resumed handshake with the request's first arrival, and the client (or haproxy as a
 * client) waits one more round trip before its request leaves (TLS 1.3: 1-RTT full and resumed
 * handshakes, no early data). The handshake messages' own packets are not put on the wire.
 */
export class Tls {
  /** encrypted[c]: TLS on connection c. */
  readonly encrypted: readonly [boolean, boolean];

  constructor(readonly costs: TlsCosts, settings: Scenario['tls'], path: ModePath) {
    const on = settings.enabled;
    this.encrypted = [on, on && settings.reencrypt && path.frontEnd === 'proxy'];
  }

  /** CPU to seal or open `payloadBytes` of one connection's stream (0 when it is clear text). */
  recordsNs(conn: number, payloadBytes: number): number {
    if (!this.encrypted[conn]! || payloadBytes === 0) return 0;
    const c = this.costs;
    const records = Math.ceil(payloadBytes / c.recordBytes);
    return records * c.recordNs + (payloadBytes + records * c.recordOverheadBytes) * c.cipherNsPerByte;
  }

  /** The server end's handshake CPU for a new connection c (0 when it is clear text). */
  handshakeNs(conn: number, resumed: boolean): number {
    if (!this.encrypted[conn]!) return 0;
    return resumed ? this.costs.resumedHandshakeNs : this.costs.fullHandshakeNs;
  }

  /** Round trips a new connection c waits for its handshake before the first request (1 with TLS 1.3). */
  handshakeRounds(conn: number): number {
    return this.encrypted[conn]! ? 1 : 0;
  }
}
