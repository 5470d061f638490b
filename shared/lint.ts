import { usesClientSecret, usesPrivateKey } from './oauth';
import type { AuthConfig, ClientType } from './profile';

/** A configuration warning shown in the editor and by `authdesk profile show`. */
export interface LintWarning {
  code: string;
  message: string;
  /** The rule it follows (an RFC section or the guidance Authdesk follows). */
  rule: string;
  fix: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `url` parsed, or null when there is none or it does not parse. */
function parsed(url: string | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for http:// URLs to anything but loopback (RFC 8252 §8.3 allows plain http only there). */
function plainHttp(url: string | undefined): boolean {
  const u = parsed(url);
  return u !== null && u.protocol === 'http:' && !LOOPBACK.has(u.hostname);
}

/**
 * Lints a profile's configuration for what a security review would flag: a public client holding a permanent
 * secret, credentials or token endpoints over plain http, credentials in URLs, a loopback redirect URI by the name
 * "localhost" (RFC 8252 §8.3). Pure; the same rules run in the editor (renderer) and the CLI.
 *
 * Mutual-TLS client authentication (RFC 8705 §2) and public clients: `tls_client_auth` names the client by the
 * subject of a certificate its CA issued to that client, so its private key is one shared credential, which an app
 * shipped to many people cannot keep (RFC 8252 §8.5): warned, like a client_secret. `self_signed_tls_client_auth`
 * is not warned: a public client may make its own key pair on each installation and register the self-signed
 * certificate (RFC 8705 §2.2, §4 binds a public client's tokens to such a certificate; RFC 7591 dynamic
 * registration), so the key is a per-installation credential, never a shared secret.
 */
export function lintProfile(p: { clientType: ClientType; baseUrl?: string | null; auth: AuthConfig }): LintWarning[] {
  const out: LintWarning[] = [];
  const { auth } = p;
  if (p.clientType === 'public') {
    if (auth.scheme === 'oauth2' && usesClientSecret(auth)) {
      out.push({
        code: 'public-client-secret',
        message: 'A public client (web, mobile or desktop app) cannot keep a client_secret: anyone with the app can extract it.',
        rule: 'RFC 6749 §2.1, RFC 8252 §8.5',
        fix: 'Set client authentication to "none" and rely on PKCE (authorization code) instead of a secret.',
      });
    }
    if (auth.scheme === 'oauth2' && usesPrivateKey(auth)) {
      out.push({
        code: 'public-client-private-key',
        message: 'A public client cannot keep a private key either: private_key_jwt, a JWT bearer assertion or a GitHub App key shipped in an app can be extracted and used to sign as the client.',
        rule: 'RFC 6749 §2.1, RFC 7523 §2.2, §5, RFC 8252 §8.5',
        fix: 'Sign with the private key only on a server (a confidential client); in a public app use the authorization code grant with PKCE and client authentication "none".',
      });
    }
    if (auth.scheme === 'oauth2' && auth.grant !== 'github_app' && auth.tokenEndpointAuthMethod === 'tls_client_auth') {
      out.push({
        code: 'public-client-certificate',
        message: 'A public client cannot keep the private key of a certificate its CA issued to the client: anyone with a copy of the app can extract it and authenticate as the client.',
        rule: 'RFC 6749 §2.1, RFC 8252 §8.5, RFC 8705 §2.1',
        fix: 'Use self_signed_tls_client_auth with a key pair made on each installation (RFC 8705 §2.2, §4), or client authentication "none" with PKCE.',
      });
    }
    if (['basic', 'apikey', 'bearer', 'digest', 'aws-sigv4', 'mtls'].includes(auth.scheme)) {
      out.push({
        code: 'public-client-permanent-credential',
        message: 'This public client would embed a permanent credential. Do not ship API keys, passwords or long-lived tokens in web or mobile apps.',
        rule: 'OWASP API Security Top 10 (API2: Broken Authentication); RFC 8252 §8.5',
        fix: 'Call the API from your server (a confidential client), or use OAuth 2.0 with PKCE to obtain short-lived tokens per user.',
      });
    }
  }
  if (auth.scheme === 'oauth2') {
    for (const [name, url] of [
      ['token endpoint', auth.tokenEndpoint],
      ['authorization endpoint', auth.authorizationEndpoint],
      ['device authorization endpoint', auth.deviceAuthorizationEndpoint],
      ['revocation endpoint', auth.revocationEndpoint],
      ['GitHub API base', auth.apiBase],
    ] as const) {
      if (plainHttp(url)) {
        out.push({
          code: 'oauth-endpoint-http',
          message: `The ${name} uses plain http: codes, secrets and tokens would cross the network unencrypted.`,
          rule: 'RFC 6749 §3.1, §3.2 (TLS required); RFC 9700 §2.6',
          fix: 'Use the https:// endpoint (plain http is acceptable only on 127.0.0.1 or localhost).',
        });
      }
    }
  }
  if (auth.scheme === 'oauth2' && auth.grant === 'authorization_code' && parsed(auth.redirectUri)?.hostname === 'localhost') {
    out.push({
      code: 'redirect-uri-localhost',
      message: 'The redirect URI uses the name "localhost": it may resolve to another address than the loopback interface the sign-in listens on (a hosts file, a firewall, IPv4 against IPv6), and the authorization code would not arrive or go elsewhere.',
      rule: 'RFC 8252 §8.3 ("localhost" is NOT RECOMMENDED), §7.3',
      fix: 'Register and use http://127.0.0.1:PORT/… (or http://[::1]:PORT/…) with the authorization server, if it allows it.',
    });
  }
  if (auth.scheme === 'mtls' && parsed(p.baseUrl ?? undefined)?.protocol === 'http:') {
    out.push({
      code: 'client-certificate-over-http',
      message: 'The base URL uses plain http: a client certificate is presented only in a TLS handshake, so these requests would carry no credential at all.',
      rule: 'RFC 8446 §4.4.2; RFC 8705 §2',
      fix: 'Use the https:// base URL.',
    });
  }
  if (plainHttp(p.baseUrl ?? undefined)) {
    out.push({
      code: 'credentials-over-http',
      message: 'The base URL uses plain http: the credentials would be readable by anyone on the network path.',
      rule: 'RFC 7617 §4; RFC 6750 §5.3',
      fix: 'Use https://.',
    });
  }
  if (auth.scheme === 'aws-sigv4' && /^AKIA/.test(auth.accessKeyId)) {
    out.push({
      code: 'aws-long-term-key',
      message: 'This is a long-term AWS access key (AKIA…). If it leaks it stays valid until someone deletes it.',
      rule: 'AWS IAM best practices: use temporary credentials',
      fix: 'Prefer temporary credentials (ASIA… with a session token) from STS or IAM Identity Center.',
    });
  }
  if (auth.scheme === 'apikey') {
    for (const pl of auth.placements.filter((x) => x.in === 'query')) {
      const tokenLike = /^(access_token|token|id_token)$/i.test(pl.name);
      out.push({
        code: tokenLike ? 'access-token-in-query' : 'api-key-in-query',
        message: `The credential "${pl.name}" travels in the URL query, where proxies, server logs and browser history keep it.`,
        rule: tokenLike ? 'RFC 9700 §4.3.2; RFC 6750 §2.3' : 'RFC 6750 §2.3, §5.3 (applies to any credential in a URL)',
        fix: 'Prefer a header placement if the API supports one.',
      });
    }
  }
  return out;
}
