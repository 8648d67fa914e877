import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { makeStream } from '../../sim/engine/rng.js';
import { isAvailable, makeDestinations, type Destination } from '../../sim/balancing/balancer.js';
import { BALANCER_FACTORIES, BALANCER_NAMES, RANDOMISED_BALANCERS, isBalancerName, makeBalancer, type BalancerName } from '../../sim/balancing/registry.js';
import { keyCtx, noRandom } from './helpers.js';

/** Balancers that find a destination whenever one is available (no hash slot, overflow or maxconn rule). */
const COMPLETE: readonly BalancerName[] = [
  'rr', 'wrr', 'lc', 'wlc', 'sed', 'nq', 'fo', 'twos', 'p2c', 'random',
  'haproxy-roundrobin', 'haproxy-static-rr', 'haproxy-leastconn', 'haproxy-first', 'haproxy-random',
];

test('every name has a factory, builds a balancer reporting that name, and the list has no duplicates', () => {
  assert.equal(new Set(BALANCER_NAMES).size, BALANCER_NAMES.length);
  assert.deepEqual(Object.keys(BALANCER_FACTORIES).sort(), [...BALANCER_NAMES].sort());
  for (const name of BALANCER_NAMES) {
    assert.equal(makeBalancer(name, makeDestinations([1, 2]), makeStream(1, 0, name)).name, name);
    assert.ok(isBalancerName(name));
  }
  for (const alias of ['twos', 'p2c'] as const) assert.ok(BALANCER_NAMES.includes(alias));
  assert.ok(!isBalancerName('toString'));
  assert.ok(!isBalancerName('lblc'));
});

test('makeBalancer rejects destinations whose index is not their position, and unknown names', () => {
  const dests = makeDestinations([1, 1]);
  (dests[1] as { index: number }).index = 0;
  assert.throws(() => makeBalancer('rr', dests, noRandom), RangeError);
  assert.throws(() => makeBalancer('nope' as BalancerName, makeDestinations([1]), noRandom), RangeError);
});

const destState = fc.record({
  weight: fc.integer({ min: 0, max: 6 }),
  up: fc.boolean(),
  overloaded: fc.boolean(),
  activeConns: fc.integer({ min: 0, max: 12 }),
  inactiveConns: fc.integer({ min: 0, max: 600 }),
  queued: fc.integer({ min: 0, max: 2 }),
});
type State = typeof destState extends fc.Arbitrary<infer T> ? T : never;

function apply(dests: Destination[], states: readonly State[]): void {
  states.forEach((s, i) => Object.assign(dests[i]!, s));
}

test('property: any pick is -1 or an available destination; complete balancers return -1 only when none is', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...BALANCER_NAMES),
      fc.array(destState, { minLength: 1, maxLength: 7 }),
      fc.array(destState, { minLength: 7, maxLength: 7 }),
      fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 8 }),
      fc.integer(),
      (name, initial, later, keyList, seed) => {
        const dests = makeDestinations(initial.map((s) => s.weight));
        apply(dests, initial);
        const rng = RANDOMISED_BALANCERS.has(name) ? makeStream(seed, 0, 'prop') : noRandom;
        const b = makeBalancer(name, dests, rng);
        const check = (): void => {
          const any = dests.some(isAvailable);
          for (const k of keyList) {
            const p = b.pick(keyCtx(k));
            assert.ok(p === -1 || (p >= 0 && p < dests.length && isAvailable(dests[p]!)), `${name} picked ${p}`);
            if (COMPLETE.includes(name)) assert.equal(p >= 0, any, `${name}: ${p} with available=${any}`);
            else if (!any) assert.equal(p, -1);
          }
        };
        check();
        apply(dests, later.slice(0, dests.length));
        b.membershipChanged();
        check();
      },
    ),
    { numRuns: 3000 },
  );
});

test('non-randomised balancers never draw; randomised ones replay exactly from the same seed', () => {
  for (const name of BALANCER_NAMES) {
    const run = (seed: number): number[] => {
      const dests = makeDestinations([3, 1, 2, 2, 1]);
      const rng = RANDOMISED_BALANCERS.has(name) ? makeStream(seed, 0, `test/${name}`) : noRandom;
      const b = makeBalancer(name, dests, rng);
      const out: number[] = [];
      for (let i = 0; i < 400; i++) {
        const k = b.pick(keyCtx(Math.imul(i, 0x9e3779b1)));
        out.push(k);
        if (k >= 0) dests[k]!.activeConns++;
        const j = (i * 7) % 5;
        if (i % 2 === 0 && dests[j]!.activeConns > 0) dests[j]!.activeConns--;
      }
      return out;
    };
    const a = run(42);
    assert.deepEqual(run(42), a, `${name}: same seed, same picks`);
    if (RANDOMISED_BALANCERS.has(name)) assert.notDeepEqual(run(43), a, `${name}: another seed, other picks`);
  }
});
