import { describe, expect, it } from 'vitest';
import { importOpenApi } from '../../shared/import/openapi';
import { authSchema } from '../../shared/profile';

const v3 = (components: object, security?: object[], extra: object = {}) => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  servers: [{ url: 'https://{region}.api.example.com/v2', variables: { region: { default: 'eu' } } }],
  components: { securitySchemes: components },
  ...(security ? { security } : {}),
  paths: {},
  ...extra,
});

describe('importOpenApi', () => {
  it('T4: two apiKey schemes in ONE requirement (AND) → one profile with both headers; separate requirements are alternatives (OR)', () => {
    const doc = v3(
      {
        ApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        ApiSecret: { type: 'apiKey', in: 'header', name: 'X-Api-Secret' },
        Token: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
      [{ ApiKey: [], ApiSecret: [] }, { Token: [] }],
    );
    const r = importOpenApi(doc);
    expect(r.alternatives).toEqual([['ApiKey', 'ApiSecret'], ['Token']]);
    expect(r.profiles).toHaveLength(2);
    const [both, bearer] = r.profiles;
    expect(both!.auth).toEqual({
      scheme: 'apikey',
      placements: [
        { in: 'header', name: 'X-Api-Key' },
        { in: 'header', name: 'X-Api-Secret' },
      ],
    });
    expect(both!.source).toEqual(['ApiKey', 'ApiSecret']);
    expect(both!.baseUrl).toBe('https://eu.api.example.com/v2');
    expect(bearer!.auth).toEqual({ scheme: 'bearer', prefix: 'Bearer' });
    expect(bearer!.notes.join(' ')).toMatch(/JWT/);
  });

  it('operation-level requirements count too, and ANDed schemes are not also drafted alone', () => {
    const doc = v3({ A: { type: 'apiKey', in: 'query', name: 'key' }, B: { type: 'apiKey', in: 'cookie', name: 'sid' } }, undefined, {
      paths: { '/x': { get: { security: [{ A: [], B: [] }] }, post: { security: [{}] } } },
    });
    const r = importOpenApi(doc);
    expect(r.alternatives).toEqual([['A', 'B'], []]);
    expect(r.profiles.map((p) => p.source)).toEqual([['A', 'B']]);
  });

  it('http basic, digest, apiKey in header/query/cookie', () => {
    const r = importOpenApi(
      v3({
        basic: { type: 'http', scheme: 'basic' },
        dig: { type: 'http', scheme: 'digest' },
        q: { type: 'apiKey', in: 'query', name: 'api_key' },
        c: { type: 'apiKey', in: 'cookie', name: 'session' },
      }),
    );
    expect(r.profiles.map((p) => p.auth)).toEqual([
      { scheme: 'basic', username: '{username}' },
      { scheme: 'digest', username: '{username}' },
      { scheme: 'apikey', placements: [{ in: 'query', name: 'api_key' }] },
      { scheme: 'apikey', placements: [{ in: 'cookie', name: 'session' }] },
    ]);
    expect(r.profiles[0]!.placeholders).toEqual(['username']);
    expect(r.profiles[1]!.placeholders).toEqual(['username']);
    expect(r.warnings.join(' ')).not.toMatch(/dig/);
  });

  it('oauth2 flows: client credentials, authorization code (PKCE, public), device; implicit and password refused', () => {
    const r = importOpenApi(
      v3(
        {
          oauth: {
            type: 'oauth2',
            flows: {
              clientCredentials: { tokenUrl: '/oauth/token', scopes: { read: 'r', write: 'w' } },
              authorizationCode: { authorizationUrl: 'https://login.example.com/authorize', tokenUrl: 'https://login.example.com/token', scopes: { read: 'r' } },
              deviceAuthorization: { deviceAuthorizationUrl: 'https://login.example.com/device', tokenUrl: 'https://login.example.com/token', scopes: {} },
              implicit: { authorizationUrl: 'https://login.example.com/authorize', scopes: {} },
              password: { tokenUrl: 'https://login.example.com/token', scopes: {} },
            },
          },
        },
        [{ oauth: ['read', 'write'] }],
      ),
    );
    expect(r.profiles.map((p) => p.name)).toEqual(['t (OAuth 2.0, client credentials)', 't (OAuth 2.0, authorization code)', 't (OAuth 2.0, device authorization)']);
    const [cc, ac, dev] = r.profiles.map((p) => p.auth);
    expect(cc).toMatchObject({ grant: 'client_credentials', tokenEndpoint: 'https://eu.api.example.com/oauth/token', scope: 'read write', tokenEndpointAuthMethod: 'client_secret_basic', clientId: '{client_id}' });
    expect(ac).toMatchObject({ grant: 'authorization_code', authorizationEndpoint: 'https://login.example.com/authorize', tokenEndpointAuthMethod: 'none' });
    expect(r.profiles[1]!.clientType).toBe('public');
    expect(dev).toMatchObject({ grant: 'device_code', deviceAuthorizationEndpoint: 'https://login.example.com/device' });
    expect(r.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/implicit flow is not supported \(RFC 9700 §2\.1\.2, §2\.4/), expect.stringMatching(/password flow is not supported/)]));
    for (const p of r.profiles) expect(authSchema.safeParse(p.auth).success).toBe(true);
  });

  it('openIdConnect: issuer is the discovery URL minus /.well-known/openid-configuration; the endpoints wait for Discover', () => {
    const r = importOpenApi(v3({ oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://id.example.com/realms/x/.well-known/openid-configuration' } }, [{ oidc: ['profile'] }]));
    expect(r.profiles[0]!.auth).toMatchObject({
      scheme: 'oauth2',
      issuer: 'https://id.example.com/realms/x',
      authorizationEndpoint: '{authorization_endpoint}',
      tokenEndpoint: '{token_endpoint}',
      scope: 'openid profile',
    });
    expect(r.profiles[0]!.placeholders.sort()).toEqual(['authorization_endpoint', 'client_id', 'token_endpoint']);
    expect(r.profiles[0]!.notes.join(' ')).toMatch(/Discover reads the endpoints from https:\/\/id\.example\.com\/realms\/x\/\.well-known\/openid-configuration/);
    const none = importOpenApi(v3({ oidc: { type: 'openIdConnect' } }, [{ oidc: [] }]));
    expect(none.profiles[0]!.placeholders.sort()).toEqual(['authorization_endpoint', 'client_id', 'issuer', 'token_endpoint']);
  });

  it('Swagger 2.0: securityDefinitions, basic, accessCode/application flows, host+basePath, $ref', () => {
    const r = importOpenApi(
      JSON.stringify({
        swagger: '2.0',
        host: 'api.example.com',
        basePath: '/v1',
        schemes: ['http', 'https'],
        securityDefinitions: {
          basic: { type: 'basic' },
          app: { type: 'oauth2', flow: 'application', tokenUrl: 'https://api.example.com/token', scopes: { a: '' } },
          code: { type: 'oauth2', flow: 'accessCode', authorizationUrl: 'https://api.example.com/auth', tokenUrl: 'https://api.example.com/token', scopes: {} },
          imp: { type: 'oauth2', flow: 'implicit', authorizationUrl: 'https://api.example.com/auth', scopes: {} },
        },
        security: [{ basic: [] }, { app: ['a'] }, { code: [] }],
        paths: {},
      }),
    );
    expect(r.profiles.map((p) => [p.name, p.auth.scheme, p.baseUrl])).toEqual([
      ['api.example.com (HTTP Basic)', 'basic', 'https://api.example.com/v1'],
      ['api.example.com (OAuth 2.0)', 'oauth2', 'https://api.example.com/v1'],
      ['api.example.com (OAuth 2.0, 2)', 'oauth2', 'https://api.example.com/v1'],
    ]);
    expect(r.profiles[1]!.auth).toMatchObject({ grant: 'client_credentials', scope: 'a' });
    expect(r.warnings.join(' ')).toMatch(/imp: the implicit flow is not supported/);
  });

  it('resolves local $ref in securitySchemes; refuses non-OpenAPI input', () => {
    const doc = v3({ k: { $ref: '#/components/x/key' } }, [{ k: [] }], {});
    (doc.components as Record<string, unknown>).x = { key: { type: 'apiKey', in: 'header', name: 'X-Key' } };
    expect(importOpenApi(doc).profiles[0]!.auth).toEqual({ scheme: 'apikey', placements: [{ in: 'header', name: 'X-Key' }] });
    expect(() => importOpenApi({ info: {} })).toThrow(/not an OpenAPI/);
    expect(() => importOpenApi('title: not an API\n')).toThrow(/not an OpenAPI/);
  });

  it('scheme names that are Object.prototype names ("constructor", "__proto__", "toString") are names like any other', () => {
    const text = '{"openapi":"3.0.0","components":{"securitySchemes":{"__proto__":{"type":"http","scheme":"basic"},"constructor":{"type":"http","scheme":"bearer"}}},"security":[{"constructor":[]},{"__proto__":[]},{"toString":[]}]}';
    const r = importOpenApi(text);
    expect(r.profiles.map((p) => [p.name, p.auth.scheme])).toEqual([
      ['API (bearer token)', 'bearer'],
      ['API (HTTP Basic)', 'basic'],
    ]);
    expect(r.alternatives).toEqual([['constructor'], ['__proto__'], ['toString']]);
    expect(r.warnings).toEqual(['The security requirement toString names undefined schemes: toString.']);
  });

  it('a mutualTLS scheme points to a mutual TLS profile (the document cannot carry the certificate)', () => {
    const r = importOpenApi({ openapi: '3.1.0', components: { securitySchemes: { cert: { type: 'mutualTLS' } } }, security: [{ cert: [] }] });
    expect(r.profiles).toEqual([]);
    expect(r.warnings).toEqual(['cert: mutual TLS needs your client certificate and key, which the document cannot carry; create a mutual TLS profile with them.']);
  });
});

describe('importOpenApi: YAML documents', () => {
  it('OpenAPI 3 in YAML with anchors, aliases and a << merge key: T4 AND/OR as for JSON', () => {
    const yaml = [
      'openapi: 3.0.3',
      'info: { title: Orders, version: "1" }',
      'servers:',
      '  - url: https://api.orders.example/v1',
      'x-key-base: &keyBase',
      '  type: apiKey',
      '  in: header',
      'components:',
      '  securitySchemes:',
      '    ApiKey:',
      '      <<: *keyBase',
      '      name: X-Api-Key',
      '    ApiSecret:',
      '      <<: *keyBase',
      '      name: X-Api-Secret',
      '    OAuth:',
      '      type: oauth2',
      '      flows:',
      '        clientCredentials:',
      '          tokenUrl: https://auth.orders.example/token',
      '          scopes: &scopes { "orders:read": read orders }',
      '        authorizationCode:',
      '          authorizationUrl: https://auth.orders.example/authorize',
      '          tokenUrl: https://auth.orders.example/token',
      '          scopes: *scopes',
      'security:',
      '  - { ApiKey: [], ApiSecret: [] }',
      '  - OAuth: [ "orders:read" ]',
      'paths: {}',
    ].join('\n');
    const r = importOpenApi(yaml);
    expect(r.alternatives).toEqual([['ApiKey', 'ApiSecret'], ['OAuth']]);
    expect(r.profiles.map((p) => p.auth.scheme)).toEqual(['apikey', 'oauth2', 'oauth2']);
    expect(r.profiles[0]!.auth).toEqual({ scheme: 'apikey', placements: [{ in: 'header', name: 'X-Api-Key' }, { in: 'header', name: 'X-Api-Secret' }] });
    expect(r.profiles[1]!.auth).toMatchObject({ grant: 'client_credentials', tokenEndpoint: 'https://auth.orders.example/token', scope: 'orders:read' });
    expect(r.profiles[2]!.auth).toMatchObject({ grant: 'authorization_code', authorizationEndpoint: 'https://auth.orders.example/authorize' });
    expect(r.profiles[0]!.baseUrl).toBe('https://api.orders.example/v1');
  });

  it('Swagger 2.0 in YAML, with the version unquoted (YAML reads it as the number 2)', () => {
    const r = importOpenApi('swagger: 2.0\nhost: api.example.com\nsecurityDefinitions:\n  basic:\n    type: basic\nsecurity:\n  - basic: []\npaths: {}\n');
    expect(r.profiles.map((p) => [p.auth.scheme, p.baseUrl])).toEqual([['basic', 'https://api.example.com']]);
  });

  it('a billion-laughs document is refused at once with a clear error, not expanded', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = performance.now();
    expect(() => importOpenApi(`openapi: 3.0.0\n${levels.join('\n')}\n`)).toThrow(/refused: its anchors and aliases expand without bound \(a "billion laughs" document\)/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('malformed YAML names the problem and its line', () => {
    expect(() => importOpenApi('openapi: 3.0.0\ncomponents:\n  securitySchemes: [unclosed\n')).toThrow(/neither JSON nor valid YAML: .*line \d+, column \d+\.$/);
    expect(() => importOpenApi('openapi: 3.0.0\nopenapi: 3.1.0\n')).toThrow(/neither JSON nor valid YAML: Map keys must be unique/);
  });
});
