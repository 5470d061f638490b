import { clientTlsOf, type ClientTls } from './client-cert';
import { basicAuthorization, percentEncode } from './encoding';
import type { AuthConfig } from './profile';
import type { AuthStep, HeaderPair } from './request';
import { HEADER_FIELD_VALUE, headerUnsafeMessage } from './slot-value';

/** One attempt of one hop exactly as the sender puts it on the wire (before the authenticator's headers). */
export interface WireRequest {
  method: string;
  url: string;
  headers: HeaderPair[];
  body: string | undefined;
}

/** What an authenticator adds to one attempt: headers (replacing same-named ones) and derived secrets. */
export interface AttemptAuth {
  headers: HeaderPair[];
  /** Derived values sent in this attempt (a Digest `response`, a SigV4 signature): the redactor learns them. */
  secretValues: string[];
  steps: AuthStep[];
}

/**
 * Auth computed per attempt from the exact request sent, for schemes that sign (AWS SigV4) or answer a challenge
 * (Digest). The sender calls it only for attempts that carry credentials (never across origins).
 */
export interface RequestAuthenticator {
  authorize(req: WireRequest): Promise<AttemptAuth>;
  /**
   * After a 401 to `req`: whether to send the same hop again (it has learnt a challenge it can answer), with steps
   * for the timeline. `retries` counts the re-sends of this hop so far, so the authenticator bounds them.
   */
  challenged?(req: WireRequest, responseHeaders: readonly HeaderPair[], retries: number): { retry: boolean; steps: AuthStep[] };
  /**
   * Once the exchange has its final response (`status`, after any redirects; not called after a transport failure):
   * steps that sum up what the auth did, such as that no credentials were sent because no challenge came.
   */
  settled?(status: number): AuthStep[];
}

/** What applying a profile's auth adds to a request, plus what the redactor must know about it. */
export interface AppliedAuth {
  headers: HeaderPair[];
  query: [string, string][];
  cookies: [string, string][];
  /** Every secret value sent, including derived ones (a whole `Authorization` value). */
  secretValues: string[];
  /** Header and parameter names that carry credentials for this profile (redacted by name, stripped on redirect). */
  headerNames: string[];
  paramNames: string[];
  steps: AuthStep[];
  /** Per-attempt signing or challenge answering; the main process attaches it (it needs node:crypto). */
  authenticator?: RequestAuthenticator;
  /** A client certificate presented over https (mutual TLS). */
  tls?: ClientTls;
}

/** `value` when a header can carry it (see {@link HEADER_FIELD_VALUE}); refused rather than sent as another value. */
function headerSafe(value: string, where: string): string {
  if (!HEADER_FIELD_VALUE.test(value)) throw new Error(headerUnsafeMessage(where));
  return value;
}

/** RFC 6265 §4.1.1 cookie-octet: anything else in a cookie value is percent-encoded. */
const COOKIE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;

/**
 * Applies a profile's auth to an outgoing request.
 * - basic: `Authorization: Basic base64(UTF-8(user:pass))` (RFC 7617 §2, §2.1).
 * - apikey: each placement in its header, query parameter (percent-encoded per RFC 3986 §2.1) or cookie.
 * - bearer: `Authorization: <prefix> <token>` (RFC 6750 §2.1; the prefix is configurable for Zoho and GitHub).
 * - oauth2: `Authorization: <tokenPrefix> <access_token>`; the engine obtains the token first and passes it as the
 *   `access_token` value. With mutual-TLS client authentication the client certificate is presented to the API too,
 *   where certificate-bound tokens need it (RFC 8705 §3).
 * - digest (RFC 7616), aws-sigv4: nothing static but the names and secrets to redact; the main process attaches the
 *   {@link RequestAuthenticator} that answers the challenge or signs each attempt.
 * - mtls: the client certificate for the TLS handshake (RFC 8446 §4.4.2), in {@link AppliedAuth.tls}.
 * @param secrets slot → value, as listed by `secretSlots(auth)` (plus `access_token` for oauth2)
 * @throws Error (no secret in the message) when a slot has no value.
 */
