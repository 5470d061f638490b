import { describe, expect, it } from 'vitest';
import { importOpenApi } from '../../shared/import/openapi';

/** A Petstore-like document whose scheme keys are terse, as real documents often have them. */
const doc = {
  openapi: '3.0.3',
  info: { title: 'Petstore API', version: '1.0' },
  servers: [{ url: 'https://petstore.example.com/v1' }],
  components: {
    securitySchemes: {
      b: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      basic: { type: 'http', scheme: 'basic' },
      k: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://id.petstore.example.com/.well-known/openid-configuration' },
      o1: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://id.petstore.example.com/token', scopes: {} } } },
      o2: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://id.petstore.example.com/token2', scopes: {} } } },
    },
  },
  security: [{ b: [] }, { basic: [] }, { k: [] }, { oidc: [] }, { o1: [] }, { o2: [] }],
  paths: {},
};

describe('importOpenApi: draft names a person recognises', () => {
  it("names each draft after the API's title and the scheme in words, unique, the scheme key kept as its source", () => {
    const r = importOpenApi(doc);
    expect(r.profiles.map((p) => p.name)).toEqual([
      'Petstore API (bearer token)',
      'Petstore API (HTTP Basic)',
      'Petstore API (API key X-Api-Key)',
      'Petstore API (OpenID Connect)',
      'Petstore API (OAuth 2.0)',
      'Petstore API (OAuth 2.0, 2)',
    ]);
    expect(r.profiles.map((p) => p.source)).toEqual([['b'], ['basic'], ['k'], ['oidc'], ['o1'], ['o2']]);
  });

  it('the openIdConnect draft keeps the issuer from openIdConnectUrl instead of asking for endpoints under it', () => {
    const oidc = importOpenApi(doc).profiles.find((p) => p.source[0] === 'oidc')!;
    expect(oidc.auth).toMatchObject({ issuer: 'https://id.petstore.example.com', authorizationEndpoint: '{authorization_endpoint}', tokenEndpoint: '{token_endpoint}' });
  });

  it('falls back to the server host when the document has no title, and stays within 80 characters', () => {
    const untitled = importOpenApi({ ...doc, info: { version: '1' } });
    expect(untitled.profiles[0]!.name).toBe('petstore.example.com (bearer token)');
    const long = importOpenApi({ ...doc, info: { title: 'A'.repeat(120), version: '1' } });
    for (const p of long.profiles) expect(p.name.length).toBeLessThanOrEqual(80);
    expect(new Set(long.profiles.map((p) => p.name)).size).toBe(long.profiles.length);
  });
});
