import { describe, expect, it } from 'vitest';
import { lintProfile } from '../../shared/lint';
import { oauthConfigSchema } from '../../shared/oauth';

const oauth = (over: Record<string, unknown>) => oauthConfigSchema.parse({ scheme: 'oauth2', grant: 'authorization_code', tokenEndpoint: 'https://as.example/token', clientId: 'c', ...over });
const codes = (p: Parameters<typeof lintProfile>[0]) => lintProfile(p).map((w) => w.code);

describe('configuration lint', () => {
  it('warns when a public client would hold a client_secret, with the rule and the fix', () => {
    const [w] = lintProfile({ clientType: 'public', auth: oauth({ tokenEndpointAuthMethod: 'client_secret_basic' }) });
    expect(w).toMatchObject({ code: 'public-client-secret', rule: expect.stringContaining('RFC 6749 §2.1'), fix: expect.stringContaining('PKCE') });
    expect(codes({ clientType: 'public', auth: oauth({ tokenEndpointAuthMethod: 'none' }) })).toEqual([]);
    expect(codes({ clientType: 'confidential', auth: oauth({ tokenEndpointAuthMethod: 'client_secret_basic' }) })).toEqual([]);
  });

  it('mutual-TLS client authentication: a CA-issued client certificate is warned for a public client, a per-install self-signed one is not', () => {
    const certificate = { format: 'pkcs12' };
    const [w] = lintProfile({ clientType: 'public', auth: oauth({ tokenEndpointAuthMethod: 'tls_client_auth', clientCertificate: certificate }) });
    expect(w).toMatchObject({ code: 'public-client-certificate', rule: expect.stringContaining('RFC 8705 §2.1'), fix: expect.stringContaining('self_signed_tls_client_auth') });
    expect(codes({ clientType: 'public', auth: oauth({ tokenEndpointAuthMethod: 'self_signed_tls_client_auth', clientCertificate: certificate }) })).toEqual([]);
    expect(codes({ clientType: 'confidential', auth: oauth({ tokenEndpointAuthMethod: 'tls_client_auth', clientCertificate: certificate }) })).toEqual([]);
  });

  it('warns when a public client embeds a permanent API key, password or token', () => {
    expect(codes({ clientType: 'public', auth: { scheme: 'bearer', prefix: 'Bearer' } })).toEqual(['public-client-permanent-credential']);
    expect(codes({ clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' } })).toEqual([]);
  });

  it('covers every permanent-credential scheme for public clients, and long-term AWS keys', () => {
    expect(codes({ clientType: 'public', auth: { scheme: 'digest', username: 'u' } })).toEqual(['public-client-permanent-credential']);
    const aws = (accessKeyId: string) => ({ scheme: 'aws-sigv4' as const, accessKeyId, region: 'eu-west-1', service: 'execute-api' });
    expect(codes({ clientType: 'confidential', auth: aws('AKIAIOSFODNN7EXAMPLE') })).toEqual(['aws-long-term-key']);
    expect(codes({ clientType: 'confidential', auth: aws('ASIAIOSFODNN7EXAMPLE') })).toEqual([]);
  });

  it('flags OAuth endpoints and base URLs over plain http, except loopback', () => {
    expect(codes({ clientType: 'confidential', auth: oauth({ tokenEndpoint: 'http://as.example/token' }) })).toEqual(['oauth-endpoint-http']);
    expect(codes({ clientType: 'confidential', auth: oauth({ tokenEndpoint: 'http://127.0.0.1:8080/token' }) })).toEqual([]);
    expect(codes({ clientType: 'confidential', baseUrl: 'http://api.example', auth: { scheme: 'basic', username: 'u' } })).toEqual(['credentials-over-http']);
  });

  it('flags credentials in the query, and access tokens there by RFC 9700 §4.3.2', () => {
    const auth = { scheme: 'apikey' as const, placements: [{ in: 'query' as const, name: 'access_token' }, { in: 'query' as const, name: 'api_key' }, { in: 'header' as const, name: 'X-Key' }] };
    const ws = lintProfile({ clientType: 'confidential', auth });
    expect(ws.map((w) => w.code)).toEqual(['access-token-in-query', 'api-key-in-query']);
    expect(ws[0]!.rule).toContain('RFC 9700 §4.3.2');
  });

  it('warns when an authorization-code redirect URI names "localhost" instead of a loopback IP literal (RFC 8252 §8.3)', () => {
    const [w] = lintProfile({ clientType: 'public', auth: oauth({ tokenEndpointAuthMethod: 'none', redirectUri: 'http://localhost:8765/callback' }) });
    expect(w).toMatchObject({ code: 'redirect-uri-localhost', rule: expect.stringContaining('RFC 8252 §8.3'), fix: expect.stringContaining('http://127.0.0.1:') });
    expect(codes({ clientType: 'public', auth: oauth({ tokenEndpointAuthMethod: 'none', redirectUri: 'http://LOCALHOST:8765/callback' }) })).toEqual(['redirect-uri-localhost']);
    for (const redirectUri of ['http://127.0.0.1:8765/callback', 'http://[::1]:8765/callback', undefined]) {
      expect(codes({ clientType: 'public', auth: oauth({ tokenEndpointAuthMethod: 'none', redirectUri }) })).toEqual([]);
    }
    // Only the authorization code grant redirects the browser.
    expect(codes({ clientType: 'confidential', auth: oauth({ grant: 'client_credentials', redirectUri: 'http://localhost:8765/callback' }) })).toEqual([]);
  });

  it('warns that a client certificate is never presented over plain http, loopback included', () => {
    const mtls = { scheme: 'mtls' as const, format: 'pem' as const, certificatePem: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----' };
    const [w] = lintProfile({ clientType: 'confidential', baseUrl: 'http://127.0.0.1:8080', auth: mtls });
    expect(w).toMatchObject({ code: 'client-certificate-over-http', rule: expect.stringContaining('RFC 8446') });
    expect(codes({ clientType: 'confidential', baseUrl: 'http://api.example', auth: mtls })).toEqual(['client-certificate-over-http', 'credentials-over-http']);
    expect(codes({ clientType: 'confidential', baseUrl: 'https://api.example', auth: mtls })).toEqual([]);
  });
});
