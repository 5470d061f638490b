import { usesPrivateKey, type Grant } from '../../../shared/oauth';
import type { ClientType } from '../../../shared/profile';
import { withDiscovered, type OAuthDraft } from '../lib/oauth-draft';
import { ClientAuthFields } from './ClientAuthFields';
import { IssuerDiscovery } from './IssuerDiscovery';
import { JwtBearerFields } from './JwtBearerFields';
import { OAuthEndpoints } from './OAuthEndpoints';
import { SigningKeyFields } from './SigningKeyFields';
import { TextField } from './TextField';

/** What the private key signs, per grant (for the signing key's explanation). */
const signedBy = (grant: Grant) => (grant === 'jwt_bearer' ? 'the grant’s assertion (and the client assertion with private_key_jwt)' : 'the client assertion sent with each token request');

/** The client at a token endpoint: issuer and endpoints, client ID, client authentication, JWT claims and signing key. */
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
      <TextField label="Client ID" value={d.clientId} onChange={(clientId) => patch({ clientId })} hint="The client_id the authorization server gave your app. Not a secret." />
      <ClientAuthFields
        clientType={props.clientType}
        method={d.method}
        sendRaw={d.sendRaw}
        onMethod={(method) => patch({ method })}
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
    </>
  );
}
