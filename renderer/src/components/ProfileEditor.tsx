import { useId, useRef, useState, type FormEvent, type MutableRefObject } from 'react';
import type { ProfileView } from '../../../shared/contract';
import { call } from '../api';
import { useAction } from '../hooks/useAction';
import { useEditorLeave, type LeaveGuard } from '../hooks/useEditorLeave';
import { authOf, draftProblem, initialDraft, withClientType, type ProfileDraft } from '../lib/draft';
import { editableSchemes, schemeHints, schemeLabels, type EditableScheme } from '../lib/format';
import type { EditorPrefill } from '../lib/prefill';
import { focusProblem } from '../lib/problem';
import { PROFILE_NAME_MAX } from '../lib/profile-name';
import { clearSecrets, readSecrets } from '../lib/secrets';
import { ClientTypeField } from './ClientTypeField';
import { DiscardConfirm } from './DiscardConfirm';
import { PublicClientWarning } from './PublicClientWarning';
import { SchemeFields } from './SchemeFields';
import { FormActions } from './FormActions';
import { InvalidSlotContext } from './invalid-slot';

/**
 * The create-profile form. Secret fields are write-only and emptied once the profile is saved. Escape (anywhere in its
 * view) cancels it like Cancel, as other inline panels close with Escape; once something was typed, Escape and the
 * sidebar's navigation ask before discarding it (useEditorLeave).
 */
export function ProfileEditor(props: {
  prefill: EditorPrefill | null;
  /** The workspace's profile names: a new profile's name must not repeat one (checked at the Name field). */
  takenNames: readonly string[];
  onCreated: (p: ProfileView) => void;
  onCancel: () => void;
  /** Set while the editor shows: the window calls it before navigating away (see useEditorLeave). */
  leaveGuard: MutableRefObject<LeaveGuard | null>;
}) {
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<ProfileDraft>(() => initialDraft(props.prefill ?? undefined));
  const action = useAction();
  const set = (patch: Partial<ProfileDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const leave = useEditorLeave(form, props.onCancel, props.leaveGuard);
  // The secret input the last Save refused (missing, or unsendable as the engine would find it), marked invalid.
  const [invalidSlot, setInvalidSlot] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const root = form.current;
    if (!root) return;
    setInvalidSlot(null);
    const problem = draftProblem(draft, props.takenNames);
    if (problem) {
      action.setError(problem.message);
      focusProblem(root, problem); // focus goes where the fix is typed, as for a missing secret below
      return;
    }
    const auth = authOf(draft);
    const read = readSecrets(root, auth);
    if (!read.ok) {
      action.setError(read.message);
      setInvalidSlot(read.slot);
      read.input?.focus();
      return;
    }
    const baseUrl = draft.baseUrl.trim();
    const created = await action.run(() =>
      call('profiles.create', { name: draft.name, clientType: draft.clientType, auth, secrets: read.secrets, ...(baseUrl ? { baseUrl } : {}) }),
    );
    if (!created) return;
    clearSecrets(root);
    props.onCreated(created);
  };

  return (
    <form
      ref={form}
      className="panel editor"
      onSubmit={submit}
      onInput={leave.onInput}
      onKeyDown={leave.onKeyDown}
      aria-labelledby={`${id}-title`}
      noValidate
    >
      <h1 id={`${id}-title`}>New profile</h1>
      <p className="lead">A profile says how an API wants you to authenticate. Secrets go to your OS keychain, never to a file.</p>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          data-field="name"
          value={draft.name}
          onChange={(e) => set({ name: e.target.value })}
          maxLength={PROFILE_NAME_MAX}
          required
          autoFocus
        />
      </div>
      <ClientTypeField value={draft.clientType} onChange={(clientType) => setDraft((d) => withClientType(d, clientType))} />
      <div className="field">
        <label htmlFor={`${id}-scheme`}>Authentication scheme</label>
        <select
          id={`${id}-scheme`}
          value={draft.scheme}
          onChange={(e) => setDraft((d) => withClientType({ ...d, scheme: e.target.value as EditableScheme }, d.clientType))}
          aria-describedby={`${id}-scheme-hint`}
        >
          {editableSchemes.map((s) => (
            <option key={s} value={s}>
              {schemeLabels[s]}
            </option>
          ))}
        </select>
        <p id={`${id}-scheme-hint`} className="field-hint">
          {schemeHints[draft.scheme]}
        </p>
      </div>
      {draft.clientType === 'public' && draft.scheme !== 'oauth2' && <PublicClientWarning />}
      <fieldset className="scheme-fields">
        <legend>{draft.scheme === 'oauth2' ? 'OAuth 2.0 client' : `${schemeLabels[draft.scheme]} credentials`}</legend>
        <InvalidSlotContext.Provider value={invalidSlot ? { slot: invalidSlot, messageId: `${id}-error` } : null}>
          <SchemeFields draft={draft} setDraft={setDraft} prefill={props.prefill} />
        </InvalidSlotContext.Provider>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-base`}>Base URL (optional)</label>
        <input
          id={`${id}-base`}
          data-field="baseUrl"
          type="url"
          value={draft.baseUrl}
          onChange={(e) => set({ baseUrl: e.target.value })}
          placeholder="https://api.example.com"
          spellCheck={false}
        />
      </div>
      {leave.confirming ? (
        <DiscardConfirm onDiscard={leave.discard} onKeep={leave.keepEditing} />
      ) : (
        <FormActions error={action.error} errorId={`${id}-error`} busy={action.busy} label="Save profile" busyLabel="Saving…" onCancel={props.onCancel} />
      )}
    </form>
  );
}
