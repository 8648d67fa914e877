import { test } from 'node:test';
import assert from 'node:assert/strict';
import seedrandom from 'seedrandom';
import { StreamFactory, makeStream, streamSeed, type RandomStream } from '../../sim/engine/rng.js';

function draws(stream: RandomStream, n: number): number[] {
  return Array.from({ length: n }, () => stream.next());
}

test('the same (seed, replication, path) gives the same sequence', () => {
  assert.deepEqual(draws(makeStream(42, 0, 'clients/0/arrivals'), 100), draws(makeStream(42, 0, 'clients/0/arrivals'), 100));
});

test('a different path, seed or replication gives a different sequence', () => {
  const base = draws(makeStream(42, 0, 'clients/0/arrivals'), 20);
  assert.notDeepEqual(draws(makeStream(42, 0, 'clients/0/sizes'), 20), base);
  assert.notDeepEqual(draws(makeStream(43, 0, 'clients/0/arrivals'), 20), base);
  assert.notDeepEqual(draws(makeStream(42, 1, 'clients/0/arrivals'), 20), base);
  // Paths that would collide under naive concatenation of seed and path still differ.
  assert.notDeepEqual(draws(makeStream(1, 0, '2/x'), 20), draws(makeStream(12, 0, 'x'), 20));
});

test('draws are uniform on [0, 1)', () => {
  const xs = draws(makeStream(1, 0, 'uniformity'), 100_000);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  // s.d. of the mean of U(0,1) is 1/√(12n) ≈ 0.0009; 5 s.d.
  assert.ok(Math.abs(mean - 0.5) < 0.0046, `mean ${mean}`);
  const bins = new Array<number>(10).fill(0);
  for (const x of xs) bins[Math.floor(x * 10)]!++;
  // Each bin ~ Binomial(1e5, 0.1): s.d. ≈ 95; 5 s.d.
  for (const b of bins) assert.ok(Math.abs(b - 10_000) < 475, `bin ${b}`);
});

test('issuing another stream does not change the draws of the first (adding an entity reshuffles nothing)', () => {
  const alone = new StreamFactory(9, 3);
  const a1 = alone.stream('servers/0/service');
  const expected = draws(a1, 50);

  const crowded = new StreamFactory(9, 3);
  const other = crowded.stream('servers/1/service'); // a new entity issued first
  draws(other, 17); // and drawn from, interleaved
  const a2 = crowded.stream('servers/0/service');
  const got: number[] = [];
  for (let i = 0; i < 50; i++) {
    got.push(a2.next());
    other.next();
  }
  assert.deepEqual(got, expected);
});

test('StreamFactory refuses to issue the same path twice', () => {
  const f = new StreamFactory(1, 0);
  f.stream('director/scheduler');
  assert.throws(() => f.stream('director/scheduler'), /already issued/);
  assert.doesNotThrow(() => f.stream('director/scheduler/2'));
  assert.equal(f.stream('x').path, 'x');
});

test('draw for draw the same numbers as seedrandom\'s alea (the published generator), for seeds of every length', () => {
  const paths = ['', 'x', 'server-0/backend-latency', 'group-3/arrivals', 'é/ünïcode/路径', 'a'.repeat(300)];
  for (const seed of [0, 1, 42, 2 ** 31]) {
    for (const replication of [0, 7]) {
      for (const path of paths) {
        const reference = seedrandom.alea(streamSeed(seed, replication, path));
        const ours = makeStream(seed, replication, path);
        for (let i = 0; i < 2_000; i++) assert.equal(ours.next(), reference(), `seed ${seed}, replication ${replication}, path "${path}", draw ${i}`);
      }
    }
  }
});

test('streams of one factory keep their own state in shared slots', () => {
  const factory = new StreamFactory(5, 1);
  const streams = Array.from({ length: 300 }, (_, k) => factory.stream(`s/${k}`));
  const references = streams.map((s) => seedrandom.alea(streamSeed(5, 1, s.path)));
  for (let i = 0; i < 50; i++) {
    for (let k = streams.length - 1; k >= 0; k -= 1 + (i % 3)) assert.equal(streams[k]!.next(), references[k]!());
  }
});
