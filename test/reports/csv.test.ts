import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import * as vega from 'vega';
import { MODES } from '../../sim/result.js';
import { toCsv } from '../../reports/csv.js';
import { buildTables } from '../../reports/tables.js';
import { compareRows, RATE_PATH, rateSweepRows, serverSweepRows, SERVERS_PATH } from '../fixtures/run-results.js';
import { readCsv, removeDir, writeTo, type Written } from './helpers.js';

const ID = ['run', 'scenario', 'mode', 'seed', 'replication'];
const RESULT_COLUMNS = [
  'simulatedSeconds', 'warmupSeconds', 'events', 'offeredRequestsPerSecond', 'requestsPerSecond',
  'goodputBytesPerSecond', 'goodputGbps', 'latencyMeanMs', 'latencyP50Ms', 'latencyP90Ms', 'latencyP99Ms',
  'latencyP999Ms', 'latencyMaxMs', 'latencyCensoredFraction', 'latencyMeanCensored', 'latencyP50Censored', 'latencyP90Censored',
  'latencyP99Censored', 'latencyP999Censored', 'latencyMaxCensored', 'issued', 'completed', 'failed', 'timedOut', 'inFlight',
  'unfinished', 'retried', 'healthState', 'healthUnfinishedFraction', 'healthBacklogGrowthPerSecond', 'healthReasons',
  'bottleneckResource', 'bottleneckNode', 'bottleneckKind', 'bottleneckUtilization', 'bottleneckSaturated', 'bottleneckEvidence',
  'headroom', 'imbalanceMaxOverMean', 'imbalanceCv',
];
const RESOURCE_COLUMNS = ['resource', 'node', 'kind', 'utilization', 'meanQueue', 'maxQueue', 'dropped', 'bottleneck', 'serverNode'];
const SERVER_COLUMNS = ['server', 'requests', 'bytes', 'share'];
const TIMELINE_COLUMNS = ['startS', 'endS', 'completed', 'failed', 'timedOut', 'retried', 'requestsPerSecond', 'p99Ms'];
const TRAFFIC_COLUMNS = ['node', 'packetsIn', 'packetsOut', 'bytesIn', 'bytesOut', 'cpuNs'];

describe('CSV files of a server sweep', () => {
  const rows = serverSweepRows();
  let out: Written;
  before(async () => {
    out = await writeTo('csv', rows, { png: false });
  });
  after(() => removeDir(out.dir));

  it('have exactly the documented header columns, parameters as param.<path>', async () => {
    const p = [`param.${SERVERS_PATH}`];
    const expected: Record<string, string[]> = {
      'results.csv': [...ID, ...p, ...RESULT_COLUMNS],
      'resources.csv': [...ID, ...p, ...RESOURCE_COLUMNS],
      'servers.csv': [...ID, ...p, ...SERVER_COLUMNS],
      'timeline.csv': [...ID, ...p, ...TIMELINE_COLUMNS],
      'traffic.csv': [...ID, ...p, ...TRAFFIC_COLUMNS],
    };
    for (const [file, header] of Object.entries(expected)) {
      assert.deepEqual((await readCsv(join(out.dir, file))).header, header, file);
    }
  });

  it('hold one observation per row', async () => {
    const count = (pick: (i: number) => number) => rows.reduce((n, _, i) => n + pick(i), 0);
    assert.equal((await readCsv(join(out.dir, 'results.csv'))).records.length, rows.length);
    assert.equal((await readCsv(join(out.dir, 'resources.csv'))).records.length, count((i) => rows[i]!.result.resources.length));
    assert.equal((await readCsv(join(out.dir, 'servers.csv'))).records.length, count((i) => rows[i]!.result.servers.length));
    assert.equal((await readCsv(join(out.dir, 'traffic.csv'))).records.length, count((i) => rows[i]!.result.traffic.length));
    // No timeline in this sweep: the file still has its header and no rows.
    assert.equal((await readCsv(join(out.dir, 'timeline.csv'))).records.length, 0);
  });

  it('round-trip numbers exactly and keep text intact', async () => {
    const { records } = await readCsv(join(out.dir, 'results.csv'));
    records.forEach((rec, i) => {
      const r = rows[i]!.result;
      assert.equal(Number(rec.run), i);
      assert.equal(rec.mode, r.mode);
      assert.equal(Number(rec[`param.${SERVERS_PATH}`]), rows[i]!.params[SERVERS_PATH]);
      assert.equal(Number(rec.requestsPerSecond), r.throughput.requestsPerSecond);
      assert.equal(Number(rec.latencyP99Ms), r.latencyMs.p99);
      assert.equal(Number(rec.issued), r.requests.issued);
      assert.equal(Number(rec.goodputGbps), (r.throughput.goodputBytesPerSecond * 8) / 1e9);
      assert.equal(Number(rec.imbalanceCv), r.imbalance.cv);
      assert.equal(rec.bottleneckEvidence, r.bottleneck.evidence);
    });
    const resources = await readCsv(join(out.dir, 'resources.csv'));
    const flagged = resources.records.filter((rec) => rec.bottleneck === 'true');
    assert.equal(flagged.length, rows.length, 'exactly one bottleneck resource per run');
    assert.ok(resources.records.every((rec) => rec.bottleneck === 'true' || rec.bottleneck === 'false'));
    for (const rec of resources.records) assert.ok(Number.isFinite(Number(rec.utilization)));
  });
});

describe('CSV tables', () => {
  it('list every mode of a compare without parameter columns, timeline rows included', () => {
    const tables = buildTables(compareRows());
    assert.deepEqual(tables.results.records.map((r) => r[2]), [...MODES]);
    assert.ok(!tables.results.columns.some((c) => c.name.startsWith('param.')));
    assert.equal(tables.timeline.records.length, 6 * 12);
  });

  it('quote text with commas, quotes and newlines, and leave missing values empty', () => {
    const base = compareRows()[0]!;
    const tricky = {
      params: { [RATE_PATH]: 'a,"b"\nc' },
      result: { ...base.result, offeredRequestsPerSecond: null, bottleneck: { ...base.result.bottleneck, evidence: 'x, "y"' } },
    };
    const csv = toCsv(buildTables([tricky, rateSweepRows()[0]!]).results);
    const lines = csv.split('\n');
    assert.ok(csv.includes('"a,""b""\nc"'));
    assert.ok(csv.includes('"x, ""y"""'));
    assert.ok(lines[0]!.split(',').includes('offeredRequestsPerSecond'));
    const records = vega.read(csv, { type: 'csv', parse: {} }) as Record<string, string>[];
    assert.equal(records.length, 2);
    assert.equal(records[0]!.offeredRequestsPerSecond, '');
    assert.equal(records[0]![`param.${RATE_PATH}`], 'a,"b"\nc');
    assert.equal(records[1]!.offeredRequestsPerSecond, '2000');
    assert.ok(csv.endsWith('\n'));
  });
});
