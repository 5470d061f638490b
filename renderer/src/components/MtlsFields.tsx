import type { MtlsDraft } from '../lib/scheme-draft';
import { PemField } from './PemField';
import { SecretInput } from './SecretInput';

const formats: { value: MtlsDraft['format']; title: string; text: string }[] = [
  { value: 'pem', title: 'PEM files', text: 'a certificate (.pem, .crt) and its private key (.key)' },
  { value: 'pkcs12', title: 'PKCS#12 bundle', text: 'one .p12 or .pfx file holding both' },
];

/**
 * A client certificate for mutual TLS: the certificate (public) and an optional CA for a private server in the open,
 * the private key or the PKCS#12 bundle and its passphrase write-only.
 */
export function MtlsFields(props: { draft: MtlsDraft; onChange: (patch: Partial<MtlsDraft>) => void }) {
  const d = props.draft;
  return (
    <>
      <fieldset className="field choice-group">
        <legend>Certificate format</legend>
        {formats.map((f) => (
          <label key={f.value} className="choice">
            <input type="radio" name="mtlsFormat" value={f.value} checked={d.format === f.value} onChange={() => props.onChange({ format: f.value })} />
            <span>
              <strong>{f.title}</strong> <span className="choice-text">{f.text}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {d.format === 'pem' ? (
        <>
          <PemField
            label="Client certificate (PEM)"
            field="certificatePem"
            value={d.certificatePem}
            onChange={(certificatePem) => props.onChange({ certificatePem })}
            hint="Public: it is saved in the profile. Include any intermediate certificates after yours."
          />
          <SecretInput slot="client_key" label="Private key (PEM)" required hint="The key that belongs to the certificate. Stored in your OS keychain." />
        </>
      ) : (
        <SecretInput slot="client_pkcs12" label="PKCS#12 file (.p12 or .pfx)" required hint="Its certificate and private key; stored in your OS keychain, base64-encoded." />
      )}
      <SecretInput slot="client_key_passphrase" label="Passphrase (optional)" hint="Leave empty when the key or bundle is not encrypted." />
      <PemField
        label="CA certificate (optional)"
        field="caPem"
        value={d.caPem}
        onChange={(caPem) => props.onChange({ caPem })}
        hint="For private servers whose certificate your system does not trust: their CA, trusted for this profile only."
      />
    </>
  );
}
