import { newPlacement, type PlacementDraft } from '../lib/draft';
import { ApiKeyPlacementRow } from './ApiKeyPlacementRow';

/** One or more places an API key goes (some APIs want two headers, e.g. a key and an application key). */
export function ApiKeyFields(props: { placements: PlacementDraft[]; onChange: (placements: PlacementDraft[]) => void }) {
  const update = (id: string, patch: Partial<PlacementDraft>) =>
    props.onChange(props.placements.map((p) => (p.id === id ? { ...p, ...patch } : p)));
  return (
    <div className="placements">
      {props.placements.map((p, i) => (
        <ApiKeyPlacementRow
          key={p.id}
          index={i}
          placement={p}
          onChange={(patch) => update(p.id, patch)}
          onRemove={props.placements.length > 1 ? () => props.onChange(props.placements.filter((q) => q.id !== p.id)) : null}
        />
      ))}
      <button type="button" className="btn btn-small" onClick={() => props.onChange([...props.placements, newPlacement()])}>
        Add another key
      </button>
    </div>
  );
}
