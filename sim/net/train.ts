import type { FlowCount } from './packets.js';

/** Placeholder until the transport sets a message's or a train's stages (frozen: shared). */
const NO_STAGES: readonly never[] = Object.freeze([]);

/** What a message carries: handshake packets, an HTTP request or response, or pure ACKs / FIN. */
export type MessageKind = 'syn' | 'syn-ack' | 'request' | 'response' | 'ack';

/**
 * One direction of one exchange walking a path: `flows[c]` is the part carried on TCP connection
 * c (0: the client's; 1: the proxy's own connection to the server). A message travels as one or
 * more chunks (trains); every chunk carries its share of every connection's flow and crosses the
 * path's legs on its own, so a front end forwards chunk k while chunk k+1 is still arriving.
 * The owner sets `onLeg`: called when the first chunk reaches the end of a leg that is not the
 * last one (the front end decides, then opens the next leg), and once when every chunk has
 * reached the path's end (`atEnd`). `path` and `then` are the owner's bookkeeping, kept here so
 * the hot path allocates no closures.
 */
export class Message {
  path: unknown = null;
  then: ((context: unknown) => void) | null = null;
  /** Legs of the path, and the last leg chunks may enter (the owner opens the next one after deciding). */
  legCount = 1;
  openLeg = 0;
  /** The leg whose end the owner is asked about in `onLeg`; `atEnd`: the whole message has arrived. */
  leg = 0;
  atEnd = false;
  deciding = false;
  /** Set by the transport's `start` before any leg is opened. */
  legStages: (readonly unknown[])[] = NO_STAGES as unknown as (readonly unknown[])[];
  /** Chunks waiting at the end of the open leg for the owner's decision. */
  waiting: Train[] | null = null;
  chunkCount = 1;
  launched = 0;
  inFlight = 0;
  delivered = 0;
  /** The last launched chunk has left its first stage: the next may be made. */
  ready = true;
  /** Reused when the message travels as one chunk. */
  train: Train | null = null;
  /**
   * Connection c is closed by this exchange: a response sets FIN on its last data segment; an ACK
   * message carries the closing side's FIN (answered by one last ACK).
   */
  readonly closes: boolean[] = [false, false];

  constructor(
    readonly kind: MessageKind,
    readonly flows: FlowCount[],
    /** Connection c is opened by this exchange (per-connection costs are charged once, there). */
    readonly opens: boolean[],
    /** Carries a new HTTP request (the proxy parses it, the server runs it). */
    readonly carriesRequest: boolean,
    readonly context: unknown,
    readonly onLeg: (message: Message) => void,
  ) {}
}

/**
 * A train: the packets of one message, or of one chunk of a large one, moving along a leg's
 * stages as one event per stage. Costs at each stage are computed from `flows`.
 */
export class Train {
  pos = 0;
  /** The leg of the message's path this train is on. */
  leg = 0;
  /** Set by the route interpreter when the train enters a route. */
  stages: readonly unknown[] = NO_STAGES;
  /** Called once when the train leaves its first stage: the next chunk of the message may follow. */
  afterFirstStage: (() => void) | null = null;

  constructor(
    readonly message: Message,
    public flows: readonly FlowCount[],
    /** Only the last chunk of a request carries the request's own work (parse, run). */
    readonly carriesRequest: boolean,
    readonly chunkIndex = 0,
  ) {}

  get kind(): MessageKind {
    return this.message.kind;
  }

  get opens(): readonly boolean[] {
    return this.message.opens;
  }

  get context(): unknown {
    return this.message.context;
  }

  get lastChunk(): boolean {
    return this.chunkIndex === this.message.chunkCount - 1;
  }
}

/**
 * Chunk i of `parts` of a flow: chunks travel one after another (pipelined through a leg's
 * stages), so that a 5 GiB object neither holds a CPU core for seconds in one job nor crosses each
 * stage as one block. Control packets ride with the first chunk; data is spread evenly.
 */
export function chunkOf(f: FlowCount, i: number, parts: number): FlowCount {
  if (parts === 1) return f;
  const share = (total: number) => Math.floor((total * (i + 1)) / parts) - Math.floor((total * i) / parts);
  return { ctrl: i === 0 ? f.ctrl : 0, data: share(f.data), payloadBytes: share(f.payloadBytes), fullSizeData: share(f.fullSizeData) };
}
