import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FcfsResource } from '../../sim/engine/fcfs-resource.js';
import { IndexedCompletions, MAX_INDEX, MAX_OWNERS, OWNER_SHIFT } from '../../sim/engine/indexed-completions.js';
import { Simulator } from '../../sim/engine/simulator.js';

test('a code names its owner and index, for owners past the small-integer range too, up to the limit', () => {
  const seen: [number, number][] = [];
  const completions = new IndexedCompletions<{ readonly n: number }>((owners) => (code) => {
    seen.push([owners[code >>> OWNER_SHIFT]!.n, code & MAX_INDEX]);
  });
  const bases = Array.from({ length: MAX_OWNERS }, (_, n) => completions.register({ n }));
  const last = MAX_OWNERS - 1;
  for (const [n, index] of [[0, 0], [1, MAX_INDEX], [32_767, 5], [32_768, 0], [last, MAX_INDEX]] as const) completions.handler(bases[n]! + index);
  assert.deepEqual(seen, [[0, 0], [1, MAX_INDEX], [32_767, 5], [32_768, 0], [last, MAX_INDEX]]);
  assert.throws(() => completions.register({ n: MAX_OWNERS }), /more than 65536 owners/);
});

test('FCFS resources of two simulators complete their own jobs (one handler per simulator)', () => {
  const order: string[] = [];
  const sims = [new Simulator(), new Simulator()];
  const cpus = sims.map((sim, k) => [new FcfsResource(sim, `a${k}`, 'n', 'cpu', 2), new FcfsResource(sim, `b${k}`, 'n', 'cpu', 3)]);
  for (const [k, pair] of cpus.entries()) {
    for (const [j, cpu] of pair.entries()) for (let i = 0; i < 4; i++) cpu.submit(100 * (i + 1) + j, (tag: string) => order.push(tag), `${k}${j}${i}`);
  }
  for (const sim of sims) sim.run();
  // Simulator 0 then 1; in each, jobs by completion time (a: 2 cores, b: 3 cores, 1 ns later).
  const expected = ['000', '010', '001', '011', '012', '002', '013', '003'];
  assert.deepEqual(order, [...expected, ...expected.map((t) => `1${t.slice(1)}`)]);
});

test('an FCFS resource refuses more servers than a code can index', () => {
  assert.throws(() => new FcfsResource(new Simulator(), 'x', 'n', 'cpu', MAX_INDEX + 2), /servers must be an integer in 1\.\.65536/);
  assert.doesNotThrow(() => new FcfsResource(new Simulator(), 'x', 'n', 'cpu', MAX_INDEX + 1));
});
