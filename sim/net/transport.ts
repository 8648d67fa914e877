import type { Leg } from '../modes/path-spec.js';
import { type FlowCount, packetsOf } from './packets.js';
import type { RouteRunner, Stage } from './route.js';
import { type Message, Train, chunkOf } from './train.js';

/**
 * Sends a message over one leg. A message larger than `chunkBytes`, or with more than
 * `chunkPackets` packets, on that leg is cut into chunks that follow each other through the leg's
 * stages (chunk k+1 is made and enters when chunk k leaves the first stage, so a message holds one
 * or two trains whatever its size); the message is whole again at the far end, where
 * `message.onLeg` fires once.
 */
const ZERO: FlowCount = Object.freeze({ ctrl: 0, data: 0, payloadBytes: 0, fullSizeData: 0 });
/** The flow of a connection a message does not use. */
export const NO_FLOW = ZERO;

/** Default chunk: four 64 KiB aggregates; ordinary objects travel whole, big ones pipeline. */
export const DEFAULT_CHUNK_BYTES = 256 * 1024;
/** No chunk carries more packets than a full chunk of data segments at the smallest MSS would. */
export const DEFAULT_CHUNK_PACKETS = 192;

export class Transport {
  constructor(private readonly runner: RouteRunner, readonly chunkBytes: number, readonly chunkPackets = DEFAULT_CHUNK_PACKETS) {}

  send(message: Message, leg: Leg, stages: readonly Stage[]): void {
    const flow = message.flows[leg.conn] ?? ZERO;
    const parts = Math.max(1, Math.ceil(flow.payloadBytes / this.chunkBytes), Math.ceil(packetsOf(flow) / this.chunkPackets));
    message.chunkCount = parts;
    message.arrivedChunks = 0;
    if (parts === 1) {
      let train = message.train;
      if (train === null) train = message.train = new Train(message, message.flows, message.carriesRequest);
      else train.flows = message.flows;
      this.runner.start(train, stages);
      return;
    }
    this.runner.start(this.chunk(message, leg, stages, flow, 0, parts), stages);
  }

  private chunk(message: Message, leg: Leg, stages: readonly Stage[], flow: FlowCount, i: number, parts: number): Train {
    const piece = chunkOf(flow, i, parts);
    const flows = message.flows.map((f, c) => (c === leg.conn ? piece : i === 0 ? f : ZERO));
    const train = new Train(message, flows, message.carriesRequest && i === parts - 1, i);
    if (i + 1 < parts) train.afterFirstStage = () => this.runner.start(this.chunk(message, leg, stages, flow, i + 1, parts), stages);
    return train;
  }
}
