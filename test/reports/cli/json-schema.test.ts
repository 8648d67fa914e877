import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { loadScenarioValue } from '../../../sim/scenario/load-file.js';
import { SCHEMA_ID, scenarioJsonSchema } from '../../../reports/cli/commands/validate.js';
import { REPO_ROOT, lbsim } from './helpers.js';

/** `lbsim schema` is a schema editors can use: strict-valid, with unit patterns, examples and an $id. */
describe('lbsim schema', () => {
  const schema = scenarioJsonSchema();
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const validate = ajv.compile(schema);
  const scenarios = readdirSync(join(REPO_ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'));

  it('compiles under Ajv strict mode, with $id and a title', () => {
    assert.equal(schema['$id'], SCHEMA_ID);
    assert.equal(schema['title'], 'lbsim scenario');
    const printed = JSON.parse(lbsim(['schema']).stdout) as Record<string, unknown>;
    assert.deepEqual(printed, JSON.parse(JSON.stringify(schema)));
  });

  it('accepts every shipped scenario, and a $schema key', () => {
    for (const f of scenarios) {
      const value = loadScenarioValue(join(REPO_ROOT, 'scenarios', f)) as Record<string, unknown>;
      assert.ok(validate(value), `${f}: ${JSON.stringify(validate.errors)}`);
      assert.ok(validate({ $schema: SCHEMA_ID, ...value }), `${f} with $schema`);
    }
  });

  it('unit fields carry patterns: "40 Gbit" and a bare 40 are refused for a rate, "5μs" accepted for a duration', () => {
    const base = loadScenarioValue(join(REPO_ROOT, 'scenarios', scenarios[0]!)) as Record<string, any>;
    const withNic = (nic: unknown) => ({ ...base, topology: { ...base.topology, frontEnd: { ...(base.topology?.frontEnd ?? {}), nic } } });
    assert.equal(validate(withNic('40 Gbit')), false);
    assert.equal(validate(withNic(40)), false);
    assert.equal(validate(withNic('40Gbps')), true);
    assert.equal(validate({ ...base, topology: { ...base.topology, lanDelay: '5μs' } }), true);
    const text = JSON.stringify(schema);
    assert.match(text, /"examples":\["100Mbps","10Gbps","40Gbps"\]/);
  });

  it('gives every number a minimum and a maximum (or a fixed value), costs included', () => {
    const unbounded: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if ((n['type'] === 'number' || n['type'] === 'integer') && n['const'] === undefined) {
        const low = n['minimum'] !== undefined || n['exclusiveMinimum'] !== undefined;
        const high = n['maximum'] !== undefined || n['exclusiveMaximum'] !== undefined;
        if (!low || !high) unbounded.push(path);
      }
      for (const [k, v] of Object.entries(n)) walk(v, `${path}/${k}`);
    };
    walk(schema, '');
    assert.deepEqual(unbounded, []);
    const costs = JSON.stringify((schema['properties'] as Record<string, unknown>)['costs']);
    assert.match(costs, /"quickAcks":\{"type":"integer","minimum":0,"maximum":16/);
  });
});
