import { emptyHeader, headerField, type HeaderRow } from '../lib/header-rows';

/**
 * Key/value rows for headers, with add and remove: a request's headers by default, or a profile's (with its own
 * legend and empty-state hint).
 */
export function HeaderRows(props: { rows: HeaderRow[]; onChange: (rows: HeaderRow[]) => void; legend?: string; emptyHint?: string }) {
  const update = (id: string, patch: Partial<HeaderRow>) => props.onChange(props.rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <fieldset className="header-rows">
      <legend>{props.legend ?? 'Headers'}</legend>
      {props.rows.length === 0 && <p className="hint">{props.emptyHint ?? 'No extra headers. The profile adds its own auth headers and its headers when sending.'}</p>}
      {props.rows.map((r, i) => (
        <div className="header-row" key={r.id}>
          <input
            aria-label={`Header ${i + 1} name`}
            data-field={headerField(i, 'name')}
            placeholder="Name"
            value={r.name}
            onChange={(e) => update(r.id, { name: e.target.value })}
            spellCheck={false}
          />
          <input
            aria-label={`Header ${i + 1} value`}
            data-field={headerField(i, 'value')}
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
