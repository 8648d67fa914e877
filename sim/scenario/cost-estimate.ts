import { meanOf } from '../engine/distributions.js';
import { NS_PER_S } from '../engine/time.js';
import { DEFAULT_CHUNK_BYTES } from '../net/transport.js';
import type { CheckSpec } from '../failure/health-check.js';
import { drainLengthNs } from './drain-length.js';
import type { Scenario } from './types.js';

/**
 * What one run (one mode, one replication) of a scenario will cost, estimated before t = 0 from
 * the scenario alone, as an upper bound: requests issued, events processed, peak memory. The CLI
 * refuses a run whose estimate passes a bound (raised with --max-events / --allow-large), so a
 * scenario that passes validation cannot take hours or exhaust memory by surprise.
 *
 * The figures are fitted with headroom to measured runs (docs/inputs.md; `npm run bench --
 * estimate` measures the ratio on every shipped scenario): events per request grow with the
 * 256 KiB chunks an object is cut into; memory is a base, a few hundred bytes per client, a
 * histogram per timeline point, per server state and per request in flight.
 *
 * Load goes on for a drain after the window (drain-length.ts, at most 2 s), so arrivals
 * are counted over duration + drain. Each request may take 1 + retries attempts (only as many as
 * its backoffs fit in that time), each attempt at most a whole request's events. Periodic work
 * that does not depend on the load is added on top: health checks (every checker × server, at
 * the shortest check interval), VRRP advertisements and gratuitous ARPs, and a fixed amount per
 * scheduled fault.
 */
export interface CostEstimate {
  /** Requests issued over the run (Poisson counts at +6 standard deviations). */
  readonly requests: number;
  readonly events: number;
  readonly memoryBytes: number;
  /** Wall seconds at a pessimistic 300,000 events per second. */
  readonly seconds: number;
  /** Why the estimate is unbounded, when it is (then events is Infinity). */
  readonly unbounded: string | null;
}

const EVENTS_PER_REQUEST = 40;
const EVENTS_PER_CHUNK = 24;
const BASE_MEMORY_BYTES = 100e6;
const BYTES_PER_CLIENT = 400;
const BYTES_PER_TIMELINE_POINT = 25_000;
const BYTES_PER_SERVER = 16_000;
const BYTES_PER_REQUEST_IN_FLIGHT = 1_200;
const EVENTS_PER_SECOND = 300_000;
/** One health check: connect, answer (or reset), close, timer; with headroom. */
const EVENTS_PER_CHECK = 16;
/** One VRRP advertisement or gratuitous ARP: send, deliver to each peer, timer. */
const EVENTS_PER_ADVERT = 8;
/** A fault's own events (its start, its end, detection timers), beyond the retries it causes. */
const EVENTS_PER_FAULT = 2_000;

/**
 * Attempts one request may make: 1 + retries, but only as many retries as fit in `horizonNs` when
 * each waits at least `failNs` (how long a failing attempt takes at the least) plus its backoff
 * (doubling from `backoffNs` up to `backoffMaxNs`).
 */
export function attemptsWithin(retries: number, backoffNs: number, backoffMaxNs: number, horizonNs: number, failNs = 0): number {
  let attempts = 1;
  let waitedNs = 0;
  let backoff = backoffNs;
  while (attempts <= retries && waitedNs + failNs + backoff <= horizonNs && failNs + backoff > 0) {
    waitedNs += failNs + backoff;
    backoff = Math.min(2 * backoff, backoffMaxNs);
    attempts++;
  }
  return attempts <= retries && failNs + backoff <= 0 ? 1 + retries : attempts;
}

/** The shortest time between two checks of one server by one checker. */
function checkPeriodNs(check: CheckSpec): number {
  return check.style === 'haproxy' ? Math.min(check.interNs, check.fastInterNs, check.downInterNs) : Math.min(check.delayLoopNs, check.delayBeforeRetryNs);
}

