import { describe, expect, it } from 'vitest';
import { lintProfile } from '../../shared/lint';
import { oauthConfigSchema } from '../../shared/oauth';
import { identityOf, secretSlots } from '../../shared/profile';

const base = { scheme: 'oauth2', tokenEndpoint: 'https://as.example/token', clientId: 'c' };
const issues = (v: Record<string, unknown>) => oauthConfigSchema.safeParse(v).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
const slots = (v: Record<string, unknown>) => secretSlots(oauthConfigSchema.parse(v)).map((s) => s.slot);

describe('private key configurations: private_key_jwt, jwt_bearer, github_app', () => {
  it('names what a grant is missing', () => {
    expect(issues({ scheme: 'oauth2', grant: 'github_app' })).toEqual([
      expect.stringMatching(/^appId: The github_app grant needs appId/),
      expect.stringMatching(/^installationId: The github_app grant needs installationId/),
    ]);
    expect(issues({ ...base, grant: 'jwt_bearer' })).toEqual([expect.stringMatching(/^jwtSubject: .*RFC 7523 §3/)]);
    expect(issues({ scheme: 'oauth2', grant: 'client_credentials' })).toEqual([
      expect.stringMatching(/^tokenEndpoint: .*RFC 6749 §3\.2/),
      expect.stringMatching(/^clientId: .*RFC 6749 §2\.2/),
    ]);
    expect(issues({ scheme: 'oauth2', grant: 'github_app', appId: '1', installationId: '2', signingAlg: 'ES256' })).toEqual(['signingAlg: GitHub App JWTs are signed with RS256.']);
    expect(issues({ scheme: 'oauth2', grant: 'github_app', appId: '1', installationId: '../2' })).toEqual(['installationId: the installation ID: digits']);
    expect(issues({ ...base, grant: 'client_credentials', tokenEndpointAuthMethod: 'private_key_jwt', signingAlg: 'HS256' })).toHaveLength(1);
  });

  it('asks for the private key (and a client_secret only where one is sent)', () => {
    expect(slots({ ...base, grant: 'client_credentials', tokenEndpointAuthMethod: 'private_key_jwt' })).toEqual(['private_key']);
    expect(slots({ ...base, grant: 'jwt_bearer', jwtSubject: 's', tokenEndpointAuthMethod: 'none' })).toEqual(['private_key']);
    expect(slots({ ...base, grant: 'jwt_bearer', jwtSubject: 's' })).toEqual(['client_secret', 'private_key']);
    expect(slots({ ...base, grant: 'jwt_bearer', jwtSubject: 's', tokenEndpointAuthMethod: 'private_key_jwt' })).toEqual(['private_key']);
    expect(slots({ scheme: 'oauth2', grant: 'github_app', appId: '1', installationId: '2' })).toEqual(['private_key']);
    expect(slots({ ...base, grant: 'client_credentials' })).toEqual(['client_secret']);
  });

  it('identifies a GitHub App by its App ID and other profiles by client_id', () => {
    expect(identityOf({ auth: oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'github_app', appId: '12345', installationId: '2' }) })).toBe('12345');
    expect(identityOf({ auth: oauthConfigSchema.parse({ ...base, grant: 'jwt_bearer', jwtSubject: 's' }) })).toBe('c');
  });

  it('lints a public client holding a private key, and no client_secret rule for key-based profiles', () => {
    const codes = (v: Record<string, unknown>, clientType: 'public' | 'confidential' = 'public') => lintProfile({ clientType, auth: oauthConfigSchema.parse(v) }).map((w) => w.code);
    const [w] = lintProfile({ clientType: 'public', auth: oauthConfigSchema.parse({ ...base, grant: 'authorization_code', tokenEndpointAuthMethod: 'private_key_jwt' }) });
    expect(w).toMatchObject({ code: 'public-client-private-key', rule: expect.stringContaining('RFC 7523'), fix: expect.stringContaining('PKCE') });
    expect(codes({ scheme: 'oauth2', grant: 'github_app', appId: '1', installationId: '2' })).toEqual(['public-client-private-key']);
    expect(codes({ ...base, grant: 'jwt_bearer', jwtSubject: 's' })).toEqual(['public-client-secret', 'public-client-private-key']);
    expect(codes({ ...base, grant: 'client_credentials', tokenEndpointAuthMethod: 'private_key_jwt' }, 'confidential')).toEqual([]);
    expect(codes({ scheme: 'oauth2', grant: 'github_app', appId: '1', installationId: '2', apiBase: 'http://ghe.example/api/v3' }, 'confidential')).toEqual(['oauth-endpoint-http']);
  });
});
