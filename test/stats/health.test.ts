import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Bottleneck, RequestCounts } from '../../sim/result.js';
import type { BacklogTrend } from '../../sim/stats/backlog-trend.js';
import { judgeHealth } from '../../sim/stats/health.js';

const counts = (over: Partial<RequestCounts> = {}): RequestCounts => ({ issued: 10_000, completed: 10_000, failed: 0, timedOut: 0, inFlight: 0, unfinished: 0, retried: 0, ...over });
const busiest = (utilization: number, saturated = utilization >= 0.95): Bottleneck => ({ resource: 's.cpu', node: 's', kind: 'cpu', utilization, saturated, evidence: '' });
const flat: BacklogTrend = { id: 's.cpu', samples: 64, slopePerSecond: 0.3, growth: 1, residualSd: 2, first: 3, last: 4, growing: false };
const rising: BacklogTrend = { id: 's.cpu', samples: 64, slopePerSecond: 900, growth: 2250, residualSd: 30, first: 100, last: 2350, growing: true };
const judge = (requests: RequestCounts, b: Bottleneck, trends: BacklogTrend[] = [flat]) => judgeHealth({ requests, bottleneck: b, trends, errorTolerance: 0.001, trendSpanSeconds: 2.5 });

describe('health verdict', () => {
  it('steady below saturation, saturated at 95 % with stable backlogs', () => {
    assert.equal(judge(counts(), busiest(0.8)).state, 'steady');
    const h = judge(counts(), busiest(0.97));
    assert.equal(h.state, 'saturated');
    assert.match(h.reasons[0]!, /97\.0 % busy/);
  });

  it('overloaded by unfinished share, with the numbers in the reasons', () => {
    const h = judge(counts({ completed: 9_800, inFlight: 200, unfinished: 200 }), busiest(1));
    assert.equal(h.state, 'overloaded');
    assert.equal(h.unfinishedFraction, 0.02);
    assert.match(h.reasons[0]!, /^200 of 10,000 requests \(2\.0 %\) unfinished/);
    // 1 % exactly is not over the limit.
    assert.equal(judge(counts({ completed: 9_900, inFlight: 100, unfinished: 100 }), busiest(0.5)).state, 'steady');
  });

  it('overloaded by a growing backlog alone', () => {
    const h = judge(counts(), busiest(0.99), [flat, rising]);
    assert.equal(h.state, 'overloaded');
    assert.equal(h.backlogGrowthPerSecond, 900);
    assert.match(h.reasons.join(' '), /s\.cpu backlog grows 900\.0\/s/);
  });

  it('overloaded by errors over the tolerance', () => {
    assert.equal(judge(counts({ completed: 9_989, failed: 11 }), busiest(0.5)).state, 'overloaded');
    assert.equal(judge(counts({ completed: 9_990, failed: 5, timedOut: 5 }), busiest(0.5)).state, 'steady');
  });
});
