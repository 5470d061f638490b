import { createHash, randomBytes } from 'node:crypto';
import type http from 'node:http';
import { startServer, type TestServer } from './servers';

/**
 * A small OAuth 2.0 provider on 127.0.0.1 that enforces one provider's documented contract, described as data
 * ({@link ProviderContract}): an authorization server (authorize + token endpoints) and a resource API, each on its
 * own ephemeral port (as real providers split accounts and API hosts). Anything off-contract is refused, with the
 * provider's status and error codes where it documents them (RFC 6749 §5.2 bodies otherwise), so a client that
 * breaks the contract fails.
 */

/** Where the token endpoint takes the client's credentials (RFC 6749 §2.3.1). */
export type ClientAuthIn = 'basic' | 'body';

export interface ProviderUrls {
  /** The authorization server's origin (Salesforce My Domain, Zoho accounts server, oauth.pipedrive.com …). */
  auth: string;
  /** The API's origin, what `instance_url` / `api_domain` name. */
  api: string;
}

export interface ProviderContract {
  client: { id: string; secret: string; auth: ClientAuthIn };
  /** The authorization endpoint (authorization-code presets): path, required query parameters, PKCE enforcement. */
  authorize?: {
    path: string;
    /** Parameters the provider requires besides response_type=code, client_id, redirect_uri and state. */
    require?: Record<string, string | RegExp>;
    /** RFC 7636 enforced: S256 challenge required, verifier checked at the token endpoint. Otherwise both are ignored. */
    pkce: boolean;
    /** Extra parameters on the redirect back (Zoho: location, accounts-server). */
    callback?: (urls: ProviderUrls) => Record<string, string>;
  };
  token: {
    path: string;
    grants: ('authorization_code' | 'client_credentials' | 'refresh_token')[];
    /** The request body's media type: RFC 6749 §4.1.3 form, or Notion's JSON. */
    body: 'form' | 'json';
    /** Headers the token endpoint requires (Notion-Version). */
    headers?: Record<string, RegExp>;
    /** Status of an error reply; default 401 for invalid_client, 400 otherwise (RFC 6749 §5.2). GitHub and Zoho answer 200. */
    errorStatus?: number;
    /** The provider's own names for RFC 6749 §5.2 codes (GitHub: incorrect_client_credentials, bad_verification_code). */
    errorCodes?: Partial<Record<'invalid_client' | 'invalid_grant', string>>;
    /** GitHub: the reply is form-encoded unless the request accepts application/json. */
    formUnlessJsonAccepted?: boolean;
    tokenType: string;
    /** Fields of a successful reply besides access_token, token_type and refresh_token (expires_in, instance_url …). */
    fields?: (urls: ProviderUrls) => Record<string, string | number>;
    /** Whether a refresh token is issued with an authorization code. */
    refresh: boolean;
  };
  api: {
    /** The verify call's path and query. */
    path: string;
    /** The Authorization scheme word the API accepts (Bearer, Zoho-oauthtoken). */
    scheme: string;
    /** Headers the API requires besides Authorization (Notion-Version, X-GitHub-Api-Version). */
    headers?: Record<string, RegExp>;
    reply: unknown;
  };
}

export interface ProviderServers extends ProviderUrls {
  /** Every access and refresh token issued, for leak scans. */
  issued: string[];
  /** What each server received, oldest first. */
  seen: { auth: TestServer['seen']; api: TestServer['seen'] };
  close(): Promise<void>;
}

const random = (prefix: string) => `${prefix}-${randomBytes(12).toString('base64url')}`;
const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));

/** Writes a token-endpoint reply as JSON, or form-encoded where the provider does that by default (GitHub). */
function reply(req: http.IncomingMessage, res: http.ServerResponse, c: ProviderContract, status: number, body: Record<string, string | number>): void {
  if (c.token.formUnlessJsonAccepted && !/application\/json/i.test(req.headers.accept ?? '')) {
    const form = new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)]));
    res.writeHead(status, { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }).end(form.toString());
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
}

/** The request's parameters in the contract's media type, or null when the Content-Type or the body is wrong. */
function paramsOf(req: http.IncomingMessage, raw: string, body: 'form' | 'json'): Record<string, string> | null {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (body === 'form') return type === 'application/x-www-form-urlencoded' ? Object.fromEntries(new URLSearchParams(raw)) : null;
  if (type !== 'application/json') return null;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return null;
  }
}

