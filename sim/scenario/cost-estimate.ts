import { meanOf } from '../engine/distributions.js';
import { NS_PER_S } from '../engine/time.js';
import { DEFAULT_CHUNK_BYTES } from '../net/transport.js';
import type { Scenario } from './types.js';

/**
 * What one run (one mode, one replication) of a scenario will cost, estimated before t = 0 from
 * the scenario alone, as an upper bound: requests issued, events processed, peak memory. The CLI
 * refuses a run whose estimate passes a bound (raised with --max-events / --allow-large), so a
 * scenario that passes validation cannot take hours or exhaust memory by surprise.
 *
 * The figures are fitted with headroom to measured runs (docs/inputs.md): events per request
 * grow with the 256 KiB chunks an object is cut into; memory is a base, a few hundred bytes per
 * client, a histogram per timeline point, per server state and per request in flight.
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

const EVENTS_PER_REQUEST = 80;
const EVENTS_PER_CHUNK = 24;
const BASE_MEMORY_BYTES = 100e6;
const BYTES_PER_CLIENT = 400;
const BYTES_PER_TIMELINE_POINT = 25_000;
const BYTES_PER_SERVER = 16_000;
const BYTES_PER_REQUEST_IN_FLIGHT = 1_200;
const EVENTS_PER_SECOND = 300_000;

export function estimateCost(scenario: Scenario): CostEstimate {
  const { durationNs, timelineIntervalNs, maxRequests } = scenario.run;
  const durationS = durationNs / NS_PER_S;
  const servers = scenario.topology.servers;
  const serverCost = scenario.profile.server.requestNs;
  let requests = 0;
  let inFlight = 0;
  let unbounded: string | null = null;
  let eventsPerRequestSum = 0;
  let clients = 0;

  for (const g of scenario.workload.groups) {
    clients += g.clients;
    let groupRequests: number;
    if (g.arrival.kind === 'poisson') {
      const mean = g.arrival.ratePerSecond * durationS;
      groupRequests = mean + 6 * Math.sqrt(mean) + 10;
      inFlight += Math.min(groupRequests, g.arrival.ratePerSecond * (g.timeoutNs / NS_PER_S + 1));
    } else {
      // A session's cycle takes at least its think time and one round trip; the servers' CPU
      // bounds the completions too (each request costs its method's requestNs).
      const cycleNs = meanOf(g.arrival.thinkNs) + g.rttNs + 2 * scenario.topology.lanDelayNs;
      const bySessions = cycleNs >= 1 ? g.clients * (durationNs / cycleNs + 1) : Number.POSITIVE_INFINITY;
      const perRequestNs = Math.min(...(Object.keys(g.mix) as (keyof typeof g.mix)[]).filter((m) => g.mix[m] > 0).map((m) => serverCost[m]));
      const byServers = perRequestNs > 0 ? servers.count * servers.cores * (durationNs / perRequestNs) + g.clients : Number.POSITIVE_INFINITY;
      groupRequests = Math.min(bySessions, byServers);
      if (!Number.isFinite(groupRequests)) unbounded = `workload.groups: closed-loop group "${g.name}" has no think time, no round trip and no server cost, so its sessions issue requests without bound`;
      inFlight += g.clients;
    }
    const chunks = meanOf(g.objectSizeBytes) / DEFAULT_CHUNK_BYTES + 1;
    eventsPerRequestSum += groupRequests * (EVENTS_PER_REQUEST + EVENTS_PER_CHUNK * chunks);
    requests += groupRequests;
  }
  const eventsPerRequest = requests > 0 ? eventsPerRequestSum / requests : EVENTS_PER_REQUEST;
  if (maxRequests !== null && maxRequests < requests) {
    requests = maxRequests;
    inFlight = Math.min(inFlight, maxRequests);
    unbounded = null;
  }
  const events = unbounded === null ? Math.ceil(requests * eventsPerRequest + 1000) : Number.POSITIVE_INFINITY;
  const timelinePoints = Math.ceil(durationNs / timelineIntervalNs);
  const memoryBytes = BASE_MEMORY_BYTES + BYTES_PER_CLIENT * clients + BYTES_PER_TIMELINE_POINT * timelinePoints
    + BYTES_PER_SERVER * (servers.count + scenario.topology.frontEnd.count) + BYTES_PER_REQUEST_IN_FLIGHT * inFlight;
  return { requests: Math.ceil(requests), events, memoryBytes: Math.ceil(memoryBytes), seconds: events / EVENTS_PER_SECOND, unbounded };
}
