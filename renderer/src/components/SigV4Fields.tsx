import type { SigV4Draft } from '../lib/scheme-draft';
import { SecretInput } from './SecretInput';
import { TextField } from './TextField';

/** AWS Signature Version 4: the access key ID, region and service in the open; the secret key and session token write-only. */
export function SigV4Fields(props: { draft: SigV4Draft; onChange: (patch: Partial<SigV4Draft>) => void }) {
  const d = props.draft;
  const temporary = /^ASIA/i.test(d.accessKeyId.trim());
  return (
    <>
      <p className="field-hint scheme-note">
        Authdesk signs every request (<code>AWS4-HMAC-SHA256</code>) with the secret access key; the key itself is never sent.
      </p>
      <TextField
        label="Access key ID"
        field="accessKeyId"
        value={d.accessKeyId}
        onChange={(accessKeyId) => props.onChange({ accessKeyId })}
        placeholder="AKIAIOSFODNN7EXAMPLE"
        hint="Your identity, not a secret: AKIA… for long-term keys, ASIA… for temporary ones."
      />
      <div className="field-row">
        <div className="grow">
          <TextField label="Region" field="region" value={d.region} onChange={(region) => props.onChange({ region })} placeholder="us-east-1" hint="Where the API lives, such as eu-west-1." />
        </div>
        <div className="grow">
          <TextField
            label="Service"
            field="service"
            value={d.service}
            onChange={(service) => props.onChange({ service })}
            placeholder="execute-api"
            hint="Its signing name: execute-api (API Gateway), s3, sts, lambda…"
          />
        </div>
      </div>
      <SecretInput slot="secret_access_key" label="Secret access key" required hint="Shown once by AWS when the key was made. Stored in your OS keychain." />
      <SecretInput
        slot="session_token"
        label={temporary ? 'Session token (needed for ASIA… keys)' : 'Session token (optional)'}
        hint="Only for temporary credentials (ASIA…) from STS, SSO or an assumed role; leave empty for long-term keys."
      />
    </>
  );
}
