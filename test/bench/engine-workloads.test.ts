import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runMm1, runPhold } from './engine-workloads.js';

test('mm1 bench: two events per customer, and the queue it simulates is M/M/1 at ρ = 0.9', () => {
  const r = runMm1(200_000);
  assert.equal(r.customers, 200_000);
  assert.equal(r.events, 400_000);
  assert.ok(r.wallSeconds > 0);
  // Loose sanity bounds only (the analytic suite does the statistics): W = 10 ms, ρ = 0.9.
  assert.ok(r.meanSojournMs > 7 && r.meanSojournMs < 13, `W ${r.meanSojournMs}`);
  assert.ok(Math.abs(r.utilization - 0.9) < 0.02, `ρ ${r.utilization}`);
});

test('phold bench fires exactly the requested number of events', () => {
  const r = runPhold(50_000, 1_000);
  assert.equal(r.events, 50_000);
  assert.ok(r.wallSeconds > 0);
});

test('bench workloads are deterministic in their model output', () => {
  assert.equal(runMm1(10_000).meanSojournMs, runMm1(10_000).meanSojournMs);
});
