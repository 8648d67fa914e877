import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchFields, markers, replaceBlock, speedTable, type Baseline, type Machine } from './numbers-block.js';

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
