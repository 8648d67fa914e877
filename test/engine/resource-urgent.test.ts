import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FcfsResource } from '../../sim/engine/resource.js';
import { Simulator } from '../../sim/engine/simulator.js';

it('FcfsResource.submitUrgent jumps the waiting line but never preempts', () => {
  const sim = new Simulator();
  const cpu = new FcfsResource(sim, 'cpu', 'n', 'cpu', 1);
  const done: string[] = [];
  const note = (name: string) => done.push(`${name}@${sim.nowNs}`);
  cpu.submit(10, note, 'a'); // in service 0–10
  cpu.submit(10, note, 'b'); // waits
  cpu.submit(10, note, 'c'); // waits
  cpu.submitUrgent(1, note, 'syn'); // head of the line, after a finishes
  sim.run();
  assert.deepEqual(done, ['a@10', 'syn@11', 'b@21', 'c@31']);
  assert.equal(cpu.snapshot().maxQueue, 3);
});
