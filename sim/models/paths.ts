import type { Leg, ModePath } from '../modes/path-spec.js';

/**
 * The six concrete paths of a mode, derived from its table row: the request and response paths,
 * and the handshakes of each TCP connection (a connection's SYN follows the request-direction
 * legs of that connection, its SYN-ACK the response-direction ones).
 */
export const PATH_KINDS = ['request', 'response', 'syn0', 'synAck0', 'syn1', 'synAck1'] as const;
export type PathKind = (typeof PATH_KINDS)[number];

export interface Path {
  readonly kind: PathKind;
  /** Small integer identifying the path inside one world (index into stage caches). */
  readonly id: number;
  readonly legs: readonly Leg[];
}

export function derivePaths(mode: ModePath): Readonly<Record<PathKind, Path>> {
  const legsOf: Record<PathKind, readonly Leg[]> = {
    request: mode.request,
    response: mode.response,
    syn0: mode.request.filter((l) => l.conn === 0),
    synAck0: mode.response.filter((l) => l.conn === 0),
    syn1: mode.request.filter((l) => l.conn === 1),
    synAck1: mode.response.filter((l) => l.conn === 1),
  };
  const out = {} as Record<PathKind, Path>;
  PATH_KINDS.forEach((kind, id) => {
    out[kind] = { kind, id, legs: legsOf[kind] };
  });
  return out;
}
