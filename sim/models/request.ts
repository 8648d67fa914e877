import type { Method } from '../calibration/profile.js';
import type { TcpConnection } from '../net/ack-policy.js';
import type { Message } from '../net/train.js';

/** A TCP connection opened by a client (to a server directly, or to a VIP). */
export class Connection {
  /** Real server behind the connection: fixed at connect (DNS, client-side, LVS); -1 for the proxy (per request). */
  server = -1;
  requestsLeft: number;
  /** The director's table entry exists (LVS): released on close after the FIN timeout. */
  tableEntry = false;

  constructor(
    readonly clientIndex: number,
    /** The director or proxy this connection goes through; -1 when clients reach servers directly. */
    readonly frontEnd: number,
    requestsPerConnection: number,
    /** ACK and congestion-window state of both ends. */
    readonly tcp: TcpConnection,
  ) {
    this.requestsLeft = requestsPerConnection;
  }
}

/** One HTTP request's life: from issue to the last byte of the response at the client. */
export class Request {
  conn: Connection | null = null;
  /** Server that runs it (chosen by DNS, the client, the director at connect, or the proxy per request). */
  server = -1;
  /** L7: the proxy's connection to the server that carries this request (pooled or new). */
  tcp1: TcpConnection | null = null;
  /** L7: that connection closes after this request (no reuse). */
  closes1 = false;
  /** L7: the request message waiting at the proxy while its server connection is opened. */
  held: Message | null = null;
  /** Intrusive links of the collector's list of measured requests still open (O(1), no hashing). */
  prevOpen: Request | null = null;
  nextOpen: Request | null = null;
  open = false;

  constructor(
    readonly id: number,
    readonly groupIndex: number,
    readonly clientIndex: number,
    readonly method: Method,
    /** Object body size; carried by PUT requests and GET responses. */
    readonly objectBytes: number,
    readonly issuedNs: number,
    /** Issued inside the measured window (after warm-up): counted in results. */
    readonly measured: boolean,
  ) {}

  /** Body bytes travelling client → server. */
  get uploadBytes(): number {
    return this.method === 'PUT' ? this.objectBytes : 0;
  }

  /** Body bytes travelling server → client. */
  get downloadBytes(): number {
    return this.method === 'GET' ? this.objectBytes : 0;
  }
}
