import { describe, expect, it } from 'vitest';
import { importPostman } from '../../shared/import/postman';
import { authSchema, secretSlots } from '../../shared/profile';
import { findLeaks } from '../helpers/leak-scan';
import { draftCreateRequest, withoutSecrets } from '../../renderer/src/lib/import-preview';

const SECRETS = { password: 'pw-Secret-1!', token: 'tok-Secret-2', key: 'key-Secret-3', clientSecret: 'cs-Secret-4' };

const collection = {
  info: { name: 'Demo API', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
  variable: [
    { key: 'baseUrl', value: 'https://api.example.com' },
    { key: 'user', value: 'alice' },
    { key: 'apiKey', value: 'overridden-by-environment' },
  ],
  auth: { type: 'basic', basic: [{ key: 'username', value: '{{user}}' }, { key: 'password', value: '{{password}}' }] },
  item: [
    { name: 'Inherits collection auth', request: { method: 'GET', url: { raw: '{{baseUrl}}/v1/me?x=1' } } },
    {
      name: 'Admin',
      auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{token}}' }] },
      item: [
        { name: 'List', request: { method: 'GET', url: '{{baseUrl}}/admin/list', auth: { type: 'inherit' } } },
        { name: 'Keyed', request: { method: 'GET', url: 'https://keys.example.com/x', auth: { type: 'apikey', apikey: [{ key: 'key', value: 'api_key' }, { key: 'value', value: '{{apiKey}}' }, { key: 'in', value: 'query' }] } } },
        { name: 'Public', request: { method: 'GET', url: '{{baseUrl}}/health', auth: { type: 'noauth' } } },
      ],
    },
    {
      name: 'Machine',
      request: {
        method: 'POST',
        url: 'https://api.example.com/jobs',
        auth: {
          type: 'oauth2',
          oauth2: [
            { key: 'grant_type', value: 'client_credentials' },
            { key: 'accessTokenUrl', value: 'https://login.example.com/oauth/token' },
            { key: 'clientId', value: 'my-client' },
            { key: 'clientSecret', value: '{{clientSecret}}' },
            { key: 'scope', value: 'jobs:read jobs:write' },
            { key: 'client_authentication', value: 'body' },
          ],
        },
      },
    },
    {
      name: 'Digest',
      request: {
        method: 'GET',
        url: 'https://d.example.com/x',
        auth: { type: 'digest', digest: [{ key: 'username', value: 'dave' }, { key: 'password', value: '{{password}}' }, { key: 'realm', value: 'R' }, { key: 'algorithm', value: 'MD5' }] },
      },
    },
  ],
};

const environment = {
  name: 'prod',
  values: [
    { key: 'password', value: SECRETS.password, type: 'secret', enabled: true },
    { key: 'token', value: SECRETS.token, type: 'secret', enabled: true },
    { key: 'apiKey', value: SECRETS.key, type: 'secret', enabled: true },
    { key: 'clientSecret', value: SECRETS.clientSecret, type: 'secret', enabled: true },
  ],
};

