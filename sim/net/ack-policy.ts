import { aggregatesOf } from './packets.js';

/**
 * When a Linux receiver sends an ACK (tcp_input.c: __tcp_ack_snd_check, quick-ACK mode), and
 * when a sender's congestion window lets it send (slow start from IW10, restarted after idle).
 * One `TcpEnd` per end of a connection; every rule is a small pure function of it.
 *
 * ACK rules, per chunk of data received:
 *  - quick-ACK at connection start: the first `quickAcks` units are each acknowledged at once,
 *    until the end answers data within the delayed-ACK time (interactive "pingpong" mode);
 *  - then one ACK per two full segments; an odd segment left over waits for the delayed-ACK
 *    timer (≥ 40 ms) and rides on the receiver's next data or FIN if that leaves in time;
 *  - with GRO the stack sees one aggregate where the wire had many segments, and acknowledges
 *    each aggregate of two or more segments with one ACK (the "more than one full segment
 *    received" rule applied to the aggregate).
 */
export class TcpEnd {
  /** Quick ACKs left (Linux TCP_MAX_QUICKACKS = 16 at connection start). */
  quickAcks: number;
  /** Time the pending delayed ACK was armed; −1: nothing pending. */
  pendingAckSinceNs = -1;
  /** Congestion window of this end's sending side, in segments. */
  cwndSegments: number;
  /** Last time this end sent data (slow start restarts after an idle RTO). */
  lastSendNs = Number.NEGATIVE_INFINITY;
  /** Last time data arrived here (an answer sent soon after it means an interactive exchange). */
  lastReceiveNs = Number.NEGATIVE_INFINITY;

  constructor(quickAcks: number, initialCwnd: number) {
    this.quickAcks = quickAcks;
    this.cwndSegments = initialCwnd;
  }
}

/** A cap far above any bandwidth-delay product the scenarios reach. */
const MAX_CWND_SEGMENTS = 1 << 20;

export interface TcpRules {
  readonly quickAcks: number;
  readonly delayedAckNs: number;
  readonly initialCwndSegments: number;
  /** tcp_slow_start_after_idle: the window falls back to IW after an idle RTO. */
  readonly slowStartAfterIdle: boolean;
  /** Idle time after which slow start restarts (one RTO: ≥ 200 ms + RTT). */
  readonly minRtoNs: number;
}

/**
 * Pure ACKs the receiver sends at once for `data` segments (in `aggregates` aggregates when its
 * stack has GRO); a leftover odd segment arms the delayed ACK, and a second leftover while one is
 * pending is acknowledged at once (two segments outstanding).
 */
export function immediateAcks(end: TcpEnd, data: number, gro: boolean, perAggregate: number, nowNs: number): number {
  if (data === 0) return 0;
  end.lastReceiveNs = nowNs;
  const units = aggregatesOf(data, gro, perAggregate);
  const quick = Math.min(units, end.quickAcks);
  end.quickAcks -= quick;
  let acks = quick;
  let leftover = 0;
  const rest = units - quick;
  if (gro) {
    // One ACK per aggregate of ≥ 2 segments; a lone segment outside quick-ACK mode waits.
    if (rest > 0 && data === 1) leftover = 1;
    else acks += rest;
  } else {
    acks += Math.floor(rest / 2);
    leftover = rest % 2;
  }
  if (leftover === 1) {
    if (end.pendingAckSinceNs < 0) end.pendingAckSinceNs = nowNs;
    else {
      end.pendingAckSinceNs = -1;
      acks++;
    }
  }
  return acks;
}

/**
 * The end is about to send data: a pending ACK rides on it if the delayed-ACK timer has not fired
 * yet; otherwise the timer already sent it as a pure ACK, counted here (1), at the moment the
 * count becomes known. Sending data within the delayed-ACK time of receiving some marks the
 * connection interactive (Linux "pingpong" mode): quick ACKs end, ACKs wait to ride on answers.
 */
export function settlePendingAck(end: TcpEnd, nowNs: number, delayedAckNs: number): number {
  if (nowNs - end.lastReceiveNs <= delayedAckNs) end.quickAcks = 0;
  if (end.pendingAckSinceNs < 0) return 0;
  const late = nowNs - end.pendingAckSinceNs > delayedAckNs ? 1 : 0;
  end.pendingAckSinceNs = -1;
  return late;
}

/**
 * Round trips a sender needs beyond the first to send `data` segments from its current window
 * (slow start: the window doubles each round trip), and the window afterwards. The window
 * restarts at IW after an idle RTO when slow start after idle is on.
 */
export function slowStartRounds(end: TcpEnd, data: number, rules: TcpRules, rttNs: number, nowNs: number): number {
  if (rules.slowStartAfterIdle && nowNs - end.lastSendNs > rules.minRtoNs + rttNs) end.cwndSegments = Math.min(end.cwndSegments, rules.initialCwndSegments);
  let window = end.cwndSegments;
  let sent = 0;
  let rounds = 0;
  while (sent + window < data) {
    sent += window;
    window *= 2;
    rounds++;
  }
  // Slow start opens the window by one segment per segment acknowledged (no loss is modelled);
  // idle time counts from the last flight, which leaves `rounds` round trips from now.
  end.cwndSegments = Math.min(end.cwndSegments + data, MAX_CWND_SEGMENTS);
  end.lastSendNs = nowNs + rounds * rttNs;
  return rounds;
}

/** Both ends of one TCP connection: the opener (client, or the proxy towards a server) and the acceptor. */
export class TcpConnection {
  readonly opener: TcpEnd;
  readonly acceptor: TcpEnd;

  constructor(rules: TcpRules) {
    this.opener = new TcpEnd(rules.quickAcks, rules.initialCwndSegments);
    this.acceptor = new TcpEnd(rules.quickAcks, rules.initialCwndSegments);
  }
}
