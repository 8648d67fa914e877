import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSlo, parseSlo } from '../../../reports/capacity/slo.js';
import type { RunResult } from '../../../sim/result.js';

describe('--slo', () => {
  it('reads latency bounds with units and an error percentage', () => {
    assert.deepEqual(parseSlo('p99=50ms,errors=0.1%'), { text: 'p99=50ms,errors=0.1%', latencyMs: { p99: 50 }, maxErrorRatio: 0.001 });
    assert.deepEqual(parseSlo('p50=500us, p999=1s').latencyMs, { p50: 0.5, p999: 1000 });
  });
  it('rejects malformed bounds with the reason', () => {
    const cases: [string, RegExp][] = [['p99=fast', /not a duration/], ['p99=50', /has no unit/], ['p95=5ms', /unknown key "p95"/], ['errors=1', /not a percentage/],
      ['errors=150%', /over 100%/], ['p99=', /has no value/], ['p99=0ms', /positive/], ['', /at least one bound/], ['p99=1ms,p99=2ms', /given twice/]];
    for (const [text, error] of cases) assert.throws(() => parseSlo(text), error, text);
  });
  it('checks a result: every bound at or under, errors counted over issued', () => {
    const result = (p99: number, failed: number, inFlight = 0, censoredP99 = false) => ({
      requests: { issued: 1000, completed: 1000 - failed - inFlight, failed, timedOut: 0, inFlight, unfinished: inFlight, retried: 0 },
      latencyMs: { mean: 1, p50: 1, p90: 2, p99, p999: 9, max: 10, censoredFraction: (failed + inFlight) / 1000, censored: { mean: false, p50: false, p90: false, p99: censoredP99, p999: false, max: false } },
    }) as unknown as RunResult;
    const slo = parseSlo('p99=5ms,errors=0.1%');
    assert.equal(checkSlo(result(5, 1), slo).meets, true);
    assert.deepEqual(checkSlo(result(5.01, 2), slo).violations, ['p99 5.01 ms > 5 ms', 'errors 0.200 % > 0.1 %']);
    assert.equal(checkSlo(result(1, 0, 100), parseSlo('errors=1%')).meets, true, 'a backlog of 10 % is still tolerated');
    assert.deepEqual(checkSlo(result(1, 0, 101), parseSlo('errors=1%')).violations, ['overloaded: 10.1 % of requests unfinished at the end']);
    // A censored p99 is only a lower bound: under the bound, it still does not meet it.
    assert.equal(checkSlo(result(4, 0, 20, true), slo).meets, false);
    assert.match(checkSlo(result(4, 0, 20, true), slo).violations[0]!, /^p99 > 4\.00 ms is censored/);
  });
});
