import { describe, expect, it } from 'vitest';
import { draftProblem, initialDraft, withGrant, withOAuth, type ProfileDraft } from '../../renderer/src/lib/draft';
import { newOAuthDraft, type OAuthDraft } from '../../renderer/src/lib/oauth-draft';
import { LOOPBACK_REDIRECT_RULE } from '../../shared/oauth';

const draft = (patch: Partial<ProfileDraft>): ProfileDraft => ({ ...initialDraft(), name: 'p', ...patch });
const oauth = (patch: Partial<OAuthDraft>, grant: OAuthDraft['grant'] = 'client_credentials'): ProfileDraft => {
  const d = withGrant(draft({ scheme: 'oauth2' }), grant);
  return { ...d, oauth: { ...d.oauth, ...patch } };
};
const fieldOf = (d: ProfileDraft) => draftProblem(d)?.field;

/** A problem names the draft field it is in (the input's data-field), so the editor can move focus there. */
describe('profile editor: the field a problem is in', () => {
  it('names the profile’s own fields', () => {
    expect(fieldOf(draft({ name: ' ' }))).toBe('name');
    expect(fieldOf(draft({ scheme: 'bearer', baseUrl: 'api.example.com' }))).toBe('baseUrl');
    expect(fieldOf(draft({ scheme: 'apikey', placements: [{ ...initialDraft().placements[0]!, name: '' }] }))).toBe('placement0Name');
  });

  it('names the OAuth field at fault, grant by grant', () => {
    const ready = { tokenEndpoint: 'https://as.example/token', clientId: 'app' };
    expect(fieldOf(oauth({}))).toBe('tokenEndpoint');
    expect(fieldOf(oauth({ tokenEndpoint: 'as.example/token' }))).toBe('tokenEndpoint');
    expect(fieldOf(oauth({ ...ready, issuer: 'as.example' }))).toBe('issuer');
    expect(fieldOf(oauth({ ...ready, clientId: '' }))).toBe('clientId');
    expect(fieldOf(oauth({ ...ready, tokenPrefix: 'two words' }))).toBe('tokenPrefix');
    expect(fieldOf(oauth(ready, 'authorization_code'))).toBe('authorizationEndpoint');
    expect(fieldOf(oauth({ ...ready, authorizationEndpoint: 'https://as.example/authorize', redirectUri: 'nope' }, 'authorization_code'))).toBe('redirectUri');
    // A redirect URI that is http(s) but not loopback (RFC 8252 §7.3) is named at its field, in the engine's words.
    const code = { ...ready, authorizationEndpoint: 'https://as.example/authorize' };
    expect(fieldOf(oauth({ ...code, redirectUri: 'https://evil.example/cb' }, 'authorization_code'))).toBe('redirectUri');
    expect(draftProblem(oauth({ ...code, redirectUri: 'http://127.0.0.1:8400/cb#x' }, 'authorization_code'))?.message).toBe(LOOPBACK_REDIRECT_RULE);
    expect(fieldOf(oauth({ ...code, redirectUri: 'http://127.0.0.1:8400/callback' }, 'authorization_code'))).toBeUndefined();
    expect(fieldOf(oauth(ready, 'device_code'))).toBe('deviceAuthorizationEndpoint');
    expect(fieldOf(oauth(ready, 'jwt_bearer'))).toBe('jwtSubject');
    expect(fieldOf(oauth({ ...ready, method: 'tls_client_auth', certificate: newOAuthDraft().certificate }))).toBe('certificatePem');
    expect(fieldOf(oauth({}, 'github_app'))).toBe('appId');
    expect(fieldOf(oauth({ appId: '1' }, 'github_app'))).toBe('installationId');
    expect(fieldOf(oauth({ appId: '1', installationId: '2', apiBase: 'github.example' }, 'github_app'))).toBe('apiBase');
  });

  it('checks only the URL fields the grant saves: a leftover value in a hidden field does not block saving', () => {
    const ready = { tokenEndpoint: 'https://as.example/token', clientId: 'app' };
    const leftovers = { authorizationEndpoint: 'as.example/authorize', deviceAuthorizationEndpoint: 'nope', redirectUri: '127.0.0.1/callback' };
    expect(draftProblem(oauth({ ...ready, ...leftovers }))).toBeNull();
    expect(draftProblem(oauth({ ...ready, ...leftovers, authorizationEndpoint: '' }, 'device_code'))?.field).toBe('deviceAuthorizationEndpoint');
    expect(draftProblem(oauth({ ...ready, ...leftovers, authorizationEndpoint: 'https://as.example/authorize' }, 'authorization_code'))).toEqual({
      field: 'redirectUri',
      message: 'The redirect URI must be an absolute http:// or https:// URL.',
    });
  });

  it('names the AWS SigV4 and client-certificate fields', () => {
    expect(fieldOf(draft({ scheme: 'aws-sigv4', sigv4: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', region: 'EU', service: 's3' } }))).toBe('region');
    expect(fieldOf(draft({ scheme: 'mtls', mtls: { format: 'pkcs12', certificatePem: '', caPem: 'nope' } }))).toBe('caPem');
  });
});

describe('profile editor: client authentication none makes the client public (RFC 6749 §2.1)', () => {
  it('switches to public when none is chosen for a client that signs nothing, and only then', () => {
    const confidential = withGrant(draft({ scheme: 'oauth2' }), 'client_credentials');
    expect(confidential.clientType).toBe('confidential');
    const device = { ...withGrant(draft({ scheme: 'oauth2' }), 'device_code'), clientType: 'confidential' as const };
    const none = withOAuth({ ...device, oauth: { ...device.oauth, method: 'client_secret_basic' } }, { ...device.oauth, method: 'none' });
    expect(none.clientType).toBe('public');
    // Another edit keeps the type the person chose; a JWT bearer client's signing key keeps it confidential.
    expect(withOAuth(confidential, { ...confidential.oauth, clientId: 'svc' }).clientType).toBe('confidential');
    const jwt = withGrant(draft({ scheme: 'oauth2' }), 'jwt_bearer');
    expect(withOAuth(jwt, { ...jwt.oauth, method: 'none' }).clientType).toBe('confidential');
  });
});
