import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeDestinations, type Destination } from '../../sim/balancing/balancer.js';
import { makeBalancer, type BalancerName } from '../../sim/balancing/registry.js';
import { ctx0, noRandom } from './helpers.js';

type State = [weight: number, active: number, inactive: number];
function pickFrom(name: BalancerName, states: State[], setup?: (d: Destination[]) => void): number {
  const dests = makeDestinations(states.map((s) => s[0]));
  states.forEach(([, a, i], k) => {
    dests[k]!.activeConns = a;
    dests[k]!.inactiveConns = i;
  });
  setup?.(dests);
  return makeBalancer(name, dests, noRandom).pick(ctx0);
}

test('lc: minimum of active×256 + inactive', () => {
  assert.equal(pickFrom('lc', [[1, 1, 0], [1, 0, 255]]), 1, '256 > 255');
  assert.equal(pickFrom('lc', [[1, 1, 0], [1, 0, 257]]), 0, '256 < 257');
  assert.equal(pickFrom('lc', [[1, 3, 0], [1, 2, 300], [1, 2, 255]]), 2, '768, 812, 767');
  assert.equal(pickFrom('lc', [[1, 3, 0], [1, 2, 300], [1, 2, 257]]), 0, '768, 812, 769');
});

test('lc: weight is not used, ties go to the first in list', () => {
  assert.equal(pickFrom('lc', [[1, 2, 0], [100, 2, 0]]), 0);
  assert.equal(pickFrom('lc', [[1, 1, 0], [1, 0, 256], [1, 0, 256]]), 0, 'all 256: first');
  assert.equal(pickFrom('lc', [[1, 5, 0], [1, 4, 0], [1, 4, 0]]), 1);
});

test('wlc: minimum overhead/weight with integer cross-products; ties → first', () => {
  assert.equal(pickFrom('wlc', [[1, 1, 0], [3, 2, 0]]), 1, '256/1 vs 512/3');
  assert.equal(pickFrom('wlc', [[1, 1, 0], [2, 2, 0]]), 0, '256/1 = 512/2: first');
  assert.equal(pickFrom('wlc', [[2, 2, 0], [1, 1, 0]]), 0, 'same tie in the other order: first again');
  assert.equal(pickFrom('wlc', [[1, 1, 0], [2, 2, 1]]), 0, '256 < 513/2');
  assert.equal(pickFrom('wlc', [[2, 1, 3], [1, 0, 129]]), 1, '259/2 = 129.5 > 129');
  assert.equal(pickFrom('wlc', [[3, 0, 0], [1, 0, 0]]), 0, 'all idle: first');
});

test('sed: minimum (active + 1)/weight; inactive ignored; ties → first', () => {
  assert.equal(pickFrom('sed', [[1, 1, 0], [3, 2, 0]]), 1, '2/1 vs 3/3');
  assert.equal(pickFrom('sed', [[1, 0, 0], [3, 2, 0]]), 0, '1/1 = 3/3: first');
  assert.equal(pickFrom('sed', [[1, 0, 1000], [1, 1, 0]]), 0, 'inactive ignored');
  assert.equal(pickFrom('wlc', [[1, 0, 1000], [1, 1, 0]]), 1, 'whereas wlc counts them');
  assert.equal(pickFrom('sed', [[1, 0, 0], [4, 1, 0]]), 1, 'an idle slow server loses to a fast busy one: 1/1 vs 2/4');
});

test('nq: the first idle destination wins outright; otherwise as sed', () => {
  assert.equal(pickFrom('nq', [[1, 0, 0], [4, 1, 0]]), 0, 'idle beats sed\'s choice');
  assert.equal(pickFrom('nq', [[1, 3, 0], [1, 0, 0], [1, 0, 0]]), 1);
  assert.equal(pickFrom('nq', [[1, 3, 0], [1, 0, 0]], (d) => (d[1]!.overloaded = true)), 0);
  assert.equal(pickFrom('nq', [[1, 1, 0], [3, 2, 0]]), 1, 'no idle: sed');
  assert.equal(pickFrom('nq', [[1, 1, 0], [2, 3, 0]]), 0, 'no idle: sed tie → first');
});

test('lc/wlc/sed/nq skip weight 0, down and overloaded; -1 when none is available', () => {
  for (const name of ['lc', 'wlc', 'sed', 'nq'] as const) {
    assert.equal(pickFrom(name, [[0, 0, 0], [1, 5, 0]]), 1, `${name}: weight 0`);
    assert.equal(pickFrom(name, [[1, 0, 0], [1, 5, 0]], (d) => (d[0]!.up = false)), 1, `${name}: down`);
    assert.equal(pickFrom(name, [[1, 0, 0], [1, 5, 0]], (d) => (d[0]!.overloaded = true)), 1, `${name}: overloaded`);
    assert.equal(pickFrom(name, [[0, 0, 0], [1, 0, 0]], (d) => (d[1]!.up = false)), -1, `${name}: none`);
  }
});
