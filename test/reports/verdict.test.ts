import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunResult } from '../../sim/result.js';
import type { ResultRow } from '../../reports/rows.js';
import { modeVerdicts, SATURATED_UTILIZATION, verdict } from '../../reports/verdict.js';
import { makeResult } from '../fixtures/run-results.js';

const row = (result: RunResult): ResultRow => ({ params: {}, result });

describe('verdict', () => {
  it('names the modes that carry the offered load and their headroom, from the busiest resource', () => {
    // 3,000 req/s on 8 servers: every mode keeps up; l7-proxy's CPU is the busiest resource of its run.
    const rows = (['l7-proxy', 'lvs-dr'] as const).map((m) => row(makeResult(m, { servers: 8, ratePerSecond: 3000 })));
    const text = verdict(rows, {});
    assert.match(text, /^Meet the offered 3,000 req\/s: /);
    const proxy = rows[0]!.result;
    assert.equal(proxy.bottleneck.resource, 'proxy.cpu');
    const growth = SATURATED_UTILIZATION / proxy.bottleneck.utilization;
    // 0.95 / 0.5 = 1.9: "90 % more load"
    assert.match(text, new RegExp(`l7-proxy with room for ${Math.round((growth - 1) * 100)} % more load \\(busiest: proxy CPU at 50 %\\)`));
    assert.match(text, /lvs-dr with room for [\d.]+× the load \(busiest: server CPU at/);
    assert.doesNotMatch(text, /Saturated|Overloaded/);
  });

  it('says which modes fall behind, on which resource, and how much they carry', () => {
    // 8,000 req/s: the proxy (6,000) and the NAT director (9,000 × 0.995 … just) differ.
    const rows = (['l7-proxy', 'lvs-nat', 'lvs-dr'] as const).map((m) => row(makeResult(m, { servers: 8, ratePerSecond: 8000 })));
    const text = verdict(rows, {});
    assert.match(text, /Overloaded \(falling behind\): l7-proxy on proxy CPU \(100 % busy, carrying 5,970 of 8,000 req\/s with 25 % of requests not completed\)/);
    assert.match(text, /^Meet the offered 8,000 req\/s: lvs-dr with room for .*; lvs-nat with room for [\d.]+ % more load \(busiest: director CPU at 89 %\)\./);
    assert.equal(text.split('. ').length, 2, 'two sentences');
  });

  it('reads health and headroom from the result when the run carries them', () => {
    const base = makeResult('lvs-tun', { servers: 8, ratePerSecond: 3000 });
    const saturated = { ...base, health: { state: 'saturated', unfinishedFraction: 0, backlogGrowthPerSecond: 0, reasons: [] }, headroom: null } as RunResult;
    assert.match(verdict([row(saturated)], {}), /^No mode meets the offered 3,000 req\/s with headroom\. Saturated \(at capacity, keeping up\): lvs-tun on /);
    const roomy = { ...base, health: { state: 'steady', unfinishedFraction: 0, backlogGrowthPerSecond: 0, reasons: [] }, headroom: 3.14 } as RunResult;
    assert.match(verdict([row(roomy)], {}), /lvs-tun with room for 3\.1× the load/);
  });

  it('pools replications: the worst state and the smallest headroom', () => {
    const calm = makeResult('lvs-dr', { servers: 8, ratePerSecond: 3000, replication: 0 });
    // Results carry their own headroom and health (the stats layer's verdict); the pooling reads them.
    const busy = { ...makeResult('lvs-dr', { servers: 8, ratePerSecond: 3000, replication: 1 }), bottleneck: { ...calm.bottleneck, utilization: 0.9 }, headroom: SATURATED_UTILIZATION / 0.9 };
    const [v] = modeVerdicts([row(calm), row(busy)], {});
    assert.equal(v!.state, 'steady');
    assert.ok(Math.abs(v!.headroom! - SATURATED_UTILIZATION / 0.9) < 1e-9);
    const full = { ...busy, bottleneck: { ...calm.bottleneck, utilization: 0.97 }, headroom: null, health: { state: 'saturated' as const, unfinishedFraction: 0, backlogGrowthPerSecond: 0, reasons: [] } };
    assert.equal(modeVerdicts([row(calm), row(full)], {})[0]!.state, 'saturated');
  });

  it('describes only the rows at the operating point', () => {
    const rows: ResultRow[] = [1000, 9000].map((rate) => ({ params: { rate }, result: makeResult('l7-proxy', { servers: 8, ratePerSecond: rate }) }));
    assert.match(verdict(rows, { rate: 1000 }), /^Meet the offered 1,000 req\/s/);
    assert.match(verdict(rows, { rate: 9000 }), /^No mode meets the offered 9,000 req\/s/);
  });
});