export function applyAuth(auth: AuthConfig, secrets: Readonly<Record<string, string>>): AppliedAuth {
  const need = (slot: string): string => {
    const v = secrets[slot];
    if (v === undefined) throw new Error(`The profile's ${slot} is not available.`);
    return v;
  };
  const out: AppliedAuth = { headers: [], query: [], cookies: [], secretValues: [], headerNames: [], paramNames: [], steps: [] };
  switch (auth.scheme) {
    case 'basic': {
      const username = auth.username ?? need('username');
      const password = need('password');
      const value = basicAuthorization(username, password);
      out.headers.push(['Authorization', value]);
      out.headerNames.push('authorization');
      out.secretValues.push(password, value.slice('Basic '.length));
      if (auth.username === null) out.secretValues.push(username);
      out.steps.push({
        kind: 'applied',
        detail: auth.username === null ? 'HTTP Basic (secret username) in Authorization' : `HTTP Basic as ${auth.username} in Authorization`,
      });
      break;
    }
    case 'apikey':
      auth.placements.forEach((p, i) => {
        const key = need(`key${i}`);
        const value = p.prefix ? `${p.prefix}${key}` : key;
        out.secretValues.push(key, value);
        if (p.in === 'header') {
          out.headers.push([p.name, headerSafe(value, `header ${p.name}`)]);
          out.headerNames.push(p.name.toLowerCase());
        } else if (p.in === 'query') {
          out.query.push([p.name, value]);
          out.paramNames.push(p.name.toLowerCase());
        } else {
          out.cookies.push([p.name, COOKIE_OCTETS.test(value) ? value : percentEncode(value)]);
          out.paramNames.push(p.name.toLowerCase());
        }
        out.steps.push({ kind: 'applied', detail: `API key in ${p.in} ${p.name}` });
      });
      break;
    case 'bearer':
    case 'oauth2': {
      const [slot, prefix] = auth.scheme === 'bearer' ? ['token', auth.prefix] : ['access_token', auth.tokenPrefix];
      const token = headerSafe(need(slot), 'the Authorization header');
      out.headers.push(['Authorization', `${prefix} ${token}`]); // RFC 6750 §2.1; never in the URL (RFC 9700 §4.3.2)
      out.headerNames.push('authorization');
      out.secretValues.push(token);
      out.steps.push({ kind: 'applied', detail: `${prefix} ${auth.scheme === 'oauth2' ? 'access token' : 'token'} in Authorization` });
      if (auth.scheme === 'oauth2' && auth.clientCertificate) {
        const cert = clientTlsOf(auth.clientCertificate, need);
        out.tls = cert.tls;
        out.secretValues.push(...cert.secretValues);
        out.steps.push({ kind: 'applied', detail: 'Client certificate offered in the TLS handshake (RFC 8705 §3: certificate-bound tokens)' });
      }
      break;
    }
    case 'digest': {
      const username = auth.username ?? need('username');
      out.headerNames.push('authorization');
      out.secretValues.push(need('password'));
      if (auth.username === null) out.secretValues.push(username);
      out.steps.push({ kind: 'applied', detail: `HTTP Digest ${auth.username === null ? 'with a secret username' : `as ${auth.username}`}: sends credentials only in answer to the server's Digest challenge` });
      break;
    }
    case 'aws-sigv4': {
      out.headerNames.push('authorization', 'x-amz-security-token');
      out.paramNames.push('x-amz-signature', 'x-amz-security-token', 'x-amz-credential');
      out.secretValues.push(need('secret_access_key'), need('session_token'));
      out.steps.push({ kind: 'applied', detail: `AWS Signature Version 4 as ${auth.accessKeyId} (${auth.region}, ${auth.service})${need('session_token') ? ' with a session token' : ''}` });
      break;
    }
    case 'mtls': {
      const cert = clientTlsOf(auth, need);
      out.tls = cert.tls;
      out.secretValues.push(...cert.secretValues);
      out.steps.push({ kind: 'applied', detail: `Client certificate (${auth.format === 'pem' ? 'PEM' : 'PKCS#12'}) offered in the TLS handshake of https:// requests` });
      break;
    }
  }
  if (out.cookies.length) out.headerNames.push('cookie');
  return out;
}

/** A query piece's parameter name as servers read it (application/x-www-form-urlencoded: `+` and `%XX` decoded). */
function pieceName(piece: string): string {
  const eq = piece.indexOf('=');
  const raw = eq < 0 ? piece : piece.slice(0, eq);
  if (!/[%+]/.test(raw)) return raw;
  return [...new URLSearchParams(`${raw}=`).keys()][0] ?? raw;
}

/**
 * Appends the profile's query credentials to a URL, percent-encoding names and values strictly (RFC 3986 §2.1,
 * §3.4), so a value with `#`, `&`, `+` or `'` reaches the server byte for byte (TRAPS T3). A parameter the request
 * names itself with the same name as one of them (exact match: query names are case-sensitive) is removed first,
 * as the profile's auth replaces a same-named header: a server reading the first value would otherwise take the
 * hand-typed one. The request's other parameters keep their order and their encoding.
 * @param url an absolute URL (throws TypeError from `new URL` otherwise)
 * @param pairs `[name, value]` of each query placement, as {@link AppliedAuth.query}
 * @param notes when given, receives one `note` step naming the replaced parameter(s), never a value
 * @returns the URL to send (`url` itself when `pairs` is empty)
 */
