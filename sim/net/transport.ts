import { type FlowCount, packetsOf } from './packets.js';
import type { RouteRunner, Stage } from './route.js';
import { type Message, Train, chunkOf } from './train.js';

const ZERO: FlowCount = Object.freeze({ ctrl: 0, data: 0, payloadBytes: 0, fullSizeData: 0 });
/** The flow of a connection a message does not use. */
export const NO_FLOW = ZERO;

/** Default chunk: four 64 KiB aggregates; ordinary objects travel whole, big ones pipeline. */
export const DEFAULT_CHUNK_BYTES = 256 * 1024;
/** No chunk carries more packets than this (a full chunk of data segments and its control packets). */
export const DEFAULT_CHUNK_PACKETS = 192;
/**
 * Chunks of one message in flight at once (16 × 256 KiB = 4 MiB, the order of Linux's largest
 * auto-tuned receive window): a message holds at most this many trains whatever its size, and a
 * slow stage holds back the sender as a full TCP window would.
 */
export const WINDOW_CHUNKS = 16;

/**
 * Moves messages along their paths chunk by chunk. A message larger than `chunkBytes`, or with
 * more than `chunkPackets` packets on a connection, is cut into chunks made one at a time: chunk
 * k+1 when chunk k has left its first stage and fewer than WINDOW_CHUNKS are in flight. Each chunk
 * crosses every leg on its own: no node waits for a whole message, except for the owner's
 * decision at a front end, which the first chunk to arrive triggers (the headers are in it).
 */
export class Transport {
  constructor(private readonly runner: RouteRunner, readonly chunkBytes: number, readonly chunkPackets = DEFAULT_CHUNK_PACKETS) {
    runner.onLegDone = this.legDone;
  }

  /** Starts `message` on the first leg of its path (`legCount` legs), whose stages are given. */
  start(message: Message, legCount: number, stages: readonly Stage[]): void {
    let parts = 1;
    for (const f of message.flows) parts = Math.max(parts, Math.ceil(f.payloadBytes / this.chunkBytes), Math.ceil(packetsOf(f) / this.chunkPackets));
    message.chunkCount = parts;
    message.legCount = legCount;
    message.openLeg = 0;
    message.leg = 0;
    message.atEnd = false;
    message.deciding = false;
    const legStages: (readonly Stage[])[] = new Array(legCount);
    legStages[0] = stages;
    message.legStages = legStages;
    message.launched = message.inFlight = message.delivered = 0;
    message.ready = true;
    this.launch(message);
  }

  /** The owner has decided at the end of the open leg: chunks may enter the next one. */
  open(message: Message, stages: readonly Stage[]): void {
    const k = ++message.openLeg;
    message.legStages[k] = stages;
    message.deciding = false;
    const waiting = message.waiting;
    message.waiting = null;
    if (waiting !== null) for (const train of waiting) this.enter(train, k);
  }

  private launch(message: Message): void {
    while (message.ready && message.launched < message.chunkCount && message.inFlight < WINDOW_CHUNKS) {
      const i = message.launched++;
      message.inFlight++;
      let train: Train;
      if (message.chunkCount === 1) {
        train = message.train ??= new Train(message, message.flows, message.carriesRequest);
        train.flows = message.flows;
      } else {
        train = new Train(message, this.flowsOf(message, i), message.carriesRequest && i === message.chunkCount - 1, i);
        if (i + 1 < message.chunkCount) {
          message.ready = false;
          train.afterFirstStage = () => {
            message.ready = true;
            this.launch(message);
          };
        }
      }
      train.leg = 0;
      this.runner.start(train, message.legStages[0] as readonly Stage[]);
    }
  }

  /** Flows set by the owner after a chunk was made (the proxy's own connection) are shared out as it moves on. */
  private flowsOf(message: Message, i: number): FlowCount[] {
    return message.flows.map((f) => chunkOf(f, i, message.chunkCount));
  }

  private enter(train: Train, k: number): void {
    const message = train.message;
    train.leg = k;
    train.flows = message.chunkCount === 1 ? message.flows : this.flowsOf(message, train.chunkIndex);
    this.runner.start(train, message.legStages[k] as readonly Stage[]);
  }

  private readonly legDone = (train: Train): void => {
    const message = train.message;
    const k = train.leg;
    if (k === message.legCount - 1) {
      message.inFlight--;
      if (++message.delivered === message.chunkCount) {
        message.atEnd = true;
        message.onLeg(message);
      } else this.launch(message);
      return;
    }
    if (message.openLeg > k) return this.enter(train, k + 1);
    if (message.waiting === null) message.waiting = [train];
    else message.waiting.push(train);
    if (!message.deciding) {
      message.deciding = true;
      message.leg = k;
      message.onLeg(message);
    }
  };
}
