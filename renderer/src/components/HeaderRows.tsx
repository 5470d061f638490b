import { newId } from '../lib/ids';

/** One editable request header; `id` keys the row. */
export interface HeaderRow {
  id: string;
  name: string;
  value: string;
}

/** An empty header row. */
export const emptyHeader = (): HeaderRow => ({ id: newId(), name: '', value: '' });

/** Key/value rows for request headers, with add and remove. */
export function HeaderRows(props: { rows: HeaderRow[]; onChange: (rows: HeaderRow[]) => void }) {
  const update = (id: string, patch: Partial<HeaderRow>) => props.onChange(props.rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <fieldset className="header-rows">
      <legend>Headers</legend>
      {props.rows.length === 0 && <p className="hint">No extra headers. The profile adds its own auth headers when sending.</p>}
      {props.rows.map((r, i) => (
        <div className="header-row" key={r.id}>
          <input
            aria-label={`Header ${i + 1} name`}
            placeholder="Name"
            value={r.name}
            onChange={(e) => update(r.id, { name: e.target.value })}
            spellCheck={false}
          />
          <input
            aria-label={`Header ${i + 1} value`}
            placeholder="Value"
            value={r.value}
            onChange={(e) => update(r.id, { value: e.target.value })}
            spellCheck={false}
          />
          <button
            type="button"
            className="btn btn-small btn-icon"
            aria-label={`Remove header ${i + 1}`}
            onClick={() => props.onChange(props.rows.filter((q) => q.id !== r.id))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => props.onChange([...props.rows, emptyHeader()])}>
        Add header
      </button>
    </fieldset>
  );
}