export function appendQuery(url: string, pairs: readonly [string, string][], notes?: AuthStep[]): string {
  if (pairs.length === 0) return url;
  const u = new URL(url);
  let own = u.search.slice(1);
  if (own) {
    const names = new Set(pairs.map(([k]) => k));
    const replaced = new Set<string>();
    const kept = own.split('&').filter((piece) => {
      const name = pieceName(piece);
      if (!names.has(name)) return true;
      replaced.add(name);
      return false;
    });
    if (replaced.size) {
      own = kept.join('&');
      const list = [...replaced].join(', ');
      notes?.push({ kind: 'note', detail: `The request's own ${list} query parameter${replaced.size > 1 ? 's were' : ' was'} replaced by the profile's auth.` });
    }
  }
  const extra = pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  u.search = own ? `?${own}&${extra}` : `?${extra}`;
  return u.toString();
}

/** A cookie pair's name (`name=value`, or a bare name), as RFC 6265 §5.2 reads it: up to the first `=`, trimmed. */
/** A cookie pair's name; a pair without "=" is a value with no name (RFC 6265bis §5.4): it never matches one of ours. */
const cookieName = (pair: string): string => (pair.includes('=') ? pair.slice(0, pair.indexOf('=')).trim() : '');

/**
 * The one Cookie header to send (RFC 6265 §5.4) when the profile's auth places cookies: the request's own Cookie
 * header(s), their pairs joined with "; ", minus any cookie of the same name as one of the profile's (exact match: cookie names
 * are case-sensitive), then the profile's cookies. A server reading the first of two same-named cookies would
 * otherwise take the hand-typed one, so the profile's replaces it, as for query parameters ({@link appendQuery}).
 * @param own the values of the request's own Cookie headers, in order
 * @param cookies `[name, value]` of each cookie placement, as {@link AppliedAuth.cookies} (non-empty)
 * @returns the header value, the names of the request's own cookies that were replaced, and whether any of the
 *   request's own cookies were kept
 */
export function mergeCookies(own: readonly string[], cookies: readonly [string, string][]): { value: string; replaced: string[]; kept: boolean } {
  const ours = new Set(cookies.map(([k]) => k));
  const pairs = own.flatMap((v) => v.split(';')).filter((pair) => pair.trim() !== '');
  const kept = pairs.filter((pair) => !ours.has(cookieName(pair)));
  const replaced = [...new Set(pairs.filter((pair) => ours.has(cookieName(pair))).map(cookieName))];
  const value = [...kept.map((pair) => pair.trim()), ...cookies.map(([k, v]) => `${k}=${v}`)].join('; ');
  return { value, replaced, kept: kept.length > 0 };
}

/**
 * The note steps that say what the profile's auth did to headers the request named itself (names only, never a
 * value): a same-named header replaced, or the profile's cookies added to the request's own Cookie header (and a
 * typed cookie of the same name replaced, see {@link mergeCookies}). None when nothing of the request's was touched.
 * @param user the request's own headers
 */
export function ownHeaderNotes(user: readonly HeaderPair[], auth: AppliedAuth): AuthStep[] {
  const merging = auth.cookies.length > 0;
  const replaced = user.filter(([k]) => auth.headerNames.includes(k.toLowerCase()) && !(merging && k.toLowerCase() === 'cookie')).map(([k]) => k);
  const notes: AuthStep[] = replaced.length ? [{ kind: 'note', detail: `The request's own ${replaced.join(', ')} header was replaced by the profile's auth.` }] : [];
  const own = user.filter(([k]) => k.toLowerCase() === 'cookie').map(([, v]) => v);
  if (!merging || own.length === 0) return notes;
  const merged = mergeCookies(own, auth.cookies);
  if (!merged.kept && merged.replaced.length === 0) return notes; // the request's Cookie header was empty
  const were = (list: readonly unknown[]) => `${list.length > 1 ? 'cookies were' : 'cookie was'}`;
  const ours = auth.cookies.map(([k]) => k);
  const added = `the profile's ${ours.join(', ')} ${were(ours)} added to the request's own Cookie header`;
  const swapped = `the request's own ${merged.replaced.join(', ')} ${were(merged.replaced)} replaced by the profile's auth`;
  const said = merged.kept ? (merged.replaced.length ? `${added}; ${swapped}` : added) : swapped;
  const detail = `${said[0]!.toUpperCase()}${said.slice(1)}.`;
  return [...notes, { kind: 'note', detail }];
}
