import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { buildTables } from '../../reports/tables.js';
import { ecmpHtml } from '../../reports/html.js';

/** RunResult.ecmp reaches ecmp.csv: one row per run behind a tier, none for a run without one. */
describe('ecmp.csv', () => {
  it('has one row per run behind an ECMP tier, with the counts of RunResult.ecmp, and none otherwise', () => {
    const scenario = (ecmp: boolean) => parseScenario({
      name: 'ecmp-table', description: 'a director of a tier of two stops', modes: ['lvs-dr'],
      run: { duration: '2s', warmup: '0.5s' },
      workload: { groups: [{ name: 'web', clients: 200, retries: 0, arrival: { kind: 'poisson', rate: 200 }, requestsPerConnection: 1000, timeout: '1s' }] },
      topology: { servers: { count: 4 }, frontEnd: { count: 2, ...(ecmp ? { ecmp: { hashing: 'mod-n' } } : {}) } },
      faults: [{ id: 'director-1', kind: 'stop', target: 'front-end-1', at: '1s' }],
    }, 'ecmp-table.yaml');
    const withTier = runScenario(scenario(true), { mode: 'lvs-dr' });
    const without = runScenario(scenario(false), { mode: 'lvs-dr' });
    assert.ok(withTier.ecmp !== undefined && withTier.ecmp.moved > 0, `moved: ${JSON.stringify(withTier.ecmp)}`);
    const table = buildTables([{ params: {}, result: withTier }, { params: {}, result: without }]).ecmp;
    const names = table.columns.map((c) => c.name);
    assert.deepEqual(names.slice(-5), ['returned', 'moved', 'survivedBySync', 'survivedByScheduler', 'broken']);
    assert.equal(table.records.length, 1);
    const row = table.records[0]!;
    assert.equal(row[names.indexOf('run')], 0);
    assert.deepEqual(row.slice(-5), [withTier.ecmp.returned, withTier.ecmp.moved, withTier.ecmp.survivedBySync, withTier.ecmp.survivedByScheduler, withTier.ecmp.broken]);
    // report.html: one table row for the run behind the tier, with the share of moved connections reset.
    const html = ecmpHtml([{ params: {}, result: withTier }, { params: {}, result: without }], []);
    assert.equal(html.match(/<tr><td>/g)?.length, 1);
    const e = withTier.ecmp;
    assert.ok(html.includes(`<td class="num">${e.moved.toLocaleString('en-US')}</td>`), html);
    assert.ok(html.includes(`${(100 * e.broken / e.moved).toFixed(1)}`), html);
    assert.equal(ecmpHtml([{ params: {}, result: without }], []), '');
  });
});
