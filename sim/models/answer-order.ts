/**
 * The order of the addresses in a DNS answer, which decides the server a stub connects to
 * (docs/failure.md §5, docs/sources.md §5).
 *
 * BIND 9.18 and 9.20 ship `rrset-order { order random; }` as their default. Their "random" draws
 * one 32-bit number r per answer and walks the records once, swapping position i with position
 * i + (r mod (n − i)): a Fisher–Yates walk that reuses the same number at every step, so not every
 * permutation is equally likely, but the first address, records[r mod n], is uniform over the
 * records. (BIND 9.21 makes "random" an alias of "cyclic".)
 *
 * glibc's getaddrinfo sorts the addresses by RFC 6724's destination rules; between IPv4 addresses
 * only rule 9 (longest matching prefix, within the source's own prefix) can tell them apart, so an
 * address on the client's own subnet moves to the front and the others keep the order DNS gave
 * (the sort is stable on the original position).
 */
export function bindRandomOrder(records: readonly number[], r: number): number[] {
  const out = [...records];
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const j = i + ((r >>> 0) % (n - i));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/** RFC 6724 as glibc applies it to IPv4 answers: the addresses on the client's subnet first, then the rest, each in the given order. */
export function rfc6724Order(ordered: readonly number[], sameSubnet: ReadonlySet<number>): number[] {
  if (sameSubnet.size === 0) return [...ordered];
  return [...ordered.filter((a) => sameSubnet.has(a)), ...ordered.filter((a) => !sameSubnet.has(a))];
}
