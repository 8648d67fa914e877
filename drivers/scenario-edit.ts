/**
 * Edits of a raw scenario input (the object the schema reads) by field path, so a sweep point or a
 * capacity probe is "the scenario file with these fields set", validated again afterwards.
 */
export type PathSegment = string | number;

/** One field to set: path segments and the raw value (as a scenario file would give it). */
export interface ScenarioEdit {
  readonly path: readonly PathSegment[];
  readonly value: unknown;
}

/** ["a", "b", 0, "c"] → "a.b[0].c" (the form used in messages). */
export function formatSegments(segments: readonly PathSegment[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/**
 * A copy of `raw` with `value` at `segments`: missing objects on the way are created (an absent
 * optional section such as `dns`); list indexes must exist, since a list element cannot be made
 * up. Throws a plain Error describing the problem.
 */
export function setAtPath(raw: unknown, segments: readonly PathSegment[], value: unknown): unknown {
  const root = structuredClone(raw) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (typeof segment === 'number') {
      if (!Array.isArray(node)) throw new Error(`${formatSegments(segments.slice(0, i))} is not a list in this scenario`);
      if (segment >= node.length) throw new Error(`${formatSegments(segments.slice(0, i + 1))} does not exist: the scenario's list has ${node.length} element${node.length === 1 ? '' : 's'}`);
    } else if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      throw new Error(`${formatSegments(segments.slice(0, i))} is not an object in this scenario`);
    }
    if (last) {
      node[segment] = value;
    } else {
      if (node[segment] === undefined) node[segment] = typeof segments[i + 1] === 'number' ? [] : {};
      node = node[segment] as Record<string | number, unknown>;
    }
  }
  return root;
}
