import { useId } from 'react';
import { placementNameField, type PlacementDraft } from '../lib/draft';
import { SecretInput } from './SecretInput';

const places = [
  { value: 'header', label: 'Header' },
  { value: 'query', label: 'Query parameter' },
  { value: 'cookie', label: 'Cookie' },
] as const;

/** One API key placement: where it goes, under which name, an optional prefix, and the key (a secret). */
export function ApiKeyPlacementRow(props: {
  index: number;
  placement: PlacementDraft;
  onChange: (patch: Partial<PlacementDraft>) => void;
  onRemove: (() => void) | null;
}) {
  const id = useId();
  const p = props.placement;
  return (
    <fieldset className="placement">
      <legend>Key {props.index + 1}</legend>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-in`}>Send in</label>
          <select id={`${id}-in`} value={p.in} onChange={(e) => props.onChange({ in: e.target.value as PlacementDraft['in'] })}>
            {places.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor={`${id}-name`}>{places.find((o) => o.value === p.in)?.label ?? 'Header'} name</label>
          <input
            id={`${id}-name`}
            data-field={placementNameField(props.index)}
            value={p.name}
            onChange={(e) => props.onChange({ name: e.target.value })}
            required
            spellCheck={false}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-prefix`}>Prefix (optional)</label>
          <input
            id={`${id}-prefix`}
            value={p.prefix}
            onChange={(e) => props.onChange({ prefix: e.target.value })}
            placeholder="e.g. Token"
            spellCheck={false}
          />
        </div>
      </div>
      <SecretInput slot={`key${props.index}`} label={`Key ${props.index + 1} value`} required />
      {props.onRemove && (
        <button type="button" className="btn btn-small btn-ghost-dark" onClick={props.onRemove}>
          Remove key {props.index + 1}
        </button>
      )}
    </fieldset>
  );
}
