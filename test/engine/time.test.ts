import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnitError, formatNs, parseDurationNs, parseRateBps, parseSizeBytes, transmitNs } from '../../sim/engine/time.js';

test('durations parse to integer ns in every unit', () => {
  assert.equal(parseDurationNs('250us'), 250_000);
  assert.equal(parseDurationNs('250µs'), 250_000);
  assert.equal(parseDurationNs('2ms'), 2_000_000);
  assert.equal(parseDurationNs('1.5s'), 1_500_000_000);
  assert.equal(parseDurationNs('7ns'), 7);
  assert.equal(parseDurationNs('2min'), 120e9);
  assert.equal(parseDurationNs('1h'), 3600e9);
  assert.equal(parseDurationNs(' 10 ms '), 10_000_000);
  assert.equal(parseDurationNs('1e3us'), 1_000_000);
  assert.equal(parseDurationNs('.5ms'), 500_000);
});

test('durations round to the nearest ns', () => {
  assert.equal(parseDurationNs('1.4ns'), 1);
  assert.equal(parseDurationNs('1.6ns'), 2);
  assert.equal(parseDurationNs('0.0001us'), 0);
  assert.ok(Number.isInteger(parseDurationNs('0.333333ms')));
});

test('bad durations are refused with the allowed units in the message', () => {
  assert.throws(() => parseDurationNs('10'), UnitError, 'a duration needs a unit');
  assert.throws(() => parseDurationNs('10 parsecs'), /unknown duration unit "parsecs".*allowed: ns, us/);
  assert.throws(() => parseDurationNs('10Ms'), UnitError, 'units are case-sensitive: Ms is not ms');
  assert.throws(() => parseDurationNs('ms'), UnitError);
  assert.throws(() => parseDurationNs('1..2ms'), UnitError);
  assert.throws(() => parseDurationNs('10Gbps'), UnitError, 'a rate is not a duration');
});

test('rates are bits per second with SI prefixes', () => {
  assert.equal(parseRateBps('10Gbps'), 1e10);
  assert.equal(parseRateBps('100Mbps'), 1e8);
  assert.equal(parseRateBps('2.5Gbps'), 2.5e9);
  assert.equal(parseRateBps('56kbps'), 56_000);
  assert.equal(parseRateBps('1Tbps'), 1e12);
  assert.throws(() => parseRateBps('10GBps'), UnitError, 'bytes per second is not an accepted rate unit');
  assert.throws(() => parseRateBps('10'), UnitError);
});

test('sizes: SI and IEC prefixes differ on purpose; a bare number is bytes', () => {
  assert.equal(parseSizeBytes('64KiB'), 65_536);
  assert.equal(parseSizeBytes('64KB'), 64_000);
  assert.equal(parseSizeBytes('64kB'), 64_000);
  assert.equal(parseSizeBytes('1MiB'), 1_048_576);
  assert.equal(parseSizeBytes('1MB'), 1_000_000);
  assert.equal(parseSizeBytes('1GiB'), 2 ** 30);
  assert.equal(parseSizeBytes('1500'), 1500);
  assert.equal(parseSizeBytes('1500B'), 1500);
  assert.throws(() => parseSizeBytes('64Kib'), UnitError);
  assert.throws(() => parseSizeBytes('64 kilobytes'), UnitError);
});

test('transmitNs: exact when the division is exact, rounded up otherwise', () => {
  assert.equal(transmitNs(1500, 1e9), 12_000);
  assert.equal(transmitNs(1500, parseRateBps('10Gbps')), 1_200);
  assert.equal(transmitNs(1538, 1e10), 1231); // 1230.4 → 1231: never before the last bit
  assert.equal(transmitNs(1, 3e9), 3); // 2.67 ns → 3
  assert.equal(transmitNs(0, 1e9), 0);
  assert.equal(transmitNs(parseSizeBytes('64KiB'), 1e9), 524_288);
  for (const size of [1, 40, 78, 1500, 9000, 65536]) {
    for (const rate of [1e6, 1e8, 1e9, 2.5e9, 1e10, 4e10]) {
      const t = transmitNs(size, rate);
      assert.ok(Number.isInteger(t));
      // Never early, and less than one ns late.
      assert.ok(t * rate >= size * 8 * 1e9 - 1e-6 * rate && (t - 1) * rate < size * 8 * 1e9, `${size} B at ${rate}`);
    }
  }
});

test('formatNs picks a readable unit', () => {
  assert.equal(formatNs(999), '999ns');
  assert.equal(formatNs(250_000), '250.000us');
  assert.equal(formatNs(2_500_000), '2.500ms');
  assert.equal(formatNs(3e9), '3.000s');
});
