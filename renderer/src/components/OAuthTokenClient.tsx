import { usesClientCertificate, usesPrivateKey, type Grant } from '../../../shared/oauth';
import type { ClientType } from '../../../shared/profile';
import { withDiscovered, withMethod, type OAuthDraft } from '../lib/oauth-draft';
import { ClientAuthFields } from './ClientAuthFields';
import { IssuerDiscovery } from './IssuerDiscovery';
import { JwtBearerFields } from './JwtBearerFields';
import { MtlsFields } from './MtlsFields';
import { OAuthEndpoints } from './OAuthEndpoints';
import { SigningKeyFields } from './SigningKeyFields';
import { TextField } from './TextField';

/** What the private key signs, per grant (for the signing key's explanation). */
const signedBy = (grant: Grant) => (grant === 'jwt_bearer' ? 'the grant’s assertion (and the client assertion with private_key_jwt)' : 'the client assertion sent with each token request');

/**
 * The client at a token endpoint: issuer and endpoints, client ID, client authentication, JWT claims and signing key,
 * or the client certificate of mutual-TLS client authentication (RFC 8705 §2).
 */
export function OAuthTokenClient(props: {
  draft: OAuthDraft;
  clientType: ClientType;
  onChange: (update: (d: OAuthDraft) => OAuthDraft) => void;
  patch: (p: Partial<OAuthDraft>) => void;
  secretDefault?: string;
  discoverOnMount?: boolean;
}) {
  const { draft: d, patch } = props;
  return (
    <>
      <IssuerDiscovery
        issuer={d.issuer}
        onIssuer={(issuer) => patch({ issuer })}
        onFound={(found) => props.onChange((old) => withDiscovered(old, found))}
        discoverOnMount={props.discoverOnMount}
        signsIn={d.grant === 'authorization_code'}
      />
      <OAuthEndpoints draft={d} onChange={patch} />
      <TextField label="Client ID" field="clientId" value={d.clientId} onChange={(clientId) => patch({ clientId })} hint="The client_id the authorization server gave your app. Not a secret." />
      <ClientAuthFields
        clientType={props.clientType}
        method={d.method}
        sendRaw={d.sendRaw}
        onMethod={(method) => props.onChange((old) => withMethod(old, method))}
        onSendRaw={(sendRaw) => patch({ sendRaw })}
        secretDefault={props.secretDefault}
      />
      {d.grant === 'jwt_bearer' && <JwtBearerFields draft={d} onChange={patch} />}
      {usesPrivateKey({ grant: d.grant, tokenEndpointAuthMethod: d.method }) && (
        <SigningKeyFields
          keyId={d.keyId}
          alg={d.signingAlg}
          onKeyId={(keyId) => patch({ keyId })}
          onAlg={(signingAlg) => patch({ signingAlg })}
          signs={signedBy(d.grant)}
        />
      )}
      {usesClientCertificate({ grant: d.grant, tokenEndpointAuthMethod: d.method }) && (
        <fieldset className="nested-fields">
          <legend>Client certificate</legend>
          <MtlsFields draft={d.certificate} onChange={(p) => props.onChange((old) => ({ ...old, certificate: { ...old.certificate, ...p } }))} />
        </fieldset>
      )}
    </>
  );
}
