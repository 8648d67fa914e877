import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchFields, markers, replaceBlock, scaleTable, speedTable, type Baseline, type Machine } from './numbers-block.js';

const machine: Machine = { cpus: 2, cpuModel: 'AMD EPYC', memoryGiB: 7.7, node: 'v20.20.2', loadAverage: 1.5, date: '2026-11-29', commit: 'abc1234' };
const baseline: Baseline = { eventsPerSecond: 5_000_000, seconds: 1, runs: [4_900_000, 5_100_000] };

test('replaceBlock rewrites only between its markers, and refuses a file without them', () => {
  const { begin, end } = markers('speed');
  const text = `# Title\n\n${begin}\nold\n${end}\n\nafter\n`;
  assert.equal(replaceBlock(text, 'speed', 'new\n'), `# Title\n\n${begin}\nnew\n${end}\n\nafter\n`);
  assert.equal(replaceBlock(replaceBlock(text, 'speed', 'x'), 'speed', 'x'), replaceBlock(text, 'speed', 'x'), 'idempotent');
  assert.throws(() => replaceBlock('no markers', 'speed', 'x'), /no block 'speed'/);
});

test('the speed table states the machine, how to reproduce each figure and its ratio to the baseline', () => {
  const table = speedTable(machine, baseline, [
    { what: 'engine, M/M/1', command: 'npm run bench -- mm1', value: 14_000_000, unit: 'events/s', kind: 'rate' },
    { what: 'test suite', command: 'npm test', value: 50, unit: 's', kind: 'time', note: '400 tests' },
  ]);
  assert.match(table, /2 × AMD EPYC, 7\.7 GiB, Node v20\.20\.2/);
  assert.match(table, /\| engine, M\/M\/1 \| `npm run bench -- mm1` \| 14\.00 M events\/s \| 2\.8000 × phold's events\/s \|/);
  assert.match(table, /\| test suite \| `npm test` \| 50\.0 s \(400 tests\) \| 50\.0 × a phold run \|/);
  assert.deepEqual(benchFields('engine=lbsim workload=mm1 events=2000000 wall_s=0.141 events_per_s=14182128'), { events: 2000000, wall_s: 0.141, events_per_s: 14182128 });
});

test('the scale table: thousand req/s per mode and server count, replications averaged, the last point\'s verdict and resource', () => {
  const row = (mode: string, servers: number, rps: number, saturated: boolean) => ({
    params: { 'topology.servers.count': servers },
    result: { mode, throughput: { requestsPerSecond: rps }, health: { state: saturated ? 'saturated' : 'steady' }, bottleneck: { resource: `${mode}.cpu`, utilization: saturated ? 0.99 : 0.5, saturated } },
  });
  const table = scaleTable([row('lvs-dr', 4, 10_000, false), row('lvs-dr', 8, 20_000, false), row('lvs-dr', 8, 22_000, false), row('l7-proxy', 8, 15_000, true), row('l7-proxy', 4, 9_000, false)]);
  assert.match(table, /\| mode \| 4 \| 8 \| at 8 servers \|/);
  assert.match(table, /\| lvs-dr \| 10\.0 \| 21\.0 \| steady; busiest lvs-dr\.cpu 50 % \|/);
  assert.match(table, /\| l7-proxy \| 9\.0 \| 15\.0 \| saturated; l7-proxy\.cpu 99 % \|/);
});
