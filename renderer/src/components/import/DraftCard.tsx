import { useId, useRef, useState, type FormEvent } from 'react';
import type { DiscoveredEndpoints, ProfileView } from '../../../../shared/contract';
import { call } from '../../api';
import { useAction } from '../../hooks/useAction';
import { draftCreateRequest, mergeSecrets, type DraftView } from '../../lib/import-preview';
import { readTyped } from '../../lib/import-secrets';
import { clearSecrets } from '../../lib/secrets';
import { AuthSummary } from '../AuthSummary';
import { ErrorAlert } from '../ErrorAlert';
import { IssuerDiscovery } from '../IssuerDiscovery';
import { SchemeBadge } from '../SchemeBadge';
import { TextField } from '../TextField';
import { ImportSecrets } from './ImportSecrets';
import { placeholderLabel } from './placeholder-label';

/** OAuth endpoint placeholders that discovery (RFC 8414, OpenID Connect Discovery 1.0) fills in. */
const DISCOVERED = { authorization_endpoint: 'authorizationEndpoint', token_endpoint: 'tokenEndpoint', device_authorization_endpoint: 'deviceAuthorizationEndpoint' } as const;

/**
 * One drafted profile of an OpenAPI or Postman import: its scheme and where it came from, the values only the person
 * knows (`{client_id}`…), its secrets (masked when the source held them, else write-only inputs) and Create.
 * `sourceSecrets` reads the draft's secret values from the source again at Create time; `name` is the proposed profile name.
 * An OAuth draft whose endpoints are still to fill offers the issuer with Discover, which fills them in.
 */
export function DraftCard(props: {
  draft: DraftView;
  name: string;
  source: string;
  sourceSecrets: () => Record<string, string>;
  created: ProfileView | null;
  onCreated: (p: ProfileView) => void;
  onOpen: (p: ProfileView) => void;
}) {
  const id = useId();
  const d = props.draft;
  const form = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(props.name);
  const [baseUrl, setBaseUrl] = useState(d.baseUrl ?? '');
  const [values, setValues] = useState<Record<string, string>>({});
  const action = useAction();
  const oauth = d.auth.scheme === 'oauth2' ? d.auth : null;
  const discovers = oauth !== null && d.placeholders.some((n) => n in DISCOVERED);
  const knownIssuer = oauth?.issuer && !d.placeholders.includes('issuer') ? oauth.issuer : '';
  const [issuer, setIssuer] = useState(knownIssuer);
  const [requireIss, setRequireIss] = useState(false);
  const found = (f: DiscoveredEndpoints) => {
    setValues((old) => ({ ...old, ...Object.fromEntries(Object.entries(DISCOVERED).flatMap(([n, key]) => (f[key] ? [[n, f[key]]] : []))) }));
    setRequireIss(f.requireIss);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const root = form.current;
    if (!root) return;
    const withIssuer = discovers ? { ...d, auth: { ...d.auth, ...(knownIssuer ? { issuer: issuer.trim() } : {}), requireIss } } : d;
    const r = draftCreateRequest(withIssuer, { name, baseUrl, values: discovers && !knownIssuer ? { ...values, issuer } : values });
    if (!r.ok) {
      action.setError(r.message);
      return;
    }
    const typed = readTyped(root, d.slots);
    if (!typed.ok) {
      action.setError(typed.message);
      typed.input?.focus();
      return;
    }
    const secrets = mergeSecrets(d.slots, d.slots.some((s) => s.found) ? props.sourceSecrets() : {}, typed.typed);
    const created = await action.run(() => call('profiles.create', { ...r.request, secrets }));
    if (!created) return;
    clearSecrets(root);
    props.onCreated(created);
  };

  return (
    <li className="draft-card">
      <div className="draft-head">
        <h4 id={`${id}-title`}>{props.name}</h4>
        <SchemeBadge scheme={d.auth.scheme} />
        <span className="preset-client">{d.clientType} client</span>
      </div>
      <p className="draft-auth">
        <AuthSummary auth={d.auth} />
        <br />
        <span className="hint">From {d.source.join(' + ')}</span>
      </p>
      {d.notes.length > 0 && (
        <ul className="draft-notes">
          {d.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {props.created ? (
        <div className="draft-created" role="status">
          <span>
            Created <strong>{props.created.name}</strong>.
          </span>
          <button type="button" className="btn btn-small" onClick={() => props.onOpen(props.created!)}>
            Open it
          </button>
        </div>
      ) : (
        <form ref={form} onSubmit={submit} onInput={() => action.setError(null)} noValidate aria-labelledby={`${id}-title`}>
          <TextField label="Profile name" value={name} onChange={setName} />
          {discovers && <IssuerDiscovery issuer={issuer} onIssuer={setIssuer} onFound={found} signsIn={oauth.grant === 'authorization_code'} />}
          {d.placeholders
            .filter((n) => !(discovers && n === 'issuer'))
            .map((n) => (
              <TextField key={n} label={placeholderLabel(n)} value={values[n] ?? ''} onChange={(v) => setValues((old) => ({ ...old, [n]: v }))} hint={`Fills {${n}} in the profile.`} />
            ))}
          <TextField label="Base URL" type="url" value={baseUrl} onChange={setBaseUrl} placeholder="https://api.example.com" hint="Credentials go to this origin only." />
          <ImportSecrets slots={d.slots} source={props.source} />
          <ErrorAlert message={action.error} />
          <button type="submit" className="btn btn-primary" disabled={action.busy}>
            {action.busy ? 'Creating…' : 'Create profile'}
          </button>
        </form>
      )}
    </li>
  );
}
