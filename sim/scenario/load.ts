import { parseDocument } from 'yaml';
import { ScenarioError, formatPath } from './errors.js';
import { normalize } from './normalize.js';
import { type ScenarioInput, scenarioSchema } from './schema.js';
import type { Scenario } from './types.js';

/**
 *   file (regular, ≤ 1 MiB) ──yaml/json──► object (no duplicate keys, no custom tags, no
 *   __proto__, ≤ 32 levels deep) ──schema──► ScenarioInput ──normalize──► Scenario (frozen)
 *
 * Any failure along the way throws ScenarioError naming the file and every bad field's path, one
 * line each; nothing is run on invalid input. Nothing here touches the file system, so the browser
 * playground validates pasted text with the same schema and messages (files: load-file.ts).
 */
const MAX_DEPTH = 32;
/** Own keys named __proto__ survive JSON.parse and YAML; spread or assigned later, they reach a prototype. */
const FORBIDDEN_KEYS = new Set(['__proto__']);

export function parseScenario(value: unknown, file = '<scenario>'): Scenario {
  const shape = checkShape(value);
  if (shape !== null) throw new ScenarioError(file, [shape]);
  const parsed = scenarioSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    throw new ScenarioError(file, parsed.error.issues.map((i) => ({
      path: formatPath(i.code === 'unrecognized_keys' ? [...i.path, ...(i.keys.length === 1 ? [i.keys[0]!] : [])] : i.path),
      message: i.code === 'unrecognized_keys' ? `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}` : describeIssue(i),
    })));
  }
  const { scenario, issues } = normalize(parsed.data as ScenarioInput);
  if (issues.length > 0) throw new ScenarioError(file, issues);
  return scenario;
}

function describeIssue(i: { code: string; message: string; input?: unknown }): string {
  const got = 'input' in i && i.input !== undefined ? ` (got ${truncate(JSON.stringify(i.input) ?? String(i.input))})` : '';
  return `${i.message}${got}`;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Keys that would reach an object's prototype, and nesting deep enough to exhaust the stack. */
function checkShape(value: unknown): { path: string; message: string } | null {
  const walk = (v: unknown, path: (string | number)[]): { path: string; message: string } | null => {
    if (typeof v !== 'object' || v === null) return null;
    if (path.length > MAX_DEPTH) return { path: formatPath(path), message: `nested more than ${MAX_DEPTH} levels deep` };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const found = walk(v[i], [...path, i]);
        if (found) return found;
      }
      return null;
    }
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) return { path: formatPath([...path, key]), message: `"${key}" is not allowed as a key` };
      const found = walk((v as Record<string, unknown>)[key], [...path, key]);
      if (found) return found;
    }
    return null;
  };
  return walk(value, []);
}

/** The first line of a parser message, without the source excerpt yaml appends. */
function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/:$/, '');
}

/**
 * Text → plain data. JSON goes through JSON.parse (strict syntax) and then the YAML parser, which
 * refuses the duplicate keys JSON.parse would silently resolve. YAML custom tags (`!!js/function`)
 * are refused, not warned about.
 */
export function parseScenarioValue(text: string, file: string): unknown {
  const json = file.endsWith('.json');
  const kind = json ? 'JSON' : 'YAML';
  if (json) {
    try {
      JSON.parse(text);
    } catch (err) {
      throw new ScenarioError(file, [{ path: '', message: `not valid JSON: ${firstLine((err as Error).message)}` }]);
    }
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) throw new ScenarioError(file, [{ path: '', message: `not valid ${kind}: ${firstLine(problem.message)}` }]);
  try {
    // Through JSON once: YAML may yield values (dates, undefined) that do not survive a thread hop or a manifest.
    return JSON.parse(JSON.stringify(doc.toJS({ maxAliasCount: 100 }) ?? null));
  } catch (err) {
    throw new ScenarioError(file, [{ path: '', message: `not valid ${kind}: ${firstLine((err as Error).message)}` }]);
  }
}

export function parseScenarioText(text: string, file: string): Scenario {
  return parseScenario(parseScenarioValue(text, file), file);
}

/** Scenario text (YAML, or JSON when `file` ends in .json) as the raw input object the schema reads. */
export const readScenarioInput = parseScenarioValue;