describe('importPostman', () => {
  it('collection-, folder- and request-level auth with {{variables}} from the collection and the environment', () => {
    const r = importPostman(collection, environment);
    expect(r.profiles.map((p) => [p.name, p.auth.scheme, p.baseUrl])).toEqual([
      ['Demo API', 'basic', 'https://api.example.com'],
      ['Admin', 'bearer', 'https://api.example.com'],
      ['Admin - Keyed', 'apikey', 'https://keys.example.com'],
      ['Machine', 'oauth2', 'https://api.example.com'],
      ['Digest', 'digest', 'https://d.example.com'],
    ]);
    const [basic, bearer, key, cc, digest] = r.profiles;
    expect(basic!.auth).toEqual({ scheme: 'basic', username: 'alice' });
    expect(basic!.secrets).toEqual({ password: SECRETS.password });
    expect(bearer!.secrets).toEqual({ token: SECRETS.token });
    expect(key!.auth).toEqual({ scheme: 'apikey', placements: [{ in: 'query', name: 'api_key' }] });
    expect(key!.secrets).toEqual({ key0: SECRETS.key }); // the environment wins over the collection variable
    expect(cc!.auth).toMatchObject({ grant: 'client_credentials', tokenEndpoint: 'https://login.example.com/oauth/token', clientId: 'my-client', scope: 'jobs:read jobs:write', tokenEndpointAuthMethod: 'client_secret_post' });
    expect(cc!.secrets).toEqual({ client_secret: SECRETS.clientSecret });
    expect(digest!.auth).toEqual({ scheme: 'digest', username: 'dave' }); // realm, nonce… come from each challenge
    expect(digest!.secrets).toEqual({ password: SECRETS.password });
    expect(r.warnings).toEqual([]);
  });

  it('secret values are only in `secrets`, and each draft names exactly its slots', () => {
    const r = importPostman(collection, environment);
    for (const p of r.profiles) {
      authSchema.parse(p.auth);
      expect(Object.keys(p.secrets).sort()).toEqual(secretSlots(p.auth).map((s) => s.slot).sort());
      const { secrets: _secrets, ...visible } = p;
      expect(findLeaks(JSON.stringify(visible), Object.values(SECRETS))).toEqual([]);
    }
  });

  it('reports variables that have no value', () => {
    const r = importPostman(collection);
    expect(r.warnings).toContain('{{password}} has no value (used in Demo API: password; Digest: password): type the secret on the profile below, or pass the environment that defines it.');
  });

  it('an unresolved variable in a setting becomes a placeholder to fill in, never a bogus value; each is reported where it is used', () => {
    const c = {
      info: { name: 'Partner' },
      variable: [{ key: 'scope', value: 'jobs:read' }],
      auth: {
        type: 'oauth2',
        oauth2: [
          { key: 'grant_type', value: 'client_credentials' },
          { key: 'accessTokenUrl', value: '{{authServer}}/oauth/token' },
          { key: 'clientId', value: '{{clientId}}' },
          { key: 'clientSecret', value: '{{clientSecret}}' },
          { key: 'scope', value: '{{scope}}' },
        ],
      },
      item: [
        { name: 'Jobs', request: { url: '{{baseUrl}}/jobs' } },
        { name: 'Basic', request: { url: 'https://b.example.com/x', auth: { type: 'basic', basic: { username: '{{user}}', password: 'pw-{{pwSuffix}}' } } } },
      ],
    };
    const r = importPostman(c);
    const [oauth, basic] = r.profiles;
    expect(oauth!.auth).toMatchObject({ tokenEndpoint: '{auth_server}/oauth/token', clientId: '{client_id}', scope: 'jobs:read' });
    expect(oauth!.placeholders.sort()).toEqual(['auth_server', 'client_id']);
    expect(oauth!.baseUrl).toBeUndefined();
    expect(basic!.auth).toEqual({ scheme: 'basic', username: '{user}' });
    expect(basic!.placeholders).toEqual(['user']);
    expect(r.warnings).toEqual([
      '{{clientSecret}} has no value (used in Partner: client_secret): type the secret on the profile below, or pass the environment that defines it.',
      '{{authServer}} has no value (used in Partner: token URL): fill in {auth_server} on the profile below, or pass the environment that defines it.',
      '{{clientId}} has no value (used in Partner: client_id): fill in {client_id} on the profile below, or pass the environment that defines it.',
      '{{baseUrl}} has no value (used in the URL of Jobs): enter the base URL yourself, or pass the environment that defines it.',
      '{{user}} has no value (used in Basic: username): fill in {user} on the profile below, or pass the environment that defines it.',
      '{{pwSuffix}} has no value (used in Basic: password): type the secret on the profile below, or pass the environment that defines it.',
    ]);
    // Filled in, the draft becomes a valid profile with the values given.
    const view = withoutSecrets(oauth!);
    const filled = draftCreateRequest(view, { name: 'Partner', baseUrl: '', values: { auth_server: 'https://login.partner.example', client_id: 'partner-app' } });
    expect(filled).toMatchObject({ ok: true, request: { auth: { tokenEndpoint: 'https://login.partner.example/oauth/token', clientId: 'partner-app' } } });
    expect(draftCreateRequest(view, { name: 'Partner', baseUrl: '', values: { auth_server: 'login.partner.example', client_id: 'x' } })).toMatchObject({ ok: false, message: expect.stringContaining('tokenEndpoint') });
    expect(view.slots).toEqual([expect.objectContaining({ slot: 'client_secret', found: null })]);

    const env = { values: ['authServer', 'clientId', 'clientSecret', 'baseUrl', 'user', 'pwSuffix'].map((key) => ({ key, value: key === 'authServer' || key === 'baseUrl' ? 'https://x.example' : `v-${key}` })) };
    const resolved = importPostman(c, env);
    expect(resolved.warnings).toEqual([]);
    expect(resolved.profiles.map((p) => p.placeholders)).toEqual([[], []]);
    expect(resolved.profiles[0]!.auth).toMatchObject({ tokenEndpoint: 'https://x.example/oauth/token', clientId: 'v-clientId' });
  });

  it('distinct variable names get distinct placeholders, and a variable that names itself stops', () => {
    const c = {
      info: { name: 'c' },
      variable: [{ key: 'loop', value: '{{loop}}' }],
      item: [{ name: 'k', request: { url: 'https://a.example', auth: { type: 'apikey', apikey: { key: '{{client-id}}-{{clientId}}-{{loop}}', value: 'k' } } } }],
    };
    const r = importPostman(c);
    expect(r.warnings.map((w) => w.split(' ')[0])).toEqual(['{{client-id}}', '{{clientId}}', '{{loop}}']);
    expect(r.warnings.join(' ')).toMatch(/\{client_id\}.*\{client_id_2\}.*\{loop\}/);
  });

  it('authorization code without a secret is a public PKCE client; password grant is refused', () => {
    const r = importPostman({
      info: { name: 'c' },
      item: [
        { name: 'code', request: { url: 'https://a.example.com', auth: { type: 'oauth2', oauth2: { grant_type: 'authorization_code_with_pkce', authUrl: 'https://id.example.com/auth', accessTokenUrl: 'https://id.example.com/token', clientId: 'app' } } } },
        { name: 'pw', request: { url: 'https://a.example.com', auth: { type: 'oauth2', oauth2: { grant_type: 'password_credentials', accessTokenUrl: 'https://id.example.com/token' } } } },
      ],
    });
    expect(r.profiles).toHaveLength(1);
    expect(r.profiles[0]).toMatchObject({ clientType: 'public', secrets: {}, auth: { grant: 'authorization_code', tokenEndpointAuthMethod: 'none', authorizationEndpoint: 'https://id.example.com/auth' } });
    expect(r.warnings.join(' ')).toMatch(/password_credentials grant is not supported/);
  });

  it('refuses what is not a collection', () => {
    expect(() => importPostman({ foo: 1 })).toThrow(/not a Postman collection/);
  });
});
