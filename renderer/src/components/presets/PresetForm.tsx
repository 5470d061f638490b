import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ProfileView } from '../../../../shared/contract';
import { presetVerifyRequest, type Preset } from '../../../../shared/presets';
import { call } from '../../api';
import { useAction } from '../../hooks/useAction';
import { initialParams, paramProblem, presetCreateRequest, presetSecretSlots, presetUrl } from '../../lib/preset-form';
import { clearSecrets, readSecrets } from '../../lib/secrets';
import { slotLabel } from '../../lib/slot-label';
import type { RequestSeed } from '../RequestPane';
import { SchemeBadge } from '../SchemeBadge';
import { SecretInput } from '../SecretInput';
import { EndOfLifeNotice } from './EndOfLifeNotice';
import { PresetLinks } from './PresetLinks';
import { PresetParamField } from './PresetParamField';
import { FormActions } from '../FormActions';

/**
 * The chosen provider: what it is, its notes, its per-account values and its secrets (write-only, straight to the
 * keychain on Create, emptied after). The new profile opens on the provider's "am I authenticated?" call. Each pick
 * (`picks` counts them) moves focus to its first field, so a keyboard user lands where the filling in happens.
 */
export function PresetForm(props: { preset: Preset; picks: number; onCreated: (p: ProfileView, request: Omit<RequestSeed, 'profileId'>) => void }) {
  const id = useId();
  const p = props.preset;
  const form = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(p.name);
  const [params, setParams] = useState(() => initialParams(p));
  const [submitted, setSubmitted] = useState(false);
  const action = useAction();
  const slots = presetSecretSlots(p);
  const fixed = Object.keys(p.fixedSecrets ?? {});
  const base = presetUrl(p, p.baseUrl, params);

  useEffect(() => {
    const root = form.current;
    (root?.querySelector<HTMLElement>('input, select, textarea') ?? root?.querySelector<HTMLElement>('h2'))?.focus();
  }, [props.picks]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const root = form.current;
    if (!root) return;
    setSubmitted(true);
    const wrong = (p.params ?? []).find((q) => paramProblem(q, params[q.id] ?? '') !== null);
    if (wrong) {
      action.setError(paramProblem(wrong, params[wrong.id] ?? ''));
      root.querySelector<HTMLElement>(`[data-param="${wrong.id}"]`)?.focus();
      return;
    }
    const read = readSecrets(root, p.auth);
    if (!read.ok) {
      action.setError(read.message);
      read.input?.focus();
      return;
    }
    const typed = Object.fromEntries(Object.entries(read.secrets).filter(([slot]) => !fixed.includes(slot)));
    let request;
    try {
      request = presetCreateRequest(p, name.trim(), params, typed);
    } catch (err) {
      action.setError(err instanceof Error ? err.message : String(err));
      return;
    }
    const created = await action.run(() => call('profiles.create', request));
    if (!created) return;
    clearSecrets(root);
    props.onCreated(created, presetVerifyRequest(p, params));
  };

  return (
    <form ref={form} className="preset-form" onSubmit={submit} onInput={() => action.setError(null)} aria-labelledby={`${id}-title`} noValidate>
      <div className="preset-form-head">
        <h2 id={`${id}-title`} tabIndex={-1}>
          {p.name}
        </h2>
        <SchemeBadge scheme={p.auth.scheme} />
        <span className="preset-client">{p.clientType} client</span>
      </div>
      <p>{p.description}</p>
      {p.endOfLife && <EndOfLifeNotice name={p.name} endOfLife={p.endOfLife} />}
      <PresetLinks preset={p} params={params} />
      {p.notes.length > 0 && (
        <>
          <h3>Good to know</h3>
          <ul className="preset-notes">
            {p.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      )}
      <div className="field">
        <label htmlFor={`${id}-name`}>Profile name</label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </div>
      {(p.params ?? []).length > 0 && (
        <fieldset>
          <legend>Your account</legend>
          {(p.params ?? []).map((q) => (
            <PresetParamField
              key={q.id}
              param={q}
              value={params[q.id] ?? ''}
              onChange={(v) => setParams((old) => ({ ...old, [q.id]: v }))}
              showProblem={submitted}
            />
          ))}
        </fieldset>
      )}
      {slots.length > 0 ? (
        <fieldset>
          <legend>Secrets</legend>
          <p className="field-hint">Saved to your OS keychain when you create the profile. Authdesk never shows them again.</p>
          {slots.map((s) => (
            <SecretInput key={s.slot} slot={s.slot} label={slotLabel(s.label)} />
          ))}
          {fixed.length > 0 && <p className="field-hint">{p.name} fixes the {fixed.join(', ')}: Authdesk fills it in for you.</p>}
        </fieldset>
      ) : (
        <p className="hint">No secret to enter now: this is a public client, and you sign in in your browser after creating it.</p>
      )}
      <p className="preset-target">
        Requests go to <code className="url">{base ?? 'the host your values above name'}</code>
      </p>
      <FormActions error={action.error} busy={action.busy} label="Create profile" busyLabel="Creating…" />
    </form>
  );
}
