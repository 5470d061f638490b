import { describe, expect, it } from 'vitest';
import { importPostman } from '../../shared/import/postman';
import { authSchema, secretSlots } from '../../shared/profile';
import { findLeaks } from '../helpers/leak-scan';

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
    { name: 'Digest', request: { method: 'GET', url: 'https://d.example.com', auth: { type: 'digest', digest: [] } } },
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
    ]);
    const [basic, bearer, key, cc] = r.profiles;
    expect(basic!.auth).toEqual({ scheme: 'basic', username: 'alice' });
    expect(basic!.secrets).toEqual({ password: SECRETS.password });
    expect(bearer!.secrets).toEqual({ token: SECRETS.token });
    expect(key!.auth).toEqual({ scheme: 'apikey', placements: [{ in: 'query', name: 'api_key' }] });
    expect(key!.secrets).toEqual({ key0: SECRETS.key }); // the environment wins over the collection variable
    expect(cc!.auth).toMatchObject({ grant: 'client_credentials', tokenEndpoint: 'https://login.example.com/oauth/token', clientId: 'my-client', scope: 'jobs:read jobs:write', tokenEndpointAuthMethod: 'client_secret_post' });
    expect(cc!.secrets).toEqual({ client_secret: SECRETS.clientSecret });
    expect(r.warnings.join(' ')).toMatch(/Digest: HTTP Digest .*not supported yet/);
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
    expect(r.warnings.join(' ')).toMatch(/\{\{password\}\}/);
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
