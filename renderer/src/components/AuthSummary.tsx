import type { AuthConfig } from '../../../shared/profile';
import { grantLabels } from '../lib/oauth-labels';

/** How many certificates a PEM text holds. */
const certificateCount = (pem: string) => pem.split('-----BEGIN CERTIFICATE-----').length - 1;

/** The non-secret part of a profile's auth configuration, in words. */
export function AuthSummary({ auth }: { auth: AuthConfig }) {
  switch (auth.scheme) {
    case 'basic':
    case 'digest':
      return (
        <>
          {auth.scheme === 'basic' ? 'Basic' : 'Digest (challenge-response)'} · username {auth.username === null ? '(secret)' : <code>{auth.username}</code>}
        </>
      );
    case 'bearer':
      return (
        <>
          Bearer · sent as <code>Authorization: {auth.prefix} …</code>
        </>
      );
    case 'apikey':
      return (
        <>
          API key in{' '}
          {auth.placements.map((p, i) => (
            <span key={i}>
              {i > 0 && ' and '}
              {p.in} <code>{p.name}</code>
              {p.prefix ? ` (prefix ${p.prefix})` : ''}
            </span>
          ))}
        </>
      );
    case 'aws-sigv4':
      return (
        <>
          AWS SigV4 · access key <code>{auth.accessKeyId}</code> · region <code>{auth.region}</code> · service <code>{auth.service}</code>
        </>
      );
    case 'mtls': {
      const certs = auth.certificatePem ? certificateCount(auth.certificatePem) : 0;
      return (
        <>
          Client certificate (mTLS) ·{' '}
          {auth.format === 'pem' ? `PEM: ${certs} certificate${certs === 1 ? '' : 's'} and a private key` : 'PKCS#12 bundle'}
          {auth.caPem ? ' · trusts its own CA for the server' : ''}
        </>
      );
    }
    case 'oauth2':
      return auth.grant === 'github_app' ? (
        <>
          OAuth 2.0 · {grantLabels.github_app.title} · App ID <code>{auth.appId}</code> · installation <code>{auth.installationId}</code>
        </>
      ) : (
        <>
          OAuth 2.0 · {grantLabels[auth.grant].title} · client_id <code>{auth.clientId}</code> · {auth.tokenEndpointAuthMethod}
        </>
      );
  }
}
