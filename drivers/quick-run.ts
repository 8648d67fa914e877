import { setAtPath } from './scenario-edit.js';

/**
 * The quick run `lbsim explain`, the guide and the playground use: a scenario's own input with its
 * run shortened, so one mode takes a second or two. Pure (no file system), so the browser uses it too.
 */
export const QUICK_RUN = { warmup: '0.3s', duration: '1.3s' } as const;

export function quickRaw(raw: unknown): unknown {
  let out = setAtPath(raw, ['run', 'warmup'], QUICK_RUN.warmup);
  out = setAtPath(out, ['run', 'duration'], QUICK_RUN.duration);
  return setAtPath(out, ['run', 'replications'], 1);
}
