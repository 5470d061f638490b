import { describe, expect, it } from 'vitest';
import { authSchema, secretSlots } from '../../shared/profile';
import { authOf, draftProblem, initialDraft, withGrant, type ProfileDraft } from '../../renderer/src/lib/draft';
import { describeSecretText } from '../../renderer/src/lib/secret-text';
import { withDiscovered, withMethod } from '../../renderer/src/lib/oauth-draft';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const draft = (patch: Partial<ProfileDraft>): ProfileDraft => ({ ...initialDraft(), name: 'p', ...patch });

/** The editor's drafts for the new schemes and grants produce configurations the profile schema accepts. */
describe('profile editor drafts for Digest, AWS SigV4, mTLS, JWT bearer and GitHub App', () => {
  it('builds schema-valid configurations with the expected secret slots', () => {
    const digest = draft({ scheme: 'digest', username: 'alice' });
    const sigv4 = draft({ scheme: 'aws-sigv4', sigv4: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', region: 'eu-west-1', service: 'execute-api' } });
    const pem = draft({ scheme: 'mtls', mtls: { format: 'pem', certificatePem: CERT, caPem: '' } });
    const p12 = draft({ scheme: 'mtls', mtls: { format: 'pkcs12', certificatePem: CERT, caPem: CERT } });
    const slots = (d: ProfileDraft) => secretSlots(authSchema.parse(authOf(d))).map((s) => s.slot);
    for (const d of [digest, sigv4, pem, p12]) expect(draftProblem(d)).toBeNull();
    expect(slots(digest)).toEqual(['password']);
    expect(slots(draft({ scheme: 'digest', usernameSecret: true }))).toEqual(['username', 'password']);
    expect(slots(sigv4)).toEqual(['secret_access_key', 'session_token']);
    expect(slots(pem)).toEqual(['client_key', 'client_key_passphrase']);
    expect(authOf(p12)).toMatchObject({ format: 'pkcs12', certificatePem: undefined, caPem: CERT });
    expect(slots(p12)).toEqual(['client_pkcs12', 'client_key_passphrase']);
  });

  it('a GitHub App has no client_id or token endpoint; JWT bearer starts with private_key_jwt and needs a subject', () => {
    const gh = withGrant(draft({ scheme: 'oauth2' }), 'github_app');
    expect(draftProblem(gh)?.message).toMatch(/App ID/);
    gh.oauth = { ...gh.oauth, appId: '12345', installationId: '678' };
    expect(draftProblem(gh)).toBeNull();
    const ghAuth = authSchema.parse(authOf(gh));
    expect(ghAuth).not.toHaveProperty('clientId');
    expect(secretSlots(ghAuth).map((s) => s.slot)).toEqual(['private_key']);

    const jwt = withGrant(draft({ scheme: 'oauth2' }), 'jwt_bearer');
    expect(jwt.clientType).toBe('confidential');
    jwt.oauth = { ...jwt.oauth, tokenEndpoint: 'https://as.example.com/token', clientId: 'svc', signingAlg: 'ES256', keyId: 'k1' };
    expect(draftProblem(jwt)?.message).toMatch(/JWT subject/);
    jwt.oauth.jwtSubject = 'user@example.com';
    const jwtAuth = authSchema.parse(authOf(jwt));
    expect(jwtAuth).toMatchObject({ tokenEndpointAuthMethod: 'private_key_jwt', signingAlg: 'ES256', keyId: 'k1', jwtSubject: 'user@example.com' });
    expect(secretSlots(jwtAuth).map((s) => s.slot)).toEqual(['private_key']);
  });

  it('refuses what the schema would refuse, in words', () => {
    expect(draftProblem(draft({ scheme: 'aws-sigv4', sigv4: { accessKeyId: 'short', region: 'us-east-1', service: 's3' } }))?.message).toMatch(/access key ID/);
    expect(draftProblem(draft({ scheme: 'mtls', mtls: { format: 'pem', certificatePem: 'nope', caPem: '' } }))?.message).toMatch(/client certificate/);
  });

  it('describes a multi-line secret without repeating any of it', () => {
    expect(describeSecretText('-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----', 'pem')).toBe('RSA PRIVATE KEY · 3 lines');
    expect(describeSecretText('AAECAw==', 'base64')).toBe('PKCS#12 bundle · 4 bytes');
    expect(describeSecretText('not base64!', 'base64')).toMatch(/not base64/);
  });
});

describe('OAuth editor draft with mutual-TLS client authentication (RFC 8705)', () => {
  const found = {
    issuer: 'https://as.example',
    authorizationEndpoint: 'https://as.example/authorize',
    tokenEndpoint: 'https://as.example/token',
    deviceAuthorizationEndpoint: null,
    revocationEndpoint: 'https://as.example/revoke',
    tokenEndpointAuthMethods: ['tls_client_auth'],
    requireIss: false,
    mtlsEndpointAliases: { tokenEndpoint: 'https://mtls.as.example/token', revocationEndpoint: null, deviceAuthorizationEndpoint: null },
    source: 'https://as.example/.well-known/oauth-authorization-server',
  };

  it('tls_client_auth needs the certificate, and makes the certificate slots instead of a client_secret', () => {
    const d = draft({ scheme: 'oauth2', oauth: { ...initialDraft().oauth, tokenEndpoint: 'https://as.example/token', clientId: 'svc', method: 'tls_client_auth' } });
    expect(draftProblem(d)?.message).toMatch(/Paste the client certificate/);
    const ready = { ...d, oauth: { ...d.oauth, certificate: { format: 'pem' as const, certificatePem: CERT, caPem: '' } } };
    expect(draftProblem(ready)).toBeNull();
    const auth = authSchema.parse(authOf(ready));
    expect(auth).toMatchObject({ tokenEndpointAuthMethod: 'tls_client_auth', clientCertificate: { format: 'pem', certificatePem: CERT } });
    expect(secretSlots(auth).map((s) => s.slot)).toEqual(['client_key', 'client_key_passphrase']);
    expect(authOf({ ...ready, oauth: { ...ready.oauth, method: 'client_secret_basic' } })).not.toHaveProperty('clientCertificate', expect.anything());
  });

  it('discovery fills the mTLS aliases for a mutual-TLS client (§5), and a method switch swaps them unless edited', () => {
    const base = { ...initialDraft().oauth, clientId: 'svc' };
    const tls = withDiscovered({ ...base, method: 'tls_client_auth' }, found);
    expect([tls.tokenEndpoint, tls.revocationEndpoint]).toEqual(['https://mtls.as.example/token', 'https://as.example/revoke']);
    const secret = withMethod(tls, 'client_secret_basic');
    expect(secret.tokenEndpoint).toBe('https://as.example/token');
    expect(withMethod(secret, 'self_signed_tls_client_auth').tokenEndpoint).toBe('https://mtls.as.example/token');
    const edited = withMethod({ ...secret, tokenEndpoint: 'https://other.example/token' }, 'tls_client_auth');
    expect(edited.tokenEndpoint).toBe('https://other.example/token');
  });
});