/** Events of the work that runs whatever the load: health checks, VRRP, faults. */
function backgroundEvents(scenario: Scenario, horizonNs: number): number {
  const servers = scenario.topology.servers.count;
  const frontEnds = scenario.topology.frontEnd.count;
  let events = 0;
  for (const check of [scenario.lvs.healthCheck, scenario.proxy.healthCheck]) {
    if (check !== null) events += frontEnds * servers * (horizonNs / checkPeriodNs(check) + 1) * EVENTS_PER_CHECK;
  }
  const ha = scenario.ha;
  if (ha !== null) {
    const vrrp = ha.vrrp;
    events += frontEnds * (horizonNs / vrrp.advertIntervalNs + 1) * EVENTS_PER_ADVERT * vrrp.priorities.length;
    const refreshes = vrrp.garp.refreshNs > 0 ? horizonNs / vrrp.garp.refreshNs + 1 : 0;
    events += frontEnds * vrrp.garp.count * (2 + refreshes) * EVENTS_PER_ADVERT;
  }
  events += scenario.faults.length * (EVENTS_PER_FAULT + servers + frontEnds);
  return events;
}

/**
 * True when a request may end without costing a server its application CPU: faults, health
 * checks (a server marked down), admission limits the clients can fill (haproxy maxconn, the
 * servers' workers × max_clients plus backlog), or a client deadline (a timed-out attempt's
 * server work may still be under way when the next one starts).
 */
function canFailEarly(scenario: Scenario): boolean {
  const s = scenario.topology.servers;
  if (scenario.faults.length > 0 || scenario.lvs.healthCheck !== null || scenario.proxy.healthCheck !== null) return true;
  // Requests open at once: a closed session has one; an open-loop group at most its rate times
  // the client's deadline (a request is abandoned then), with Poisson headroom.
  let concurrent = 0;
  for (const g of scenario.workload.groups) {
    if (g.arrival.kind === 'closed') concurrent += g.clients;
    else {
      const mean = g.arrival.ratePerSecond * (g.timeoutNs / NS_PER_S);
      concurrent += mean + 6 * Math.sqrt(mean) + 10;
    }
  }
  if (concurrent > scenario.proxy.maxconn || concurrent > s.count * (s.workers * s.maxClients + s.backlog)) return true;
  return scenario.workload.groups.some((g) => g.timeoutNs < g.rttNs + DEADLINE_HEADROOM_NS);
}

/** Deadlines shorter than a round trip plus this are taken as able to cut requests short. */
const DEADLINE_HEADROOM_NS = NS_PER_S;

/**
 * After the last request is issued, how long the run may still go on: every attempt of the
 * slowest group to its deadline with the backoffs between them, plus what the front end and the
 * servers may hold after a client gave up (haproxy's queue, connect, server and client timeouts,
 * the servers' idle timeout) and a TCP connect's SYN retransmissions up to the longest deadline.
 */
export function lastRequestLifetimeNs(scenario: Scenario): number {
  let clientNs = 0;
  for (const g of scenario.workload.groups) {
    let lifeNs = 0;
    let backoffNs = g.retryBackoffNs;
    for (let attempt = 0; attempt <= g.retries; attempt++) {
      lifeNs += g.timeoutNs;
      if (attempt < g.retries) {
        lifeNs += backoffNs;
        backoffNs = Math.min(2 * backoffNs, g.retryBackoffMaxNs);
      }
    }
    clientNs = Math.max(clientNs, lifeNs);
  }
  const p = scenario.proxy;
  const heldNs = p.timeoutQueueNs + p.timeoutConnectNs + p.timeoutServerNs + p.timeoutClientNs + p.timeoutHttpKeepAliveNs + scenario.topology.servers.idleTimeoutNs;
  return clientNs + heldNs + SYN_RETRIES_NS;
}

/** Linux gives up a connect after tcp_syn_retries = 6: 1 + 2 + … + 64 s = 127 s. */
const SYN_RETRIES_NS = 127 * NS_PER_S;

