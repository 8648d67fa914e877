import type { Leg } from '../modes/path-spec.js';
import type { FlowCount } from './packets.js';
import type { RouteRunner, Stage } from './route.js';
import { type Message, Train, splitFlow } from './train.js';

/**
 * Sends a message over one leg. A message larger than `chunkBytes` on that leg is cut into chunks
 * that follow each other through the leg's stages (chunk k+1 enters when chunk k leaves the first
 * stage); the message is whole again at the far end, where `message.onLeg` fires once.
 */
const ZERO: FlowCount = Object.freeze({ ctrl: 0, data: 0, acks: 0, payloadBytes: 0, fullSizeData: 0 });
/** The flow of a connection a message does not use. */
export const NO_FLOW = ZERO;

/** Default chunk: large enough that ordinary objects travel whole, small enough to pipeline big ones. */
export const DEFAULT_CHUNK_BYTES = 256 * 1024;

export class Transport {
  constructor(private readonly runner: RouteRunner, readonly chunkBytes: number) {}

  send(message: Message, leg: Leg, stages: readonly Stage[]): void {
    const flow = message.flows[leg.conn] ?? ZERO;
    const parts = flow.payloadBytes > this.chunkBytes ? Math.ceil(flow.payloadBytes / this.chunkBytes) : 1;
    message.chunkCount = parts;
    message.arrivedChunks = 0;
    if (parts === 1) {
      let train = message.train;
      if (train === null) train = message.train = new Train(message, message.flows, message.carriesRequest);
      else train.flows = message.flows;
      this.runner.start(train, stages);
      return;
    }
    const pieces = splitFlow(flow, parts);
    const trains = pieces.map((piece, i) => {
      const flows = message.flows.map((f, c) => (c === leg.conn ? piece : i === 0 ? f : ZERO));
      return new Train(message, flows, message.carriesRequest && i === parts - 1, i);
    });
    for (let i = 0; i + 1 < trains.length; i++) {
      const next = trains[i + 1]!;
      trains[i]!.afterFirstStage = () => this.runner.start(next, stages);
    }
    this.runner.start(trains[0]!, stages);
  }
}
