import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

it('run.maxRequests caps closed-loop sessions too, and the run drains', () => {
  const scenario = parseScenario({
    name: 'cap', description: 'closed loop with a cap', modes: ['lvs-dr'],
    run: { duration: '3600s', warmup: '0s', maxRequests: 500 },
    workload: { groups: [{ name: 'g', clients: 20, arrival: { kind: 'closed', think: { kind: 'constant', value: '1ms' } } }] },
  }, 'cap');
  const r = runScenario(scenario, { mode: 'lvs-dr' });
  assert.equal(r.requests.issued, 500);
  assert.equal(r.requests.completed, 500);
  assert.ok(r.simulatedSeconds < 10, 'stopped once drained, not at the hour');
});
