import type { Method } from '../calibration/profile.js';
import type { Exchange } from '../net/packets.js';
import type { Message } from '../net/train.js';

/** A TCP connection opened by a client (to a server directly, or to a VIP). */
export class Connection {
  /** Real server behind the connection: fixed at connect (DNS, client-side, LVS); -1 for the proxy (per request). */
  server = -1;
  requestsLeft: number;
  /** The director's table entry exists (LVS): released on close after the FIN timeout. */
  tableEntry = false;
  /** Crash counts (NetNode.epoch) of the server and front end when opened: a crash since breaks it. */
  serverEpoch = 0;
  frontEndEpoch = 0;
  /** With VRRP: the virtual address (group of front-end boxes) the client connected to. */
  vip = -1;
  /** Packets the client has sent into the director on this connection (the IPVS sync rule counts them). */
  inPackets = 0;

  constructor(
    readonly clientIndex: number,
    /** The director or proxy box this connection goes through (another box of its VRRP group may take it over); -1: none. */
    public frontEnd: number,
    requestsPerConnection: number,
  ) {
    this.requestsLeft = requestsPerConnection;
  }
}

/** One HTTP request's life: from issue to the last byte of the response at the client. */
export class Request {
  conn: Connection | null = null;
  /** Server that runs it (chosen by DNS, the client, the director at connect, or the proxy per request). */
  server = -1;
  /** Packet counts on the client's connection, then (L7) on the proxy's connection to the server. */
  exchanges: [Exchange | null, Exchange | null] = [null, null];
  /** L7: the request message waiting at the proxy while its server connection is opened. */
  held: Message | null = null;
  /** Intrusive links of the collector's list of measured requests still open (O(1), no hashing). */
  prevOpen: Request | null = null;
  nextOpen: Request | null = null;
  open = false;
  /** A fault stopped one of its messages: it ends by a reset (failed) or at its deadline (timed out). */
  abandoned = false;
  /** Index of the scenario fault that hit it, -1: none. */
  faultIndex = -1;
  /** Extra attempts made (the next address of a DNS answer after a refused connect). */
  retries = 0;

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
