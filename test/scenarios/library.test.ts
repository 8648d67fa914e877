import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { runScenario } from '../../sim/run.js';
import { loadScenarioFile } from '../../sim/scenario/load-file.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { toNs } from '../../sim/scenario/quantities.js';

/**
 * Every file in scenarios/ (whatever is there) validates and runs each of its modes, shrunk to a
 * fraction of a second so the whole library stays cheap: 0.3 s simulated, at most 200 clients per
 * group, 50,000 req/s per open-loop group and 16 servers; fault times scaled into the short run.
 * Requests are conserved: issued = completed + failed + timedOut + inFlight.
 */
const DIR = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const FILES = readdirSync(DIR).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
const DURATION_S = 0.3;
const WARMUP_S = 0.05;
const MAX_CLIENTS = 200;
const MAX_RATE = 50_000;
const MAX_SERVERS = 16;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' ? (v as Obj) : {});

/** The raw scenario, made small: every edit keeps it valid (fault targets stay in range). */
function shrink(raw: Obj): Obj {
  const out = structuredClone(raw);
  const run = obj(out.run);
  const durationS = toNs((run.duration as string | number | undefined) ?? '10s') / 1e9;
  out.run = { ...run, duration: `${DURATION_S}s`, warmup: `${WARMUP_S}s`, ...(run.timelineInterval !== undefined ? { timelineInterval: '0.05s' } : {}) };
  delete (out.run as Obj).maxRequests;
  for (const g of (obj(out.workload).groups as Obj[] | undefined) ?? []) {
    g.clients = Math.min(g.clients as number, MAX_CLIENTS);
    const arrival = obj(g.arrival);
    if (arrival.kind === 'poisson') arrival.rate = Math.min(arrival.rate as number, MAX_RATE);
    if (arrival.rampUp !== undefined) arrival.rampUp = `${WARMUP_S}s`;
  }
  const faults = (out.faults as Obj[] | undefined) ?? [];
  const scale = (t: string | number) => `${((toNs(t) / 1e9) * DURATION_S) / durationS}s`;
  for (const f of faults) {
    f.at = scale(f.at as string | number);
    if (f.recoverAt !== undefined) f.recoverAt = scale(f.recoverAt as string | number);
  }
  const servers = obj(obj(out.topology).servers);
  const count = servers.count as number | undefined;
  if (count !== undefined && count > MAX_SERVERS && servers.weights === undefined) {
    const needed = Math.max(0, ...faults.map((f) => /^server-(\d+)$/.exec(String(f.target))).filter((m) => m !== null).map((m) => Number(m[1]) + 1));
    servers.count = Math.max(MAX_SERVERS, needed);
  }
  return out;
}

describe('scenario library', () => {
  it('has scenarios', () => assert.ok(FILES.length > 0, `no scenario files in ${DIR}`));
  for (const file of FILES) {
    describe(file, () => {
      const path = `${DIR}${file}`;
      it('validates as written', () => {
        const s = loadScenarioFile(path);
        assert.ok(s.modes.length > 0);
      });
      const raw = obj(file.endsWith('.json') ? JSON.parse(readFileSync(path, 'utf8')) : parseYaml(readFileSync(path, 'utf8')));
      const small = parseScenario(shrink(raw), `${file} (shrunk)`);
      for (const mode of small.modes) {
        it(`runs ${mode} shrunk, conserving requests`, () => {
          const r = runScenario(small, { mode });
          const q = r.requests;
          assert.ok(q.issued > 0, 'issued some requests');
          assert.equal(q.issued, q.completed + q.failed + q.timedOut + q.inFlight, JSON.stringify(q));
          assert.ok(r.events > 0);
        });
      }
    });
  }
});
