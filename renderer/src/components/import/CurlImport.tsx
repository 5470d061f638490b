import { useId, useRef, useState, type FormEvent } from 'react';
import type { ProfileView } from '../../../../shared/contract';
import { parseCurl } from '../../../../shared/import/curl';
import { uniqueName } from '../../../../shared/import/unique-name';
import { call } from '../../api';
import { useAction } from '../../hooks/useAction';
import { mergeSecrets, originOf, withoutSecrets, type CurlView } from '../../lib/import-preview';
import { readTyped } from '../../lib/import-secrets';
import { clearSecrets } from '../../lib/secrets';
import { ErrorAlert } from '../ErrorAlert';
import type { RequestSeed } from '../RequestPane';
import { CurlPreview } from './CurlPreview';
import { WarningList } from './WarningList';

type Parsed = { ok: true; view: CurlView } | { ok: false; message: string };

/**
 * Paste a curl command, see the profile and request it becomes, create the profile (its secrets straight to the
 * keychain) and continue in the Request pane with the request prefilled. The command stays in the textarea only
 * (never in React state) and is emptied once the profile exists. The proposed name is one no profile in
 * `profileNames` has.
 */
export function CurlImport(props: { profileNames: string[]; onOpen: (p: ProfileView, request: Omit<RequestSeed, 'profileId'>) => void }) {
  const id = useId();
  const source = useRef<HTMLTextAreaElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const [parsed, setParsed] = useState<Parsed | null>(null);
  const [name, setName] = useState('');
  const [nameEdited, setNameEdited] = useState(false);
  const action = useAction();

  const preview = (text: string) => {
    if (!text.trim()) return setParsed(null);
    try {
      const c = parseCurl(text);
      setParsed({ ok: true, view: withoutSecrets(c) });
      if (!nameEdited) setName(uniqueName(`${new URL(c.url).host} (curl)`, props.profileNames));
    } catch (e) {
      setParsed({ ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const root = form.current;
    const text = source.current?.value ?? '';
    if (!root || !parsed?.ok || !parsed.view.auth) return;
    const typed = readTyped(root, parsed.view.slots);
    if (!typed.ok) {
      action.setError(typed.message);
      typed.input?.focus();
      return;
    }
    const c = parseCurl(text);
    if (!c.auth) return;
    const baseUrl = originOf(c.url);
    const secrets = mergeSecrets(parsed.view.slots, c.secrets, typed.typed);
    const created = await action.run(() =>
      call('profiles.create', { name: name.trim(), clientType: 'confidential', auth: c.auth!, secrets, ...(baseUrl ? { baseUrl } : {}) }),
    );
    if (!created) return;
    clearSecrets(root);
    if (source.current) source.current.value = '';
    setParsed(null);
    // A token request became an OAuth client that fetches its own tokens: the next request is to the API, not the token endpoint.
    if (c.auth.scheme === 'oauth2') props.onOpen(created, { url: baseUrl ?? '' });
    else props.onOpen(created, { method: c.method, url: c.url, headers: c.headers, ...(c.body === null ? {} : { body: c.body }) });
  };

  return (
    <form ref={form} className="curl-import" onSubmit={submit} onInput={() => action.setError(null)} noValidate aria-label="Import a curl command">
      <div className="field">
        <label htmlFor={`${id}-curl`}>Paste a curl command</label>
        <textarea
          id={`${id}-curl`}
          ref={source}
          rows={5}
          spellCheck={false}
          autoComplete="off"
          placeholder="curl -u 'user:password' https://api.example.com/v1/me"
          onInput={(e) => preview(e.currentTarget.value)}
          aria-describedby={`${id}-curl-hint`}
        />
        <p id={`${id}-curl-hint`} className="field-hint">
          Paste it as copied from docs or a terminal. Nothing runs: Authdesk only reads it, and moves its credentials into a profile.
        </p>
      </div>
      {parsed && !parsed.ok && (
        <p className="field-error" role="alert">
          {parsed.message}
        </p>
      )}
      {parsed?.ok && (
        <>
          <CurlPreview view={parsed.view} />
          <WarningList warnings={parsed.view.warnings} />
          {parsed.view.auth && (
            <div className="field">
              <label htmlFor={`${id}-name`}>Profile name</label>
              <input
                id={`${id}-name`}
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                  setNameEdited(true);
                }}
                autoComplete="off"
              />
            </div>
          )}
          <ErrorAlert message={action.error} />
          <div className="button-row">
            <button type="submit" className="btn btn-primary" disabled={action.busy || !parsed.view.auth}>
              {action.busy ? 'Creating…' : 'Create profile'}
            </button>
          </div>
        </>
      )}
    </form>
  );
}
