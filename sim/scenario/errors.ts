/** One problem in a scenario: where (a field path like `workload.groups[0].rate`) and what. */
export interface ScenarioIssue {
  readonly path: string;
  readonly message: string;
}

/** Thrown before a run starts; lists every problem found, each with its field path. */
export class ScenarioError extends Error {
  constructor(readonly file: string, readonly issues: readonly ScenarioIssue[]) {
    super(issues.map((i) => `${file}: ${i.path === '' ? '(top level)' : i.path}: ${i.message}`).join('\n'));
    this.name = 'ScenarioError';
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
