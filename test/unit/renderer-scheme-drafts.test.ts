import { describe, expect, it } from 'vitest';
import { authSchema, secretSlots } from '../../shared/profile';
import { authOf, draftProblem, initialDraft, withGrant, type ProfileDraft } from '../../renderer/src/lib/draft';
import { describeSecretText } from '../../renderer/src/lib/secret-text';

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
    expect(draftProblem(gh)).toMatch(/App ID/);
    gh.oauth = { ...gh.oauth, appId: '12345', installationId: '678' };
    expect(draftProblem(gh)).toBeNull();
    const ghAuth = authSchema.parse(authOf(gh));
    expect(ghAuth).not.toHaveProperty('clientId');
    expect(secretSlots(ghAuth).map((s) => s.slot)).toEqual(['private_key']);

    const jwt = withGrant(draft({ scheme: 'oauth2' }), 'jwt_bearer');
    expect(jwt.clientType).toBe('confidential');
    jwt.oauth = { ...jwt.oauth, tokenEndpoint: 'https://as.example.com/token', clientId: 'svc', signingAlg: 'ES256', keyId: 'k1' };
    expect(draftProblem(jwt)).toMatch(/JWT subject/);
    jwt.oauth.jwtSubject = 'user@example.com';
    const jwtAuth = authSchema.parse(authOf(jwt));
    expect(jwtAuth).toMatchObject({ tokenEndpointAuthMethod: 'private_key_jwt', signingAlg: 'ES256', keyId: 'k1', jwtSubject: 'user@example.com' });
    expect(secretSlots(jwtAuth).map((s) => s.slot)).toEqual(['private_key']);
  });

  it('refuses what the schema would refuse, in words', () => {
    expect(draftProblem(draft({ scheme: 'aws-sigv4', sigv4: { accessKeyId: 'short', region: 'us-east-1', service: 's3' } }))).toMatch(/access key ID/);
    expect(draftProblem(draft({ scheme: 'mtls', mtls: { format: 'pem', certificatePem: 'nope', caPem: '' } }))).toMatch(/client certificate/);
  });

  it('describes a multi-line secret without repeating any of it', () => {
    expect(describeSecretText('-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----', 'pem')).toBe('RSA PRIVATE KEY · 3 lines');
    expect(describeSecretText('AAECAw==', 'base64')).toBe('PKCS#12 bundle · 4 bytes');
    expect(describeSecretText('not base64!', 'base64')).toMatch(/not base64/);
  });
});
