import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { loopbackRedirectProblem } from '../../shared/oauth';

/**
 * The sandbox's OAuth 2.0 authorization server, so every grant can be tried offline: RFC 8414 metadata, client
 * credentials (client_secret_basic or _post), authorization code with PKCE S256 and a simple consent page,
 * refresh with rotation (a used refresh token stops working), the device flow with a verification page, and
 * revocation. State is in memory and dies with the sandbox.
 *
 * It is an example of a correct authorization server, so the consent step holds no trust in what the browser posts:
 * the consent page carries only a one-time request id, bound to the client_id, redirect_uri, state, scope and
 * code_challenge of the authorization request it was shown for (checked when shown) and expiring after
 * {@link CONSENT_TTL_MS}; the decision is accepted only with such an id and re-checks the client and its redirect
 * URI (RFC 6749 §4.1.2.1, §10.12 CSRF, RFC 9700 §4.11 open redirector). Revocation authenticates the client and
 * revokes only tokens issued to it (RFC 7009 §2.1); revoking a refresh token ends the access tokens of its grant.
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

/** ms a consent page's request id stays usable. */
export const CONSENT_TTL_MS = 10 * 60_000;
/** Consent requests kept at most (the oldest are dropped first), so a page reloaded in a loop cannot fill memory. */
const MAX_CONSENTS = 1000;

/** An authorization request the consent page was shown for (all of it checked then). */
interface ConsentRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  scope: string;
  challenge: string;
  expires: number;
}

/** A grant and the authorization it came from: a refresh token and the access tokens obtained with it share `family`. */
type Issued = Grant & { family: string };

/**
 * Whether an authorization request names the registered public client and a loopback redirect URI that can receive
 * the answer (RFC 8252 §7.3: a port 1–65535 given, no fragment or user info; the rule Authdesk's own profiles follow).
 */
const registeredRedirect = (clientId: string | null, redirectUri: string | null): boolean =>
  clientId === SANDBOX_CLIENTS.public.clientId && redirectUri !== null && loopbackRedirectProblem(redirectUri) === null;

