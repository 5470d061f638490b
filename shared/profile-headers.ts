import { z } from 'zod';
import { createRedactor, SENSITIVE_HEADERS } from './redact';
import type { HeaderPair } from './request';

/**
 * Profile headers: non-secret headers a profile sends with every request (Notion-Version, X-GitHub-Api-Version,
 * Accept). They live in the profile file, which is safe to commit, so a header that carries a credential is refused
 * here: credentials belong to the auth scheme, whose secrets live in the keychain.
 */

/** RFC 9110 §5.1: a field name is a token. */
const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** RFC 9110 §5.5 field value, kept to visible ASCII with inner spaces or tabs: no CR, LF, NUL, no edge whitespace. */
const FIELD_VALUE = /^[\x21-\x7e](?:[\t\x20-\x7e]*[\x21-\x7e])?$/;
/** Name parts that mark a credential (X-Api-Key, X-Auth-Token, Client-Secret, Session-Id, Ocp-Apim-Subscription-Key…). */
const CREDENTIAL_WORDS = /api-?key|auth(?!or)|token|secret|pass(?:w|$|-)|pwd|jwt|bearer|private|cookie|session|signature|credential|(?:^|-)key$/;
/** A value that starts like an Authorization header's credentials (RFC 9110 §11.4 auth-scheme SP …). */
const SCHEME_PREFIX = /^(?:Bearer|Basic|Digest|Token|Negotiate|NTLM|AWS4-HMAC-SHA256|Zoho-oauthtoken)\s/i;
/** Shape rules only (no known secrets): a value they would mask looks like a credential (sk_live_…, ghp_…, a JWT). */
const SHAPES = createRedactor();
/** Headers the sender writes for each request itself (RFC 9110 §7.2 Host, §8.6 Content-Length; RFC 9112 §6.1, §9.6). */
const SENDER_MANAGED = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'proxy-connection', 'upgrade', 'te', 'trailer']);

/** Why `name` cannot be a profile header (it carries credentials, or the sender writes it), or null when it can. */
export function profileHeaderProblem(name: string): string | null {
  const lower = name.toLowerCase();
  if (SENSITIVE_HEADERS.has(lower) || CREDENTIAL_WORDS.test(lower.replace(/_/g, '-'))) {
    return `${name} carries credentials: set it up as the profile's auth scheme (its secret goes to the keychain), not as a profile header.`;
  }
  if (SENDER_MANAGED.has(lower)) return `${name} is written by Authdesk for each request; it cannot be a profile header.`;
  return null;
}

/** Why `value` cannot be a profile header's value (it looks like a credential), or null when it can. */
export function profileHeaderValueProblem(value: string): string | null {
  if (SCHEME_PREFIX.test(value) || SHAPES.values(value) !== value) {
    return 'This value looks like a credential: a profile header is stored in the profile file, so put credentials in the auth scheme (their secrets go to the keychain).';
  }
  return null;
}

/** One profile header `[name, value]`: a token name that carries no credential, a single-line printable value. */
export const profileHeaderSchema = z
  .tuple([
    z.string().regex(FIELD_NAME, "a header name: letters, digits and !#$%&'*+.^_`|~- (RFC 9110 §5.1)"),
    z.string().max(1000).regex(FIELD_VALUE, 'a header value: visible ASCII characters on one line, without leading or trailing spaces'),
  ])
  .superRefine(([name, value], ctx) => {
    const problem = profileHeaderProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', path: [0], message: problem });
    const valueProblem = profileHeaderValueProblem(value);
    if (valueProblem) ctx.addIssue({ code: 'custom', path: [1], message: valueProblem });
  });

/** A profile's headers: at most 20, each name once (case-insensitive, RFC 9110 §5.1). */
export const profileHeadersSchema = z
  .array(profileHeaderSchema)
  .max(20)
  .superRefine((pairs, ctx) => {
    const seen = new Set<string>();
    pairs.forEach(([name], i) => {
      const key = name.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 0], message: `${name} is given twice: a profile sends each header once.` });
      seen.add(key);
    });
  });

/**
 * The headers of one request sent with a profile: the profile's headers minus those the request names itself (an
 * explicit request header wins; names compared case-insensitively, RFC 9110 §5.1), then the request's own headers.
 * Returns `request` itself when the profile has no headers.
 */
export function withProfileHeaders(profile: readonly HeaderPair[] | undefined, request: HeaderPair[]): HeaderPair[] {
  if (!profile?.length) return request;
  const named = new Set(request.map(([k]) => k.toLowerCase()));
  return [...profile.filter(([k]) => !named.has(k.toLowerCase())), ...request];
}
