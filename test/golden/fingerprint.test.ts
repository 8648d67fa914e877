import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { it } from 'node:test';
import { MODES } from '../../sim/result.js';
import { runScenario } from '../../sim/run.js';
import { parseScenario } from '../../sim/scenario/load.js';

/**
 * Golden fingerprints (OMNeT++ style): a hash of each mode's whole RunResult on a small fixed
 * scenario. Any change in model behaviour, however small, changes a fingerprint; when the change
 * is intended, regenerate with `npm run build && UPDATE_GOLDEN=1 node --test dist/test/golden/`
 * and say why in the commit.
 */
const GOLDEN = new URL('../../../test/golden/fingerprints.json', import.meta.url);

function fingerprints(): Record<string, string> {
  const scenario = parseScenario({
    name: 'golden',
    description: 'small fixed workload for fingerprints',
    run: { duration: '0.4s', warmup: '0.1s', seed: 11 },
    workload: {
      groups: [
        { name: 'a', clients: 40, arrival: { kind: 'poisson', rate: 3000 }, requestsPerConnection: 3, resolver: 'r' },
        { name: 'b', clients: 10, arrival: { kind: 'closed', think: { kind: 'exponential', mean: '5ms' } }, mix: { PUT: 1 }, resolver: 'r' },
      ],
    },
    topology: { servers: { count: 3 } },
    dns: { ttl: '0.1s', resolvers: [{ name: 'r' }] },
    registry: { refresh: '50ms' },
  }, 'golden');
  const out: Record<string, string> = {};
  for (const mode of MODES) out[mode] = createHash('sha256').update(JSON.stringify(runScenario(scenario, { mode }))).digest('hex').slice(0, 16);
  return out;
}

it('each mode\'s result matches its golden fingerprint', () => {
  const now = fingerprints();
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(now, null, 2)}\n`);
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, string>;
  assert.deepEqual(now, golden, 'model behaviour changed; if intended, regenerate (see the comment above)');
});
