import type { SlotState } from '../../lib/import-preview';
import { slotLabel } from '../../lib/slot-label';
import { SecretInput } from '../SecretInput';

/**
 * The secrets an import needs: the ones its source holds, masked (never shown, sent straight to the keychain on
 * Create), and a write-only input for each one it lacks. `source` names where they came from ("the command").
 */
export function ImportSecrets(props: { slots: SlotState[]; source: string }) {
  if (props.slots.length === 0) return <p className="hint">No secret: this profile authenticates without a stored secret.</p>;
  const found = props.slots.filter((s) => s.found);
  const missing = props.slots.filter((s) => !s.found);
  return (
    <fieldset className="import-secrets">
      <legend>Secrets</legend>
      {found.length > 0 && (
        <>
          <p className="field-hint">Found in {props.source}. They go straight to your OS keychain when you create the profile.</p>
          <ul className="masked-list" aria-label="Secrets found">
            {found.map((s) => (
              <li key={s.slot}>
                <span className="secret-label">{slotLabel(s.label)}</span>
                {s.found === 'empty' ? <span className="masked">(empty)</span> : <span className="masked" aria-label="hidden value">••••</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {missing.map((s) => (
        <SecretInput key={s.slot} slot={s.slot} label={slotLabel(s.label)} hint={`Not in ${props.source}: enter it here.`} />
      ))}
    </fieldset>
  );
}
