import type { Preset } from '../../../../shared/presets';
import { presetUrl } from '../../lib/preset-form';

/**
 * "Create keys" and "Docs" for a provider, opened in the system browser. A link that depends on a region uses the
 * values chosen so far (the first region until one is chosen).
 */
export function PresetLinks(props: { preset: Preset; params: Record<string, string> }) {
  const keys = presetUrl(props.preset, props.preset.keysUrl, props.params);
  const name = props.preset.name;
  return (
    <span className="preset-links">
      {keys && (
        <a href={keys} target="_blank" rel="noreferrer" aria-label={`Create keys for ${name} (opens your browser)`}>
          Create keys
        </a>
      )}
      <a href={props.preset.docs} target="_blank" rel="noreferrer" aria-label={`Docs for ${name} (opens your browser)`}>
        Docs
      </a>
    </span>
  );
}