export function estimateCost(scenario: Scenario): CostEstimate {
  const { durationNs, timelineIntervalNs, maxRequests } = scenario.run;
  // A capped run stops issuing at the cap and then goes on until its last request has closed,
  // however long that takes; an uncapped one stops at the end of its drain.
  const horizonNs = durationNs + (maxRequests === null ? drainLengthNs(scenario) : lastRequestLifetimeNs(scenario));
  const durationS = horizonNs / NS_PER_S;
  const servers = scenario.topology.servers;
  const serverCost = scenario.profile.server.requestNs;
  let requests = 0;
  let inFlight = 0;
  let unbounded: string | null = null;
  let eventsPerRequestSum = 0;
  let maxEventsPerRequest = 0;
  const earlyFailures = canFailEarly(scenario);
  let clients = 0;

  for (const g of scenario.workload.groups) {
    clients += g.clients;
    let groupRequests: number;
    if (g.arrival.kind === 'poisson') {
      const mean = g.arrival.ratePerSecond * durationS;
      groupRequests = mean + 6 * Math.sqrt(mean) + 10;
      inFlight += Math.min(groupRequests, g.arrival.ratePerSecond * (g.timeoutNs / NS_PER_S + 1));
    } else {
      // A session's cycle takes at least its think time and one round trip (a refusal comes back
      // over the client's path too). When no request can fail before it reaches a server, the
      // servers' CPU bounds the completions as well (each request costs its method's requestNs).
      const cycleNs = meanOf(g.arrival.thinkNs) + g.rttNs;
      const bySessions = cycleNs >= 1 ? g.clients * (horizonNs / cycleNs + 1) : Number.POSITIVE_INFINITY;
      // The mix's mean application CPU per request, less 10 % for the luck of the draw.
      const perRequestNs = 0.9 * (Object.keys(g.mix) as (keyof typeof g.mix)[]).reduce((sum, m) => sum + g.mix[m] * serverCost[m], 0);
      const byServers = perRequestNs > 0 && !earlyFailures ? servers.count * servers.cores * (horizonNs / perRequestNs) + g.clients : Number.POSITIVE_INFINITY;
      groupRequests = Math.min(bySessions, byServers);
      if (!Number.isFinite(groupRequests)) unbounded = `workload.groups: closed-loop group "${g.name}" has no think time, no round trip and no server cost, so its sessions issue requests without bound`;
      inFlight += g.clients;
    }
    const chunks = meanOf(g.objectSizeBytes) / DEFAULT_CHUNK_BYTES + 1;
    // Without early failures an attempt fails only at its deadline, so a retry needs timeout + backoff.
    const attempts = earlyFailures
      ? attemptsWithin(g.retries, g.retryBackoffNs, g.retryBackoffMaxNs, horizonNs)
      : attemptsWithin(g.retries, g.retryBackoffNs, g.retryBackoffMaxNs, horizonNs, g.timeoutNs);
    const groupEventsPerRequest = attempts * (EVENTS_PER_REQUEST + EVENTS_PER_CHUNK * chunks);
    maxEventsPerRequest = Math.max(maxEventsPerRequest, groupEventsPerRequest);
    eventsPerRequestSum += groupRequests * groupEventsPerRequest;
    requests += groupRequests;
  }
  let eventsPerRequest = requests > 0 ? eventsPerRequestSum / requests : EVENTS_PER_REQUEST;
  if (maxRequests !== null && maxRequests < requests) {
    // The cap may fall on any group: count each capped request at the costliest group's rate.
    requests = maxRequests;
    eventsPerRequest = maxEventsPerRequest;
    inFlight = Math.min(inFlight, maxRequests);
    unbounded = null;
  }
  const events = unbounded === null ? Math.ceil(requests * eventsPerRequest + backgroundEvents(scenario, horizonNs) + 1000) : Number.POSITIVE_INFINITY;
  const timelinePoints = Math.ceil(durationNs / timelineIntervalNs);
  const memoryBytes = BASE_MEMORY_BYTES + BYTES_PER_CLIENT * clients + BYTES_PER_TIMELINE_POINT * timelinePoints
    + BYTES_PER_SERVER * (servers.count + scenario.topology.frontEnd.count) + BYTES_PER_REQUEST_IN_FLIGHT * inFlight;
  return { requests: Math.ceil(requests), events, memoryBytes: Math.ceil(memoryBytes), seconds: events / EVENTS_PER_SECOND, unbounded };
}
