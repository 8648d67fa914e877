import { test } from 'node:test';
import assert from 'node:assert/strict';
import { erlangB, erlangC, kingmanWq, littleL, md1, mg1, mg1Ps, mm1, mm1SojournQuantile, mmc, supermarketSojourn, supermarketTail } from '../../sim/stats/analytic.js';

/** The tables in docs/sources.md §8 are rounded to 4 decimals: agree to half a unit of the last place. */
function close4(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 0.00005 + 1e-12, `${what}: ${actual} vs ${expected}`);
}

test('Erlang C, Wq·μ and W·μ match the docs/sources.md §8 table', () => {
  const rows: [c: number, a: number, C: number, wqMu: number, wMu: number][] = [
    [1, 0.9, 0.9, 9.0, 10.0],
    [2, 1.6, 0.7111, 1.7778, 2.7778],
    [4, 3.0, 0.5094, 0.5094, 1.5094],
    [8, 7.2, 0.7015, 0.8769, 1.8769],
    [16, 14.4, 0.5913, 0.3696, 1.3696],
    [32, 28.8, 0.4582, 0.1432, 1.1432],
  ];
  for (const [c, a, C, wqMu, wMu] of rows) {
    close4(erlangC(c, a), C, `C(${c}, ${a})`);
    const m = mmc(a, 1, c); // μ = 1, so λ = a and times are already in units of 1/μ
    close4(m.C, C, `mmc(${c}).C`);
    close4(m.Wq, wqMu, `Wq(${c}, ${a})`);
    close4(m.W, wMu, `W(${c}, ${a})`);
    assert.ok(Math.abs(m.L - a * m.W) < 1e-12, 'Little: L = λW');
  }
});

test('Erlang C does not depend on the time unit (μ = 2 halves the waits)', () => {
  const m = mmc(6, 2, 4);
  close4(m.C, 0.5094, 'C');
  close4(m.Wq * 2, 0.5094, 'Wq·μ');
});

test('Erlang B: closed form, recursion edge cases, and the C = cB/(c − a(1−B)) identity', () => {
  assert.equal(erlangB(0, 5), 1);
  assert.ok(Math.abs(erlangB(1, 1) - 0.5) < 1e-15);
  // B(2, 1) = (1/2)/(1 + 1 + 1/2) = 0.2
  assert.ok(Math.abs(erlangB(2, 1) - 0.2) < 1e-15);
  // Direct formula for c = 5, a = 3: (a^c/c!)/Σ a^k/k!
  let sum = 0;
  let term = 1;
  for (let k = 0; k <= 5; k++) {
    if (k > 0) term *= 3 / k;
    sum += term;
  }
  assert.ok(Math.abs(erlangB(5, 3) - term / sum) < 1e-14);
  // The recursion stays finite where a^c/c! would overflow.
  const big = erlangB(2000, 1900);
  assert.ok(big > 0 && big < 1);
  assert.equal(erlangC(4, 4), 1);
  assert.equal(mmc(4, 1, 4).W, Number.POSITIVE_INFINITY);
});

test('M/M/1 formulas, including the sojourn quantile', () => {
  const m = mm1(0.9, 1);
  close4(m.W, 10, 'W');
  close4(m.Wq, 9, 'Wq');
  close4(m.L, 9, 'L = ρ/(1−ρ)');
  close4(m.Lq, 8.1, 'Lq = ρ²/(1−ρ)');
  close4(mm1(0.5, 1).W, 2, 'W at ρ = 0.5');
  // Median of Exp(0.1) is ln 2 / 0.1.
  close4(mm1SojournQuantile(0.9, 1, 0.5), Math.LN2 / 0.1, 'median');
  close4(mm1SojournQuantile(0.9, 1, 0.99), Math.log(100) / 0.1, 'p99');
  assert.equal(mm1(1, 1).W, Number.POSITIVE_INFINITY);
  assert.equal(littleL(0.9, 10), 9);
});

test('M/M/1 is M/M/c with c = 1 and M/G/1 with C_s² = 1', () => {
  for (const lambda of [0.1, 0.5, 0.8, 0.95]) {
    const a = mm1(lambda, 1);
    const b = mmc(lambda, 1, 1);
    const g = mg1(lambda, 1, 1);
    assert.ok(Math.abs(a.W - b.W) < 1e-12 && Math.abs(a.W - g.W) < 1e-12, `λ=${lambda}`);
  }
});

test('M/D/1 waits half as long as M/M/1, and L = ρ + ρ²/(2(1−ρ))', () => {
  const d = md1(0.8, 1);
  close4(d.Wq, 2, 'Wq');
  close4(d.Wq, mm1(0.8, 1).Wq / 2, 'half of M/M/1');
  close4(d.L, 0.8 + 0.64 / 0.4, 'L');
});

test('Pollaczek–Khinchine grows with C_s²; processor sharing does not', () => {
  const lognormalCv2 = mg1(0.7, 1, 4);
  close4(lognormalCv2.Wq, (0.7 * 5) / 0.6, 'P-K Wq at C_s² = 4');
  close4(mg1Ps(0.7, 1).W, 1 / 0.3, 'PS E[T]');
  close4(mg1Ps(0.35, 2).W, 2 / 0.3, 'PS E[T] at the same ρ with twice the E[S]');
  assert.equal(mg1Ps(0.7, 2).W, Number.POSITIVE_INFINITY, 'ρ = 1.4 is unstable');
  close4(kingmanWq(0.7, 1, 1, 1), mm1(0.7, 1).Wq, 'Kingman is exact for M/M/1');
});

test('supermarket model E[T] matches the docs/sources.md §8 table', () => {
  const rows: [lambda: number, d1: number, d2: number, d3: number][] = [
    [0.5, 2.0, 1.2657, 1.1252],
    [0.7, 3.3333, 1.6145, 1.3568],
    [0.8, 5.0, 1.9474, 1.5809],
    [0.9, 10.0, 2.6141, 2.0279],
    [0.95, 20.0, 3.383, 2.5351],
    [0.99, 100.0, 5.432, 3.8578],
  ];
  for (const [lambda, d1, d2, d3] of rows) {
    close4(supermarketSojourn(lambda, 1), d1, `d=1, λ=${lambda}`);
    close4(supermarketSojourn(lambda, 2), d2, `d=2, λ=${lambda}`);
    close4(supermarketSojourn(lambda, 3), d3, `d=3, λ=${lambda}`);
  }
});

test('supermarket tails: s_1 = λ, and two choices shrink the tail doubly exponentially', () => {
  assert.equal(supermarketTail(0.9, 2, 1), 0.9);
  assert.ok(Math.abs(supermarketTail(0.9, 2, 3) - 0.9 ** 7) < 1e-15);
  assert.ok(Math.abs(supermarketTail(0.9, 1, 3) - 0.9 ** 3) < 1e-15);
  // E[T] = Σ s_i / λ over i ≥ 1 (Little on the fraction of queues with ≥ i jobs).
  let sum = 0;
  for (let i = 1; i < 40; i++) sum += supermarketTail(0.8, 2, i);
  close4(sum / 0.8, supermarketSojourn(0.8, 2), 'Σ s_i / λ');
});
