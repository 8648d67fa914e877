/** A problem with what the user asked for: printed as one line, exit code 2, nothing written. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Bad input whose details were already printed (validate's per-file lines); exit 2 with this summary. */
export class ReportedError extends UsageError {
  override name = 'ReportedError';
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
