import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ProfileView, SecretStatus } from '../../../shared/contract';
import type { AuthConfig } from '../../../shared/profile';
import { call } from '../api';
import { useAction } from '../hooks/useAction';
import { closeOnEscape, useFocusReturn } from '../hooks/useFocusReturn';
import { formatDate } from '../lib/format';
import { clearSecrets, readSlot, unsendableSecret } from '../lib/secrets';
import { slotLabel } from '../lib/slot-label';
import { ErrorAlert } from './ErrorAlert';
import { InvalidSlotContext } from './invalid-slot';
import { LiveStatus } from './LiveStatus';
import { SecretInput } from './SecretInput';

function statusText(s: SecretStatus): string {
  if (s.source === 'env') return `read from environment variable ${s.envName ?? ''}`;
  if (!s.saved) return 'not saved';
  const parts = ['saved'];
  if (s.fingerprint) parts.push(`fingerprint ${s.fingerprint}`);
  if (s.savedAt) parts.push(formatDate(s.savedAt));
  return parts.join(' · ');
}

/** What a screen reader hears after a save: "Client secret replaced (fingerprint ed714082)", never the value. */
function savedText(before: SecretStatus, after: SecretStatus | undefined): string {
  const fingerprint = after?.fingerprint ? ` (fingerprint ${after.fingerprint})` : '';
  return `${slotLabel(before.label)} ${before.saved ? 'replaced' : 'saved'}${fingerprint}`;
}

/**
 * One secret slot of a saved profile: its status (never its value) and a write-only Replace form. `companion` is a slot the
 * form replaces along with it (a key's passphrase, see replacedWith); the engine's refusal shows in the form's alert. A
 * value the profile's scheme (`auth`) could not send is refused before the engine is asked, at its input.
 */
export function SecretSlotRow(props: {
  profileId: string;
  auth: AuthConfig;
  secret: SecretStatus;
  companion: SecretStatus | null;
  onReplaced: (p: ProfileView) => void;
}) {
  const s = props.secret;
  const id = useId();
  const [invalidSlot, setInvalidSlot] = useState<string | null>(null);
  const [replacing, setReplacing] = useState(false);
  const [saved, setSaved] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const action = useAction();
  const replaceButton = useFocusReturn<HTMLButtonElement>(replacing);
  useEffect(() => {
    if (replacing) form.current?.querySelector<HTMLElement>('input, textarea')?.focus();
  }, [replacing]);

  const openForm = () => {
    setSaved('');
    setReplacing(true);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const root = form.current;
    if (!root) return;
    const secrets = { [s.slot]: readSlot(root, s.slot), ...(props.companion ? { [props.companion.slot]: readSlot(root, props.companion.slot) } : {}) };
    const refused = unsendableSecret(root, props.auth, secrets);
    setInvalidSlot(refused?.slot ?? null);
    if (refused) {
      action.setError(refused.message);
      refused.input?.focus();
      return;
    }
    const updated = await action.run(() => call('secrets.replace', { profileId: props.profileId, secrets }));
    clearSecrets(root);
    if (!updated) return;
    setReplacing(false);
    setSaved(savedText(s, updated.secrets.find((x) => x.slot === s.slot)));
    props.onReplaced(updated);
  };

  return (
    <li className="secret-row">
      <div className="secret-row-head">
        <span className="secret-label">{s.label}</span>
        <span className={s.saved ? 'secret-status saved' : 'secret-status missing'}>{statusText(s)}</span>
        {!replacing && s.source === 'keychain' && (
          <button ref={replaceButton} type="button" className="btn btn-small" onClick={openForm} aria-label={`Replace ${s.label}`}>
            {s.saved ? 'Replace' : 'Save'}
          </button>
        )}
      </div>
      {replacing && (
        <form ref={form} className="replace-form" onSubmit={submit} onKeyDown={closeOnEscape(() => setReplacing(false))}>
          <InvalidSlotContext.Provider value={invalidSlot ? { slot: invalidSlot, messageId: `${id}-error` } : null}>
            <SecretInput slot={s.slot} label={`New ${s.label}`} />
            {props.companion && <SecretInput slot={props.companion.slot} label={`New ${props.companion.label}`} hint="Saved with the new key, in place of the current one." />}
          </InvalidSlotContext.Provider>
          <ErrorAlert message={action.error} id={`${id}-error`} />
          <div className="button-row">
            <button type="submit" className="btn btn-primary btn-small" disabled={action.busy}>
              Save to keychain
            </button>
            <button type="button" className="btn btn-small" onClick={() => setReplacing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <LiveStatus message={saved} />
    </li>
  );
}
