import type { Simulator } from '../engine/simulator.js';
import { NS_PER_S } from '../engine/time.js';
import type { ClientGroup } from '../scenario/types.js';
import { DeadlineFifo } from './deadline-fifo.js';
import type { Request } from './request.js';

/**
 * A client's timers, one line per timer length (sim/models/deadline-fifo.ts), so that a run with
 * millions of requests holds one pending event per line rather than one per request:
 *  - request timeout per group: an attempt not finished `timeoutNs` after it started is abandoned;
 *  - connect timeout per group: an attempt still waiting for its SYN-ACK is abandoned;
 *  - SYN retransmission, one line per RTO value: Linux sends the first SYN, waits the initial RTO
 *    (1 s, `TCP_TIMEOUT_INIT`), then doubles the wait for each retransmission up to `TCP_RTO_MAX`
 *    (120 s); after `tcp_syn_retries` retransmissions it waits once more and fails the connect
 *    (6 retries: SYNs at 0, 1, 3, 7, 15, 31, 63 s, failure at 127 s; docs/sources.md §11).
 */
export const SYN_INITIAL_RTO_NS = 1 * NS_PER_S;
export const TCP_RTO_MAX_NS = 120 * NS_PER_S;

/** The wait after the k-th SYN (k = 1 for the first): 1 s, 2 s, 4 s, … capped at 120 s. */
export function synRtoNs(synsSent: number): number {
  return Math.min(TCP_RTO_MAX_NS, SYN_INITIAL_RTO_NS * 2 ** Math.min(30, synsSent - 1));
}

export interface TimerHandlers {
  /** The attempt's request timeout or connect timeout expired. */
  readonly timedOut: (att: Request) => void;
  /** The RTO after the attempt's last SYN expired with no SYN-ACK. */
  readonly synTimer: (att: Request) => void;
}

export class ClientTimers {
  private readonly requestLines: (DeadlineFifo<Request> | null)[];
  private readonly connectLines: (DeadlineFifo<Request> | null)[];
  private readonly synLines = new Map<number, DeadlineFifo<Request>>();

  constructor(private readonly sim: Simulator, groups: readonly ClientGroup[], private readonly handlers: TimerHandlers) {
    const line = (delayNs: number, isLive: (att: Request) => boolean, deadStaysDead: boolean) =>
      Number.isFinite(delayNs) ? new DeadlineFifo<Request>(sim, delayNs, isLive, handlers.timedOut, deadStaysDead) : null;
    // A finished attempt stays finished; one that stopped connecting may connect again (DNS failover).
    this.requestLines = groups.map((g) => line(g.timeoutNs, (att) => !att.finished, true));
    this.connectLines = groups.map((g) => line(g.connectTimeoutNs, (att) => !att.finished && att.connecting, false));
  }

  /** The attempt starts: its request timeout runs from now. */
  startAttempt(att: Request): void {
    this.requestLines[att.groupIndex]?.start(att);
  }

  /** The attempt starts connecting: its connect timeout runs from now. */
  startConnect(att: Request): void {
    this.connectLines[att.groupIndex]?.start(att);
  }

  /** A SYN has just been sent (`att.synsSent` counts it): the retransmission timer runs. */
  startSyn(att: Request): void {
    const delayNs = synRtoNs(att.synsSent);
    let line = this.synLines.get(delayNs);
    if (line === undefined) {
      const self = (): DeadlineFifo<Request> => line!;
      line = new DeadlineFifo<Request>(this.sim, delayNs, (a) => !a.finished && a.connecting && a.synLine === self(), this.handlers.synTimer);
      this.synLines.set(delayNs, line);
    }
    att.synLine = line;
    line.start(att);
  }
}
