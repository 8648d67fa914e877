import { immediateAcks } from '../net/ack-policy.js';
import type { FlowCount } from '../net/packets.js';
import { NO_FLOW } from '../net/transport.js';
import type { Train } from '../net/train.js';
import type { Path, PathKind } from './paths.js';
import type { Request } from './request.js';
import type { World } from './world.js';

/** Sends the header-only packets of `flows` along a path; `fin`: the last one, on connection `conn`, is a FIN. */
export type SendAcks = (req: Request, path: Path, flows: FlowCount[], conn: 0 | 1, fin: boolean) => void;

const REVERSE_OF: Readonly<Record<PathKind, PathKind>> = { request: 'synAck0', response: 'syn0', syn0: 'synAck0', synAck0: 'syn0', syn1: 'synAck1', synAck1: 'syn1' };

/**
 * ACKs as a Linux receiver sends them, while the data arrives: each chunk of a request or response
 * that reaches the end of its TCP connection (the server, the client, or the proxy; a director
 * only forwards) makes the receiver acknowledge it by the rules of ack-policy.ts, and those pure
 * ACKs travel back along the connection's opposite legs at once, chunk by chunk. The last chunk
 * of a response that closes its connection carries the server's FIN; the receiver answers with
 * its own FIN (which also acknowledges whatever was pending) and gets one last ACK back.
 */
export class TcpAcks {
  constructor(private readonly world: World, private readonly send: SendAcks) {}

  readonly delivered = (train: Train): void => {
    const msg = train.message;
    if (msg.kind === 'syn' || msg.kind === 'syn-ack') return;
    const path = msg.path as Path;
    const leg = path.legs[train.leg]!;
    const w = this.world;
    if (!w.terminates(leg)) return;
    const req = msg.context as Request;
    const c = leg.conn;
    if (msg.kind === 'ack') {
      // The closing side's FIN arrived: one last ACK goes back.
      if (msg.closes[c] === true && train.lastChunk) this.sendAcks(req, w.paths[REVERSE_OF[path.kind]], c, 1, false);
      return;
    }
    const tcp = c === 0 ? req.conn!.tcp : req.serverConn!.tcp;
    const end = msg.kind === 'request' ? tcp.acceptor : tcp.opener;
    const flow = train.flows[c]!;
    let acks = immediateAcks(end, flow.data, w.receiverGro(leg), w.perAggregate, w.sim.nowNs);
    const fin = msg.kind === 'response' && msg.closes[c] === true && train.lastChunk;
    if (fin) {
      end.pendingAckSinceNs = -1; // the FIN carries it
      acks++;
    }
    // Data of connection c came along `path`; its ACKs take the connection's legs the other way.
    const back = msg.kind === 'request' ? (c === 0 ? 'synAck0' : 'synAck1') : c === 0 ? 'syn0' : 'syn1';
    if (acks > 0) this.sendAcks(req, w.paths[back], c, acks, fin);
  };

  private sendAcks(req: Request, path: Path, c: 0 | 1, count: number, fin: boolean): void {
    const f: FlowCount = { ctrl: count, data: 0, payloadBytes: 0, fullSizeData: 0 };
    this.send(req, path, c === 0 ? [f, NO_FLOW] : [NO_FLOW, f], c, fin);
  }
}
