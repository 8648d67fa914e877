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
  /** Closed (by either side): never reused, never closed twice. */
  closed = false;
  /** The server holds it: accepted by a worker, or waiting in the listen socket's accept queue. */
  atServer = false;
  /** Worker process of the server that accepted it; -1 while in the accept queue (or not at a server). */
  worker = -1;
  /** A request that reached the server before a worker accepted the connection. */
  parked: Request | null = null;
  /** When it last became idle (keep-alive), to tell a stale idle timer from the current one. */
  idleSinceNs = -1;
  /** Crash counts (NetNode.epoch) of the server and front end when opened: a crash since breaks it. */
  serverEpoch = 0;
  frontEndEpoch = 0;
  /** With VRRP: the virtual address (group of front-end boxes) the client connected to. */
  vip = -1;
  /** Packets the client has sent into the director on this connection (the IPVS sync rule counts them). */
  inPackets = 0;
  /** Behind ECMP: the hash of its 5-tuple, and the tier's change count when it was last routed. */
  flowHash = 0;
  routeGeneration = 0;
  /** Its TLS handshake resumed an earlier session (drawn at connect when TLS is on). */
  tlsResumed = false;
  /** What the receiver's NIC hashes for RSS: stands for the connection's 4-tuple (the opening request's id). */
  rssKey = 0;

  constructor(
    readonly clientIndex: number,
    /** The director or proxy box this connection goes through (another box of its VRRP group may take it over); -1: none. */
    public frontEnd: number,
    requestsPerConnection: number,
    /** ACK and congestion-window state of both ends. */
    readonly tcp: TcpConnection,
  ) {
    this.requestsLeft = requestsPerConnection;
  }
}

/**
 * One HTTP request's life: from issue to the last byte of the response at the client. A retry is
 * a new attempt object with the same id and `origin` (the first attempt, the one the collector
 * counts): messages still travelling for an abandoned attempt carry that attempt, which is
 * `finished`, so they change nothing when they arrive.
 */
export class Request {
  /** The first attempt: what the collector counts (itself for a first attempt). */
  origin: Request = this;
  /** 0 for the first attempt, k for the k-th retry. */
  attempt = 0;
  attemptStartNs = 0;
  /** Completed, failed or abandoned by the client: later events of this attempt are ignored. */
  finished = false;
  /** Waiting for a SYN-ACK; `synsSent` counts the SYNs sent for the current connection. */
  connecting = false;
  synsSent = 0;
  /** The SYN retransmission timer line now armed for this attempt (a stale line's timer is dead). */
  synLine: unknown = null;
  /** Closed by the collector (completed, failed or timed out): a request closes exactly once. */
  closed = false;
  /** Client-side mode: counted in the client's own outstanding view (undone exactly once). */
  clientCounted = false;
  conn: Connection | null = null;
  /** Server that runs it (chosen by DNS, the client, the director at connect, or the proxy per request). */
  server = -1;
  /** L7: waiting in the proxy's backend queue for a server slot. */
  queuedAtProxy = false;
  /** L7: the proxy is done with it (answered, or gave up with a 503/504): later events change nothing there. */
  proxyDone = false;
  /** L7: the proxy's connection to the server that carries this request. */
  serverConn: Connection | null = null;
  /** L7: that server connection closes after this request (no reuse). */
  closes1 = false;
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
  /** rr-dns: index in the client's cached answer of the address this attempt connects to. */
  nextAddress = 0;
  /** Extra attempts made for the request so far (retries, and the next address of a DNS answer). */
  retries = 0;
  /** The object servers could not serve it: the Swift proxy answers 503 (an empty body). */
  serverError = false;

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

  /** The next attempt of the same request, started now by the client. */
  nextAttempt(nowNs: number): Request {
    const next = new Request(this.id, this.groupIndex, this.clientIndex, this.method, this.objectBytes, this.issuedNs, this.measured);
    next.origin = this.origin;
    next.attempt = this.attempt + 1;
    next.attemptStartNs = nowNs;
    return next;
  }

  /** Body bytes travelling client → server. */
  get uploadBytes(): number {
    return this.method === 'PUT' ? this.objectBytes : 0;
  }

  /** Body bytes travelling server → client. */
  get downloadBytes(): number {
    return this.method === 'GET' && !this.serverError ? this.objectBytes : 0;
  }
}
