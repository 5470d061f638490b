import { DEFAULT_GITHUB_API } from '../../../shared/oauth';
import type { OAuthDraft } from '../lib/oauth-draft';
import { SecretInput } from './SecretInput';
import { TextField } from './TextField';

/**
 * A GitHub App installation: no client_id or token endpoint. Authdesk signs a short-lived App JWT (RS256) with the
 * App's private key and exchanges it for an installation access token.
 */
export function GitHubAppFields(props: { draft: OAuthDraft; onChange: (patch: Partial<OAuthDraft>) => void }) {
  const d = props.draft;
  return (
    <>
      <p className="field-hint scheme-note">
        Authdesk signs a 10-minute App JWT (RS256), trades it at <code>POST /app/installations/{'{id}'}/access_tokens</code> for a
        1-hour installation token, and sends that token.
      </p>
      <div className="field-row">
        <div className="grow">
          <TextField label="App ID" field="appId" value={d.appId} onChange={(appId) => props.onChange({ appId })} placeholder="123456" hint="On the App’s settings page (or its client ID, Iv1.…)." />
        </div>
        <div className="grow">
          <TextField
            label="Installation ID"
            field="installationId"
            value={d.installationId}
            onChange={(installationId) => props.onChange({ installationId })}
            placeholder="45678901"
            hint="The digits at the end of the installation’s settings URL."
          />
        </div>
      </div>
      <TextField
        label="GitHub API URL (optional)"
        field="apiBase"
        type="url"
        value={d.apiBase}
        onChange={(apiBase) => props.onChange({ apiBase })}
        placeholder={DEFAULT_GITHUB_API}
        hint={
          <>
            Leave empty for <code>{DEFAULT_GITHUB_API}</code>. GitHub Enterprise Server: <code>https://HOST/api/v3</code>.
          </>
        }
      />
      <SecretInput
        slot="private_key"
        label="App private key (PEM)"
        required
        hint="The .pem file GitHub downloaded when you generated a private key for the App. Stored in your OS keychain."
      />
    </>
  );
}