const tok = () => randomBytes(24).toString('base64url');
const same = (a: string, b: string) => {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
};
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export class SandboxOAuth {
  private readonly codes = new Map<string, Grant & { redirectUri: string; challenge: string; expires: number }>();
  private readonly consents = new Map<string, ConsentRequest>();
  private readonly access = new Map<string, Issued & { expires: number }>();
  private readonly refresh = new Map<string, Issued>();
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

  /** Issues an access token (and a refresh token) for `grant`; `family` ties a refreshed pair to its first one. */
  private issue(res: http.ServerResponse, grant: Grant, withRefresh: boolean, family = tok()): void {
    const accessToken = tok();
    const issued: Issued = { clientId: grant.clientId, scope: grant.scope, family };
    this.access.set(accessToken, { ...issued, expires: Date.now() + this.accessTtlS * 1000 });
    const body: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', expires_in: this.accessTtlS, scope: grant.scope };
    if (withRefresh) {
      const refreshToken = tok();
      this.refresh.set(refreshToken, issued);
      body.refresh_token = refreshToken;
    }
    send(res, 200, body);
  }

  /**
   * Client authentication (RFC 6749 §2.3.1) at the token, revocation and device authorization endpoints. A request
   * that uses more than one method (HTTP Basic and a client_secret in the body) is answered 400 invalid_request
   * (RFC 6749 §2.3: a client MUST NOT use more than one authentication method in each request; §5.2); a client_id
   * in the body alongside Basic only identifies the client and is allowed.
   * @returns the client_id, or null after answering invalid_request or invalid_client
   */
  private client(req: http.IncomingMessage, form: URLSearchParams, res: http.ServerResponse): string | null {
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    if (basic && form.has('client_secret')) {
      send(res, 400, { error: 'invalid_request', error_description: 'The client authenticated with more than one method (HTTP Basic and client_secret in the body); use one (RFC 6749 §2.3).' });
      return null;
    }
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
      case 'POST /oauth/revoke':
        this.revoke(req, res, form);
        return true;
      default:
        return false;
    }
  }

  /**
   * GET /oauth/authorize (RFC 6749 §4.1.1): checks the client, its loopback redirect URI and PKCE S256 (RFC 7636),
   * then shows the consent page, whose form carries only a new one-time request id bound to this request.
   */
  private authorizePage(res: http.ServerResponse, q: URLSearchParams): void {
    if (!registeredRedirect(q.get('client_id'), q.get('redirect_uri'))) return send(res, 400, { error: 'invalid_request', error_description: 'Unknown client_id or a redirect_uri that is not loopback.' });
    if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
      return send(res, 400, { error: 'invalid_request', error_description: 'PKCE with S256 is required.' });
    }
    const now = Date.now();
    for (const [id, c] of this.consents) if (c.expires < now || this.consents.size >= MAX_CONSENTS) this.consents.delete(id); // oldest first
    const requestId = tok();
    const scope = q.get('scope') ?? 'read';
    this.consents.set(requestId, { clientId: q.get('client_id')!, redirectUri: q.get('redirect_uri')!, state: q.get('state') ?? '', scope, challenge: q.get('code_challenge')!, expires: now + CONSENT_TTL_MS });
    page(res, 'Authdesk sandbox: authorize', `<p><b>sandbox-desktop</b> asks for <code>${esc(scope)}</code>.</p><form method="post" action="/oauth/authorize"><input type="hidden" name="request_id" value="${requestId}"><button name="decision" value="approve" autofocus>Approve</button> <button name="decision" value="deny">Deny</button></form>`);
  }

  /**
   * POST /oauth/authorize, the user's decision: accepted only with a live request id from the consent page (used
   * once), whose request is checked again; the answer goes to that request's redirect URI with its state and `iss`
   * (RFC 9207 §2). Anything else gets a 400 page and no redirect (RFC 6749 §4.1.2.1: never redirect to an unchecked
   * URI; RFC 9700 §4.11).
   */
  private decide(res: http.ServerResponse, form: URLSearchParams): void {
    const id = form.get('request_id') ?? '';
    const consent = this.consents.get(id);
    this.consents.delete(id);
    if (!consent || consent.expires < Date.now() || !registeredRedirect(consent.clientId, consent.redirectUri)) {
      return page(res, 'Sign-in request not recognised', '<p>This approval does not belong to a sign-in request shown here, was already used, or expired. Nothing was issued. Start the sign-in again from Authdesk.</p>', 400);
    }
    const redirect = new URL(consent.redirectUri);
    redirect.searchParams.set('state', consent.state);
    redirect.searchParams.set('iss', this.issuer());
    if (form.get('decision') === 'approve') {
      const code = tok();
      this.codes.set(code, { clientId: consent.clientId, scope: consent.scope, redirectUri: consent.redirectUri, challenge: consent.challenge, expires: Date.now() + 60_000 });
      redirect.searchParams.set('code', code);
    } else redirect.searchParams.set('error', 'access_denied');
    res.writeHead(302, { Location: redirect.toString(), 'Referrer-Policy': 'no-referrer' }).end();
  }

  /**
   * POST /oauth/revoke (RFC 7009 §2.1): authenticates the client, then revokes the token only if it was issued to that
   * client (a refresh token with the access tokens of its grant); a token issued to another client is refused with
   * 400 invalid_grant (§2.2.1 with RFC 6749 §5.2), an unknown one answers 200 (§2.2).
   */
  private revoke(req: http.IncomingMessage, res: http.ServerResponse, form: URLSearchParams): void {
    const clientId = this.client(req, form, res);
    if (!clientId) return;
    const t = form.get('token') ?? '';
    const issued = this.refresh.get(t) ?? this.access.get(t);
    if (issued && issued.clientId !== clientId) {
      return send(res, 400, { error: 'invalid_grant', error_description: 'This token was issued to another client (RFC 7009 §2.1).' });
    }
    if (this.refresh.delete(t) && issued) for (const [a, g] of this.access) if (g.family === issued.family) this.access.delete(a);
    this.access.delete(t);
    res.writeHead(200, { 'Cache-Control': 'no-store' }).end();
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
      return this.issue(res, grant, true, grant.family);
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

function page(res: http.ServerResponse, title: string, html: string, status = 200): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY', // the consent page must not be framed (clickjacking, RFC 6749 §10.13)
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://127.0.0.1:* http://localhost:*; frame-ancestors 'none'",
  });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto"><h1 style="font-size:1.3rem">${esc(title)}</h1>${html}</body></html>`);
}
