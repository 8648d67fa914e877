import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { FcfsResource, type ResourceSnapshot } from '../../sim/engine/resource.js';
import { Simulator } from '../../sim/engine/simulator.js';

/**
 * A plain reference FCFS queue (one object per job, a JS array for the waiting line, unshift for
 * urgent jobs), integrated the same way, to check FcfsResource's flat layout against.
 */
class ReferenceFcfs {
  private busy = 0;
  private readonly line: { ns: number; done: (a: unknown) => void; arg: unknown }[] = [];
  private last = 0;
  private busyIntegral = 0;
  private queueIntegral = 0;
  maxQueue = 0;
  served = 0;
  dropped = 0;
  work = 0;
  constructor(private readonly sim: Simulator, private readonly servers: number, private readonly limit: number) {}
  private accrue(): void {
    const dt = this.sim.nowNs - this.last;
    this.busyIntegral += this.busy * dt;
    this.queueIntegral += this.line.length * dt;
    this.last = this.sim.nowNs;
  }
  submit(ns: number, done: (a: unknown) => void, arg: unknown, urgent: boolean): boolean {
    if (this.busy >= this.servers && this.line.length >= this.limit) {
      this.dropped++;
      return false;
    }
    this.accrue();
    if (this.busy < this.servers) {
      this.busy++;
      this.sim.post(ns, this.finish, { ns, done, arg });
      return true;
    }
    if (urgent) this.line.unshift({ ns, done, arg });
    else this.line.push({ ns, done, arg });
    this.maxQueue = Math.max(this.maxQueue, this.line.length);
    return true;
  }
  private readonly finish = (job: { ns: number; done: (a: unknown) => void; arg: unknown }): void => {
    this.accrue();
    this.served++;
    this.work += job.ns;
    const next = this.line.shift();
    if (next !== undefined) this.sim.post(next.ns, this.finish, next);
    else this.busy--;
    job.done(job.arg);
  };
  integrals(): [number, number] {
    this.accrue();
    return [this.busyIntegral, this.queueIntegral];
  }
}

interface Op { readonly atNs: number; readonly ns: number; readonly urgent: boolean; readonly followUp: boolean }

function runBoth(servers: number, limit: number, ops: readonly Op[]): { flat: string[]; ref: string[]; snap: ResourceSnapshot; refQ: ReferenceFcfs; refInt: [number, number]; endNs: number } {
  const out = (kind: 'flat' | 'ref') => {
    const sim = new Simulator();
    const flat = new FcfsResource(sim, 'cpu', 'n', 'cpu', servers, limit);
    // A twin in the same simulator (so the same arena) given the same jobs: ranges must not overlap.
    const twin = new FcfsResource(sim, 'cpu2', 'n', 'cpu', servers, limit);
    const twinLog: string[] = [];
    const ref = new ReferenceFcfs(sim, servers, limit);
    const log: string[] = [];
    const submit = (ns: number, name: string, urgent: boolean, followUp: boolean, into: FcfsResource | null, to: string[]): void => {
      const done = (a: unknown): void => {
        to.push(`${a as string}@${sim.nowNs}`);
        // A job whose completion submits another (as a softirq job hands on to the application).
        if (followUp) submit(1 + (ns % 3), `${name}+`, !urgent, false, into, to);
      };
      const ok = into !== null
        ? (urgent ? into.submitUrgent(ns, done, name) : into.submit(ns, done, name))
        : ref.submit(ns, done, name, urgent);
      to.push(`${name}:${ok ? 'in' : 'refused'}@${sim.nowNs}`);
    };
    ops.forEach((op, k) => sim.schedule(op.atNs, () => {
      submit(op.ns, `j${k}`, op.urgent, op.followUp, kind === 'flat' ? flat : null, log);
      if (kind === 'flat') submit(op.ns, `j${k}`, op.urgent, op.followUp, twin, twinLog);
    }));
    sim.run();
    if (kind === 'flat') assert.deepEqual(twinLog, log);
    return { log, snap: flat.snapshot(), ref, endNs: sim.nowNs };
  };
  const a = out('flat');
  const b = out('ref');
  return { flat: a.log, ref: b.log, snap: a.snap, refQ: b.ref, refInt: b.ref.integrals(), endNs: b.endNs };
}

it('FcfsResource serves, refuses and integrates like a reference queue, urgent jobs and growth included', () => {
  const opArb = fc.record({
    atNs: fc.integer({ min: 0, max: 40 }),
    ns: fc.integer({ min: 0, max: 12 }),
    urgent: fc.boolean(),
    followUp: fc.boolean(),
  });
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 20 }),
    fc.constantFrom(0, 1, 3, Number.POSITIVE_INFINITY),
    fc.array(opArb, { minLength: 1, maxLength: 60 }),
    (servers, limit, ops) => {
      const r = runBoth(servers, limit, ops);
      assert.deepEqual(r.flat, r.ref);
      assert.equal(r.snap.served, r.refQ.served);
      assert.equal(r.snap.dropped, r.refQ.dropped);
      assert.equal(r.snap.maxQueue, r.refQ.maxQueue);
      assert.equal(r.snap.work, r.refQ.work);
      const [busy, queue] = r.refInt;
      assert.equal(r.snap.utilization, r.endNs > 0 ? busy / (r.endNs * servers) : 0);
      assert.equal(r.snap.meanQueue, r.endNs > 0 ? queue / r.endNs : 0);
    },
  ), { numRuns: 300 });
});

it('FcfsResource keeps the waiting line in order across ring growth with urgent jobs at the head', () => {
  const sim = new Simulator();
  const cpu = new FcfsResource(sim, 'cpu', 'n', 'cpu', 1);
  const order: string[] = [];
  const note = (name: string): void => { order.push(name); };
  cpu.submit(5, note, 'first');
  // Enough waiting jobs to grow the ring twice, with urgent ones between them.
  const expectedTail: string[] = [];
  const urgent: string[] = [];
  for (let k = 0; k < 40; k++) {
    if (k % 7 === 3) {
      cpu.submitUrgent(1, note, `u${k}`);
      urgent.unshift(`u${k}`);
    } else {
      cpu.submit(1, note, `w${k}`);
      expectedTail.push(`w${k}`);
    }
  }
  sim.run();
  assert.deepEqual(order, ['first', ...urgent, ...expectedTail]);
  assert.equal(cpu.snapshot().maxQueue, 40);
});
