import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ResultRow } from '../../reports/rows.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { readCsv, removeDir, writeTo, type Written } from './helpers.js';

/** With faults scheduled, the outputs carry faults.csv and a failover chart marking each fault and its detection. */
describe('failover chart', () => {
  let out: Written;
  before(async () => {
    const s = parseScenario({
      name: 'failover-small', description: 'a server crashes behind a checking director; a front-end box fails over',
      modes: ['rr-dns', 'lvs-dr'], run: { duration: '4s', warmup: '0.5s' },
      workload: { groups: [{ name: 'web', clients: 200, arrival: { kind: 'poisson', rate: 1000 }, timeout: '0.5s' }] },
      topology: { servers: { count: 4 }, frontEnd: { count: 2 } },
      dns: { ttl: '1s', resolvers: [{ name: 'site', rotate: true }] },
      lvs: { healthCheck: { style: 'keepalived', delayLoop: '0.5s', connectTimeout: '0.2s', retry: 1, delayBeforeRetry: '0.1s' } },
      ha: { vrrp: { version: 3, advertInterval: '0.2s', priorities: [150, 100] }, sync: true },
      faults: [{ id: 'swift-1', kind: 'crash', target: 'server-1', at: '1s' }, { id: 'box-0', kind: 'crash', target: 'front-end-0', at: '2.5s' }],
    }, 'failover-small.yaml');
    const rows: ResultRow[] = s.modes.map((mode) => ({ params: {}, result: runScenario(s, { mode }) }));
    out = await writeTo('failover', rows);
  });
  after(() => removeDir(out.dir));

  it('writes faults.csv with one row per fault per run, on the timeline clock', async () => {
    const csv = await readCsv(join(out.dir, 'faults.csv'));
    assert.equal(csv.records.length, 4);
    const box = csv.records.find((r) => r.mode === 'lvs-dr' && r.fault === 'box-0')!;
    assert.equal(Number(box.atS), 2);
    assert.ok(Number(box.detectedS) > 2 && Number(box.detectedS) < 3, box.detectedS);
    assert.equal(csv.records.find((r) => r.mode === 'rr-dns' && r.fault === 'swift-1')!.detectedS, '');
  });

  it('draws each fault and its detection in every mode\'s panel, in the SVG, the PNG and report.html', async () => {
    assert.ok(out.files.includes(join(out.dir, 'charts', 'failover.png')));
    const svg = await readFile(join(out.dir, 'charts', 'failover.svg'), 'utf8');
    assert.ok(svg.includes('mark-rule'));
    for (const label of ['swift-1', 'box-0', 'rr-dns', 'lvs-dr']) assert.ok(svg.includes(`>${label}</text>`), label);
    assert.ok(svg.includes('#e66101'), 'detection rules drawn');
    const html = await readFile(join(out.dir, 'report.html'), 'utf8');
    assert.ok(html.includes('<figure id="chart-failover">'));
    assert.deepEqual(out.warnings, []);
  });
});
