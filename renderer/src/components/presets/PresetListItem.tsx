import type { Preset } from '../../../../shared/presets';
import { initialParams } from '../../lib/preset-form';
import { SchemeBadge } from '../SchemeBadge';
import { PresetLinks } from './PresetLinks';

/** One provider in the list: a button that picks it (name, scheme, client type, description) and its two links. */
export function PresetListItem(props: { preset: Preset; selected: boolean; onSelect: () => void }) {
  const p = props.preset;
  return (
    <li className="preset-item">
      <button type="button" className="preset-option" aria-current={props.selected ? 'true' : undefined} onClick={props.onSelect}>
        <span className="preset-option-head">
          <span className="preset-name">{p.name}</span>
          <SchemeBadge scheme={p.auth.scheme} />
          <span className="preset-client">{p.clientType} client</span>
          {p.endOfLife && <span className="badge badge-eol">End of life</span>}
        </span>
        <span className="preset-description">{p.description}</span>
      </button>
      <PresetLinks preset={p} params={initialParams(p)} />
    </li>
  );
}
