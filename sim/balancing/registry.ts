import type { RandomStream } from '../engine/rng.js';
import type { Balancer, BalancerOptions, Destination } from './balancer.js';
import { HaproxyFirstBalancer } from './haproxy-first.js';
import { HaproxyLeastConnBalancer } from './haproxy-leastconn.js';
import { HaproxyHashBalancer, HaproxyStaticRoundRobinBalancer } from './haproxy-map.js';
import { HaproxyRandomBalancer } from './haproxy-random.js';
import { HaproxyRoundRobinBalancer } from './haproxy-roundrobin.js';
import { DestinationHashBalancer, SourceHashBalancer } from './ipvs-hash.js';
import {
  LeastConnectionBalancer,
  NeverQueueBalancer,
  ShortestExpectedDelayBalancer,
  WeightedLeastConnectionBalancer,
} from './ipvs-least-conn.js';
import { MaglevBalancer } from './ipvs-maglev.js';
import { RoundRobinBalancer, WeightedRoundRobinBalancer } from './ipvs-round-robin.js';
import { WeightedFailoverBalancer, WeightedOverflowBalancer } from './ipvs-weight-order.js';
import { PowerOfTwoBalancer, WeightedRandomBalancer } from './random-choice.js';

/**
 * The vocabulary of scheduler names. The scenario schema accepts exactly this list; the factory
 * table below is a `Record` over it, so a name without a factory does not compile.
 *
 *   IPVS (net/netfilter/ipvs/ip_vs_<name>.c): rr wrr lc wlc sed nq sh dh mh fo ovf twos (+ p2c alias)
 *   generic: random
 *   haproxy (configuration.txt §4 "balance"): haproxy-<algorithm>
 *
 * Not provided: IPVS lblc / lblcr (need a per-destination-IP cache with expiry) and haproxy
 * url_param / hdr / rdp-cookie (need request fields beyond one hash key).
 */
export const BALANCER_NAMES = [
  'rr',
  'wrr',
  'lc',
  'wlc',
  'sed',
  'nq',
  'sh',
  'dh',
  'mh',
  'fo',
  'ovf',
  'twos',
  'p2c',
  'random',
  'haproxy-roundrobin',
  'haproxy-static-rr',
  'haproxy-leastconn',
  'haproxy-first',
  'haproxy-source',
  'haproxy-uri',
  'haproxy-random',
] as const;

export type BalancerName = (typeof BALANCER_NAMES)[number];

export type BalancerFactory = (dests: Destination[], rng: RandomStream, options: BalancerOptions) => Balancer;

/** Names whose `pick` draws from the RandomStream; the others never touch it. */
export const RANDOMISED_BALANCERS: ReadonlySet<BalancerName> = new Set<BalancerName>(['twos', 'p2c', 'random', 'haproxy-random']);

export const BALANCER_FACTORIES: Readonly<Record<BalancerName, BalancerFactory>> = {
  rr: (d) => new RoundRobinBalancer(d),
  wrr: (d) => new WeightedRoundRobinBalancer(d),
  lc: (d) => new LeastConnectionBalancer(d),
  wlc: (d) => new WeightedLeastConnectionBalancer(d),
  sed: (d) => new ShortestExpectedDelayBalancer(d),
  nq: (d) => new NeverQueueBalancer(d),
  sh: (d, _r, o) => new SourceHashBalancer(d, o),
  dh: (d, _r, o) => new DestinationHashBalancer(d, o),
  mh: (d, _r, o) => new MaglevBalancer(d, o),
  fo: (d) => new WeightedFailoverBalancer(d),
  ovf: (d) => new WeightedOverflowBalancer(d),
  twos: (d, r) => new PowerOfTwoBalancer('twos', d, r),
  p2c: (d, r, o) => new PowerOfTwoBalancer('p2c', d, r, o.draws ?? 2),
  random: (d, r) => new WeightedRandomBalancer(d, r),
  'haproxy-roundrobin': (d, _r, o) => new HaproxyRoundRobinBalancer(d, o),
  'haproxy-static-rr': (d, _r, o) => new HaproxyStaticRoundRobinBalancer(d, o),
  'haproxy-leastconn': (d, _r, o) => new HaproxyLeastConnBalancer(d, o),
  'haproxy-first': (d, _r, o) => new HaproxyFirstBalancer(d, o),
  'haproxy-source': (d, _r, o) => new HaproxyHashBalancer('haproxy-source', d, o),
  'haproxy-uri': (d, _r, o) => new HaproxyHashBalancer('haproxy-uri', d, o),
  'haproxy-random': (d, r, o) => new HaproxyRandomBalancer(d, r, o),
};

export function isBalancerName(name: string): name is BalancerName {
  return Object.hasOwn(BALANCER_FACTORIES, name);
}

/**
 * Builds the named scheduler over `dests` (kept by reference: the caller updates their counters
 * and flags in place, and calls `membershipChanged()` after changing weight or up).
 * `dests[i].index` must equal i.
 */
export function makeBalancer(name: BalancerName, dests: Destination[], rng: RandomStream, options: BalancerOptions = {}): Balancer {
  dests.forEach((d, i) => {
    if (d.index !== i) throw new RangeError(`dests[${i}].index is ${d.index}; it must equal the position`);
  });
  const factory = BALANCER_FACTORIES[name];
  if (factory === undefined) throw new RangeError(`unknown balancer "${String(name)}"; expected one of ${BALANCER_NAMES.join(', ')}`);
  return factory(dests, rng, options);
}
