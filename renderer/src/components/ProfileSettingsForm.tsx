import { useEffect, useId, useRef, useState, type FormEvent, type MutableRefObject } from 'react';
import type { ProfileView } from '../../../shared/contract';
import { call } from '../api';
import { useAction } from '../hooks/useAction';
import { useEditorLeave, type LeaveGuard } from '../hooks/useEditorLeave';
import { focusProblem } from '../lib/problem';
import { PROFILE_NAME_MAX } from '../lib/profile-name';
import { PUBLIC_ONLY_REASON, settingsDraftOf, settingsProblem, settingsUpdate, type SettingsDraft } from '../lib/settings-draft';
import { ClientTypeField } from './ClientTypeField';
import { DiscardConfirm } from './DiscardConfirm';
import { TextField } from './TextField';
import { TrustedOrigins } from './TrustedOrigins';
import { VerifyRequestField } from './VerifyRequestField';
import { FormActions } from './FormActions';
import { HeaderRows } from './HeaderRows';

/**
 * Edit a saved profile's non-secret settings (profiles.update). Secrets change only through Replace. `takenNames` are
 * the other profiles' names: renaming to one of them is refused at the Name field before the engine is asked. Escape
 * (anywhere in its view) cancels it; once something was typed or a setting differs from the saved one, Escape and the
 * sidebar's navigation ask before discarding the change (useEditorLeave, `leaveGuard`). Another tab keeps it as it is.
 */
export function ProfileSettingsForm(props: {
  profile: ProfileView;
  takenNames: readonly string[];
  onSaved: (p: ProfileView) => void;
  onCancel: () => void;
  /** Set while the form shows: the window calls it before navigating away (see useEditorLeave). */
  leaveGuard: MutableRefObject<LeaveGuard | null>;
  /** Shows the form's tab, when it must ask while another tab is in front. */
  onReveal: () => void;
}) {
  const id = useId();
  const [saved] = useState<SettingsDraft>(() => settingsDraftOf(props.profile));
  const [draft, setDraft] = useState<SettingsDraft>(saved);
  const action = useAction();
  const form = useRef<HTMLFormElement>(null);
  const leave = useEditorLeave(form, props.onCancel, props.leaveGuard, {
    changed: () => JSON.stringify(draft) !== JSON.stringify(saved),
    reveal: props.onReveal,
  });
  // Opening the form moves focus into it (its first field), so a keyboard user lands where the edit happens.
  useEffect(() => form.current?.querySelector<HTMLElement>('input')?.focus(), []);
  const set = (patch: Partial<SettingsDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = settingsProblem(draft, props.takenNames);
    if (problem) {
      action.setError(problem.message);
      if (form.current) focusProblem(form.current, problem); // focus goes where the fix is typed, as in New profile
      return;
    }
    const saved = await action.run(() => call('profiles.update', settingsUpdate(props.profile.id, draft)));
    if (saved) props.onSaved(saved);
  };

  return (
    <form
      ref={form}
      className="settings-form"
      onSubmit={submit}
      onInput={leave.onInput}
      onKeyDown={leave.onKeyDown}
      aria-labelledby={`${id}-title`}
      noValidate
    >
      <h3 id={`${id}-title`}>Edit settings</h3>
      <p className="hint">Secrets are not part of these settings: change them with Replace below.</p>
      <TextField label="Name" field="name" value={draft.name} onChange={(name) => set({ name })} maxLength={PROFILE_NAME_MAX} />
      <ClientTypeField
        value={draft.clientType}
        onChange={(clientType) => set({ clientType })}
        field="clientType"
        publicOnly={draft.publicOnly ? PUBLIC_ONLY_REASON : undefined}
      />
      <TextField
        label="Base URL"
        field="baseUrl"
        type="url"
        value={draft.baseUrl}
        onChange={(baseUrl) => set({ baseUrl })}
        placeholder="https://api.example.com"
        hint="Requests with this profile may go only to this origin. Leave empty for any."
      />
      <VerifyRequestField
        method={draft.verifyMethod}
        target={draft.verifyTarget}
        field="verifyTarget"
        onMethod={(verifyMethod) => set({ verifyMethod })}
        onTarget={(verifyTarget) => set({ verifyTarget })}
      />
      <HeaderRows
        legend="Headers sent with every request"
        emptyHint="None. Add non-secret headers this API needs on every call (such as Notion-Version); a request's own header of the same name wins. Credentials belong to the auth scheme, not here."
        rows={draft.headers}
        onChange={(headers) => set({ headers })}
      />
      <TrustedOrigins origins={draft.trustRedirectsTo} onChange={(trustRedirectsTo) => set({ trustRedirectsTo })} />
      {leave.confirming ? (
        <DiscardConfirm
          onDiscard={leave.discard}
          onKeep={leave.keepEditing}
          question="Discard your changes to these settings? They are not saved."
          label="Confirm discarding the settings changes"
        />
      ) : (
        <FormActions error={action.error} busy={action.busy} label="Save settings" busyLabel="Saving…" onCancel={props.onCancel} />
      )}
    </form>
  );
}
