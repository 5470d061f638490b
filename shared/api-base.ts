import type { TokenSet } from './oauth';
import { parsesAsUrl } from './url';

/**
 * Where a token reply says the API lives: Salesforce's `instance_url` ("the instance to which API calls are sent"),
 * or `api_domain` (Zoho: the data centre's API host; Pipedrive: the company's domain). An absolute http(s) URL
 * without a trailing slash, or null when the reply names none (or names something that is not such a URL).
 */
export function apiBaseOf(tokens: Pick<TokenSet, 'extra'>): string | null {
  const named = tokens.extra.instance_url ?? tokens.extra.api_domain;
  if (!named || !/^https?:\/\//i.test(named) || !parsesAsUrl(named)) return null;
  return named.replace(/\/+$/, '');
}

/**
 * A sentence for the token info when the token reply names an API host that differs (by origin, RFC 6454) from the
 * profile's base URL: Authdesk sends the token only to the base URL's origin, so the user must adopt the host.
 * Null when they agree, or when either is unknown.
 */
export function apiBaseMismatch(apiBaseUrl: string | null, baseUrl: string | undefined): string | null {
  if (!apiBaseUrl || !baseUrl || new URL(apiBaseUrl).origin === new URL(baseUrl).origin) return null;
  return `The token reply names ${apiBaseUrl} as the host for API calls, but this profile is bound to ${new URL(baseUrl).origin}: set the base URL to ${apiBaseUrl} to call it.`;
}
