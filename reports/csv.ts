import { stringify } from 'csv-stringify/sync';
import type { Table } from './tables.js';

/**
 * A table as CSV text: a header row, then one line per record, `\n` line ends, RFC 4180 quoting.
 * Numbers print as JavaScript prints them (round-trip exact through `Number()`); a missing value
 * (null, or a non-finite number) is an empty field; booleans are `true`/`false`.
 */
export function toCsv(table: Table): string {
  const header = table.columns.map((c) => c.name);
  return stringify([header, ...table.records], {
    record_delimiter: '\n',
    cast: {
      boolean: (value) => (value ? 'true' : 'false'),
      number: (value) => (Number.isFinite(value) ? String(value) : ''),
    },
  });
}
