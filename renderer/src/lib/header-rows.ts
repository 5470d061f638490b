import type { HeaderPair } from '../../../shared/request';
import { newId } from './ids';

/** One editable header row of a form (a request's headers, a profile's headers); `id` keys the row. */
export interface HeaderRow {
  id: string;
  name: string;
  value: string;
}

/** An empty header row. */
export const emptyHeader = (): HeaderRow => ({ id: newId(), name: '', value: '' });

/** Editable rows for header pairs, in order. */
export function headerRowsOf(pairs: readonly HeaderPair[]): HeaderRow[] {
  return pairs.map(([name, value]) => ({ id: newId(), name, value }));
}

/** The header pairs of the rows that have a name, name and value trimmed (RFC 9110 §5.5: edge whitespace is not part of a value). */
export function headerPairsOf(rows: readonly HeaderRow[]): HeaderPair[] {
  return rows.filter((r) => r.name.trim() !== '').map((r) => [r.name.trim(), r.value.trim()]);
}

/** The `data-field` of header row `index`'s name or value input (0-based), so a problem there can focus it (lib/problem). */
export const headerField = (index: number, part: 'name' | 'value'): string => `header${index}${part === 'name' ? 'Name' : 'Value'}`;
