import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

/**
 * The sandbox's OAuth 2.0 authorization server, so every grant can be tried offline: RFC 8414 metadata, client
 * credentials (client_secret_basic or _post), authorization code with PKCE S256 and a simple consent page,
 * refresh with rotation (a used refresh token stops working), the device flow with a verification page, and
 * revocation. State is in memory and dies with the sandbox.
 */

export const SANDBOX_CLIENTS = {
  confidential: { clientId: 'sandbox-service', clientSecret: 'sandbox-client-secret-42' },
  public: { clientId: 'sandbox-desktop' },
};

/** What a code, token or device code was issued for. */
export interface Grant {
  clientId: string;
  scope: string;
}

const tok = () => randomBytes(24).toString('base64url');
const same = (a: string, b: string) => {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
};
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export class SandboxOAuth {
  private readonly codes = new Map<string, Grant & { redirectUri: string; challenge: string; expires: number }>();
  private readonly access = new Map<string, Grant & { expires: number }>();
  private readonly refresh = new Map<string, Grant>();
  private readonly devices = new Map<string, Grant & { userCode: string; approved: boolean | null; expires: number; lastPoll: number }>();

  constructor(
    private readonly issuer: () => string,
    private readonly accessTtlS = 300,
  ) {}

  /** RFC 8414 metadata. */
  metadata(): Record<string, unknown> {
    const b = this.issuer();
    return {
      issuer: b,
      authorization_endpoint: `${b}/oauth/authorize`,
      token_endpoint: `${b}/oauth/token`,
      device_authorization_endpoint: `${b}/oauth/device_authorization`,
      revocation_endpoint: `${b}/oauth/revoke`,
      grant_types_supported: ['client_credentials', 'authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
      authorization_response_iss_parameter_supported: true,
      scopes_supported: ['read', 'write'],
    };
  }

  /** What a live sandbox access token was issued for (its client_id and scope), or null when it is not one. */
  accessTokenGrant(token: string): Grant | null {
    const t = this.access.get(token);
    return t !== undefined && t.expires > Date.now() ? { clientId: t.clientId, scope: t.scope } : null;
  }

  private issue(res: http.ServerResponse, grant: Grant, withRefresh: boolean): void {
    const accessToken = tok();
    this.access.set(accessToken, { ...grant, expires: Date.now() + this.accessTtlS * 1000 });
    const body: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', expires_in: this.accessTtlS, scope: grant.scope };
    if (withRefresh) {
      const refreshToken = tok();
      this.refresh.set(refreshToken, grant);
      body.refresh_token = refreshToken;
    }
    send(res, 200, body);
  }

  /** Client authentication (RFC 6749 §2.3.1); returns the client_id or null after answering invalid_client. */
  private client(req: http.IncomingMessage, form: URLSearchParams, res: http.ServerResponse): string | null {
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      id = decodeURIComponent(decoded.slice(0, i).replace(/\+/g, ' '));
      secret = decodeURIComponent(decoded.slice(i + 1).replace(/\+/g, ' '));
    }
    const c = SANDBOX_CLIENTS;
    if (id === c.public.clientId && !secret) return id;
    if (id === c.confidential.clientId && secret !== null && same(secret, c.confidential.clientSecret)) return id;
    send(res, 401, { error: 'invalid_client', error_description: 'Unknown client or wrong client_secret.' }, { 'WWW-Authenticate': 'Basic realm="sandbox"' });
    return null;
  }

  /** Handles /oauth/* and /device; returns false for other paths. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string): boolean {
    const form = new URLSearchParams(body);
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /.well-known/oauth-authorization-server':
        send(res, 200, this.metadata());
        return true;
      case 'GET /oauth/authorize':
        this.authorizePage(res, url.searchParams);
        return true;
      case 'POST /oauth/authorize':
        this.decide(res, form);
        return true;
      case 'POST /oauth/token':
        this.token(req, res, form);
        return true;
      case 'POST /oauth/device_authorization': {
        const clientId = this.client(req, form, res);
        if (!clientId) return true;
        const deviceCode = tok();
        const userCode = `${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}`.toUpperCase();
        this.devices.set(deviceCode, { clientId, scope: form.get('scope') ?? 'read', userCode, approved: null, expires: Date.now() + 600_000, lastPoll: 0 });
        const b = this.issuer();
        send(res, 200, { device_code: deviceCode, user_code: userCode, verification_uri: `${b}/device`, verification_uri_complete: `${b}/device?user_code=${userCode}`, expires_in: 600, interval: 2 });
        return true;
      }
      case 'GET /device':
        page(res, 'Approve a device', `<form method="post" action="/device"><label>Code <input name="user_code" value="${esc(url.searchParams.get('user_code') ?? '')}" autofocus></label> <button name="approve" value="yes">Approve</button> <button name="approve" value="no">Deny</button></form>`);
        return true;
      case 'POST /device': {
        const entry = [...this.devices.values()].find((d) => d.userCode === (form.get('user_code') ?? '').toUpperCase());
        if (entry) entry.approved = form.get('approve') === 'yes';
        page(res, entry ? (entry.approved ? 'Device approved' : 'Device denied') : 'Unknown code', 'You can return to Authdesk.');
        return true;
      }
      case 'POST /oauth/revoke': {
        if (!this.client(req, form, res)) return true;
        const t = form.get('token') ?? '';
        this.access.delete(t);
        this.refresh.delete(t);
        res.writeHead(200).end();
        return true;
      }
      default:
        return false;
    }
  }

  private authorizePage(res: http.ServerResponse, q: URLSearchParams): void {
    const redirect = q.get('redirect_uri') ?? '';
    const loopback = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+\//.test(redirect);
    if (q.get('client_id') !== SANDBOX_CLIENTS.public.clientId || !loopback) return send(res, 400, { error: 'invalid_request', error_description: 'Unknown client_id or a redirect_uri that is not loopback.' });
    if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
      return send(res, 400, { error: 'invalid_request', error_description: 'PKCE with S256 is required.' });
    }
    const hidden = ['redirect_uri', 'state', 'code_challenge', 'scope', 'client_id'].map((k) => `<input type="hidden" name="${k}" value="${esc(q.get(k) ?? '')}">`).join('');
    page(res, 'Authdesk sandbox: authorize', `<p><b>sandbox-desktop</b> asks for <code>${esc(q.get('scope') ?? 'read')}</code>.</p><form method="post" action="/oauth/authorize">${hidden}<button name="decision" value="approve" autofocus>Approve</button> <button name="decision" value="deny">Deny</button></form>`);
  }

  private decide(res: http.ServerResponse, form: URLSearchParams): void {
    const redirect = new URL(form.get('redirect_uri') ?? 'http://127.0.0.1/');
    redirect.searchParams.set('state', form.get('state') ?? '');
    redirect.searchParams.set('iss', this.issuer());
    if (form.get('decision') === 'approve') {
      const code = tok();
      this.codes.set(code, { clientId: form.get('client_id') ?? '', scope: form.get('scope') ?? 'read', redirectUri: form.get('redirect_uri') ?? '', challenge: form.get('code_challenge') ?? '', expires: Date.now() + 60_000 });
      redirect.searchParams.set('code', code);
    } else redirect.searchParams.set('error', 'access_denied');
    res.writeHead(302, { Location: redirect.toString(), 'Referrer-Policy': 'no-referrer' }).end();
  }

  private token(req: http.IncomingMessage, res: http.ServerResponse, form: URLSearchParams): void {
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return send(res, 400, { error: 'invalid_request', error_description: 'Token requests are form-encoded.' });
    const clientId = this.client(req, form, res);
    if (!clientId) return;
    const grantType = form.get('grant_type');
    if (grantType === 'client_credentials') {
      if (clientId !== SANDBOX_CLIENTS.confidential.clientId) return send(res, 400, { error: 'unauthorized_client' });
      return this.issue(res, { clientId, scope: form.get('scope') ?? 'read' }, false);
    }
    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!code || code.expires < Date.now() || code.redirectUri !== form.get('redirect_uri') || code.challenge !== challenge || code.clientId !== clientId) {
        return send(res, 400, { error: 'invalid_grant', error_description: 'The code is unknown, used, expired, or does not match the redirect_uri or code_verifier.' });
      }
      return this.issue(res, code, true);
    }
    if (grantType === 'refresh_token') {
      const grant = this.refresh.get(form.get('refresh_token') ?? '');
      if (!grant || grant.clientId !== clientId) return send(res, 400, { error: 'invalid_grant', error_description: 'The refresh token is unknown, rotated or revoked.' });
      this.refresh.delete(form.get('refresh_token') ?? ''); // rotation: the old one stops working
      return this.issue(res, grant, true);
    }
    if (grantType === 'urn:ietf:params:oauth:grant-type:device_code') {
      const d = this.devices.get(form.get('device_code') ?? '');
      if (!d || d.clientId !== clientId) return send(res, 400, { error: 'invalid_grant' });
      if (d.expires < Date.now()) return send(res, 400, { error: 'expired_token' });
      if (d.approved === false) return send(res, 400, { error: 'access_denied' });
      const tooFast = Date.now() - d.lastPoll < 1000;
      d.lastPoll = Date.now();
      if (d.approved === null) return send(res, 400, { error: tooFast ? 'slow_down' : 'authorization_pending' });
      this.devices.delete(form.get('device_code') ?? '');
      return this.issue(res, d, true);
    }
    send(res, 400, { error: 'unsupported_grant_type' });
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function page(res: http.ServerResponse, title: string, html: string): void {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://127.0.0.1:* http://localhost:*" });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto"><h1 style="font-size:1.3rem">${esc(title)}</h1>${html}</body></html>`);
}
