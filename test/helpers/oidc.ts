import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClientMetadata } from 'oidc-provider';

/** Client registrations of the test OpenID provider. */
export const OIDC_CLIENTS = {
  service: { client_id: 'svc', client_secret: 'svc secret:+/=&#%1', grant_types: ['client_credentials'], redirect_uris: [], response_types: [], token_endpoint_auth_method: 'client_secret_basic' },
  postService: { client_id: 'svc-post', client_secret: 'post-secret-2', grant_types: ['client_credentials'], redirect_uris: [], response_types: [], token_endpoint_auth_method: 'client_secret_post' },
  desktop: {
    client_id: 'desktop',
    token_endpoint_auth_method: 'none',
    application_type: 'native',
    grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
    response_types: ['code'],
    redirect_uris: ['http://127.0.0.1/callback'],
  },
} satisfies Record<string, ClientMetadata>;

/**
 * A real OAuth 2.0 / OpenID Connect server (panva's oidc-provider) on 127.0.0.1 with client credentials,
 * revocation, introspection and its development login pages (any username, any password).
 * @param extraClients more registrations, e.g. a `private_key_jwt` client with the `jwks` a test generated
 */
export async function startOidcProvider(extraClients: ClientMetadata[] = []): Promise<{ issuer: string; close(): Promise<void> }> {
  const { default: Provider } = await import('oidc-provider');
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [...Object.values(OIDC_CLIENTS), ...extraClients],
    features: {
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      devInteractions: { enabled: true },
      deviceFlow: { enabled: true },
    },
    scopes: ['openid', 'offline_access', 'api:read'],
    pkce: { required: () => true },
    rotateRefreshToken: true,
    issueRefreshToken: async () => true,
    ttl: { ClientCredentials: 600, AccessToken: 600 },
  });
  provider.proxy = false;
  server.on('request', provider.callback());
  return {
    issuer,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
