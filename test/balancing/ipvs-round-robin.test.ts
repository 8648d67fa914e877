import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeDestinations } from '../../sim/balancing/balancer.js';
import { makeBalancer } from '../../sim/balancing/registry.js';
import { ctx0, noRandom } from './helpers.js';

const letters = 'abcdefgh';
function sequence(name: 'rr' | 'wrr', weights: number[], count: number, setup?: (d: ReturnType<typeof makeDestinations>) => void): string {
  const dests = makeDestinations(weights);
  setup?.(dests);
  const b = makeBalancer(name, dests, noRandom);
  let out = '';
  for (let i = 0; i < count; i++) {
    const k = b.pick(ctx0);
    out += k < 0 ? '-' : letters[k];
  }
  return out;
}

test('rr cycles through the list', () => {
  assert.equal(sequence('rr', [1, 1, 1], 7), 'abcabca');
  assert.equal(sequence('rr', [5, 1, 9], 6), 'abcabc', 'weights do not matter to rr');
});

test('rr skips weight 0, down and overloaded destinations; -1 when none is left', () => {
  assert.equal(sequence('rr', [1, 0, 1, 1], 6, (d) => (d[3]!.up = false)), 'acacac');
  assert.equal(sequence('rr', [1, 1, 1], 4, (d) => (d[0]!.overloaded = true)), 'bcbc');
  assert.equal(sequence('rr', [1, 1], 3, (d) => d.forEach((x) => (x.up = false))), '---');
  assert.equal(sequence('rr', [], 2), '--');
});

test('rr resumes after the last pick when a destination comes back', () => {
  const dests = makeDestinations([1, 1, 1]);
  const b = makeBalancer('rr', dests, noRandom);
  dests[1]!.up = false;
  b.membershipChanged();
  assert.deepEqual([b.pick(ctx0), b.pick(ctx0)], [0, 2]);
  dests[1]!.up = true;
  b.membershipChanged();
  assert.deepEqual([b.pick(ctx0), b.pick(ctx0), b.pick(ctx0)], [0, 1, 2]);
});

test('wrr weights (4,3,2) give exactly a a b a b c a b c, repeated', () => {
  assert.equal(sequence('wrr', [4, 3, 2], 18), 'aababcabc'.repeat(2));
});

test('wrr divides by the gcd of the weights: (8,6,4) runs the same cycle', () => {
  assert.equal(sequence('wrr', [8, 6, 4], 9), 'aababcabc');
  assert.equal(sequence('wrr', [2, 2], 4), 'abab');
  assert.equal(sequence('wrr', [3, 1], 8), 'aaabaaab');
});

test('wrr never picks weight 0, down or overloaded destinations; -1 when none is left', () => {
  assert.equal(sequence('wrr', [4, 0, 2], 6), 'aacaac');
  const s = sequence('wrr', [4, 0, 2], 60);
  assert.ok(!s.includes('b'));
  assert.equal([...s].filter((c) => c === 'a').length, 40);
  assert.ok(!sequence('wrr', [4, 3, 2], 30, (d) => (d[1]!.up = false)).includes('b'));
  assert.equal(sequence('wrr', [4, 3], 3, (d) => d.forEach((x) => (x.overloaded = true))), '---');
  assert.equal(sequence('wrr', [0, 0], 2), '--');
  assert.equal(sequence('wrr', [4, 3], 2, (d) => d.forEach((x) => (x.up = false))), '--');
});

test('wrr recovers when overload clears, and after membershipChanged', () => {
  const dests = makeDestinations([4, 3, 2]);
  const b = makeBalancer('wrr', dests, noRandom);
  for (const d of dests) d.overloaded = true;
  assert.equal(b.pick(ctx0), -1);
  for (const d of dests) d.overloaded = false;
  assert.notEqual(b.pick(ctx0), -1);
  dests[0]!.weight = 0;
  b.membershipChanged();
  const picks: number[] = [];
  for (let i = 0; i < 10; i++) picks.push(b.pick(ctx0));
  assert.ok(!picks.includes(0));
  assert.equal(picks.filter((p) => p === 1).length, 6, 'weights (0,3,2): 3 of every 5');
});
