import type { OAuthDraft } from '../lib/oauth-draft';
import { TextField } from './TextField';

/** The claims of the JWT bearer grant's assertion (RFC 7523 §3): the subject, and issuer and audience with their defaults. */
export function JwtBearerFields(props: { draft: OAuthDraft; onChange: (patch: Partial<OAuthDraft>) => void }) {
  const d = props.draft;
  return (
    <>
      <TextField
        label="JWT subject (sub)"
        field="jwtSubject"
        value={d.jwtSubject}
        onChange={(jwtSubject) => props.onChange({ jwtSubject })}
        placeholder="user@example.com"
        hint="The user or service account the token is for. Required."
      />
      <TextField
        label="JWT issuer (iss, optional)"
        value={d.jwtIssuer}
        onChange={(jwtIssuer) => props.onChange({ jwtIssuer })}
        placeholder={d.clientId.trim() || 'the client ID'}
        hint="Who signs the assertion. Leave empty to use the client ID."
      />
      <TextField
        label="JWT audience (aud, optional)"
        value={d.jwtAudience}
        onChange={(jwtAudience) => props.onChange({ jwtAudience })}
        placeholder={d.tokenEndpoint.trim() || 'the token endpoint URL'}
        hint="Who the assertion is for. Leave empty to use the token endpoint URL; some servers want their issuer instead."
      />
    </>
  );
}