/** The client_id and secret the request authenticated with, if it used exactly the contract's method; else null. */
function clientOf(req: http.IncomingMessage, params: Record<string, string>, how: ClientAuthIn): { id: string; secret: string } | null {
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (how === 'body') return basic || params.client_secret === undefined ? null : { id: params.client_id ?? '', secret: params.client_secret };
  if (!basic || params.client_secret !== undefined) return null; // RFC 6749 §2.3: one method only
  const pair = Buffer.from(basic, 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  return colon < 0 ? null : { id: formDecode(pair.slice(0, colon)), secret: formDecode(pair.slice(colon + 1)) };
}

/** Starts the provider's authorization server and API on 127.0.0.1 (ephemeral ports). */
export async function startProvider(c: ProviderContract): Promise<ProviderServers> {
  const codes = new Map<string, { redirectUri: string; challenge: string | null }>();
  const accessTokens = new Set<string>();
  const refreshTokens = new Set<string>();
  const issued: string[] = [];
  const urls: ProviderUrls = { auth: '', api: '' };

  const issue = (grant: string): Record<string, string | number> => {
    const access = random('at');
    accessTokens.add(access);
    issued.push(access);
    const out: Record<string, string | number> = { access_token: access, token_type: c.token.tokenType, ...c.token.fields?.(urls) };
    if (grant === 'authorization_code' && c.token.refresh) {
      out.refresh_token = random('rt');
      refreshTokens.add(out.refresh_token);
      issued.push(out.refresh_token);
    }
    return out;
  };

  const authorize = (res: http.ServerResponse, url: URL): void => {
    const spec = c.authorize!;
    const q = url.searchParams;
    const redirect = q.get('redirect_uri') ?? '';
    // RFC 6749 §4.1.2.1: an unknown client or a bad redirect URI is never redirected to.
    if (q.get('client_id') !== c.client.id || !/^http:\/\/127\.0\.0\.1:\d+\//.test(redirect)) return void res.writeHead(400).end('unknown client or redirect_uri');
    const back = new URL(redirect);
    const state = q.get('state');
    if (state) back.searchParams.set('state', state);
    const refuse = (error: string) => {
      back.searchParams.set('error', error);
      res.writeHead(302, { Location: back.toString() }).end();
    };
    if (q.get('response_type') !== 'code') return refuse('unsupported_response_type');
    for (const [name, want] of Object.entries(spec.require ?? {})) {
      const got = q.get(name) ?? '';
      if (typeof want === 'string' ? got !== want : !want.test(got)) return refuse('invalid_request');
    }
    const challenge = q.get('code_challenge');
    if (spec.pkce && (!challenge || q.get('code_challenge_method') !== 'S256')) return refuse('invalid_request');
    const code = random('code');
    codes.set(code, { redirectUri: redirect, challenge: spec.pkce ? challenge : null });
    back.searchParams.set('code', code);
    for (const [k, v] of Object.entries(spec.callback?.(urls) ?? {})) back.searchParams.set(k, v);
    res.writeHead(302, { Location: back.toString() }).end();
  };

  const token = (req: http.IncomingMessage, res: http.ServerResponse, raw: string): void => {
    const fail = (rfc: 'invalid_client' | 'invalid_grant' | 'invalid_request' | 'unsupported_grant_type', description: string) => {
      const error = (rfc === 'invalid_client' || rfc === 'invalid_grant' ? c.token.errorCodes?.[rfc] : undefined) ?? rfc;
      reply(req, res, c, c.token.errorStatus ?? (rfc === 'invalid_client' ? 401 : 400), { error, error_description: description });
    };
    const params = paramsOf(req, raw, c.token.body);
    if (!params) return fail('invalid_request', `The body must be ${c.token.body === 'json' ? 'a JSON object (application/json)' : 'application/x-www-form-urlencoded'}.`);
    for (const [name, want] of Object.entries(c.token.headers ?? {})) if (!want.test(String(req.headers[name.toLowerCase()] ?? ''))) return fail('invalid_request', `${name} is required.`);
    const client = clientOf(req, params, c.client.auth);
    if (!client || client.id !== c.client.id || client.secret !== c.client.secret) return fail('invalid_client', 'Client authentication failed.');
    const grant = params.grant_type ?? '';
    if (!(c.token.grants as string[]).includes(grant)) return fail('unsupported_grant_type', `grant_type ${grant} is not supported.`);
    if (grant === 'refresh_token' && !refreshTokens.has(params.refresh_token ?? '')) return fail('invalid_grant', 'Unknown refresh token.');
    if (grant === 'authorization_code') {
      const issuedCode = codes.get(params.code ?? '');
      codes.delete(params.code ?? '');
      if (!issuedCode || issuedCode.redirectUri !== params.redirect_uri) return fail('invalid_grant', 'The code is unknown, used or for another redirect_uri.');
      const verifier = params.code_verifier ?? '';
      if (issuedCode.challenge && createHash('sha256').update(verifier).digest('base64url') !== issuedCode.challenge) return fail('invalid_grant', 'code_verifier does not match.');
    }
    reply(req, res, c, 200, issue(grant));
  };

  const auth = await startServer((req, res, raw) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && c.authorize && url.pathname === c.authorize.path) return authorize(res, url);
    if (req.method === 'POST' && url.pathname === c.token.path) return token(req, res, raw);
    res.writeHead(404).end();
  });
  const api = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [scheme, value] = (req.headers.authorization ?? '').split(' ');
    const ok =
      `${url.pathname}${url.search}` === c.api.path &&
      scheme === c.api.scheme &&
      accessTokens.has(value ?? '') &&
      Object.entries(c.api.headers ?? {}).every(([name, want]) => want.test(String(req.headers[name.toLowerCase()] ?? '')));
    res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' }).end(JSON.stringify(ok ? c.api.reply : { error: 'unauthorized' }));
  });
  urls.auth = auth.url;
  urls.api = api.url;
  return {
    ...urls,
    issued,
    seen: { auth: auth.seen, api: api.seen },
    close: async () => {
      await auth.close();
      await api.close();
    },
  };
}

/**
 * Plays the user in the system browser for a provider started here: loads the authorization URL (the provider
 * consents at once and redirects) and follows the redirect to Authdesk's loopback listener.
 */
export async function consentInBrowser(authorizationUrl: string): Promise<void> {
  const res = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (!location) throw new Error(`The authorization endpoint answered ${res.status} without a redirect.`);
  await fetch(location);
}
