/**
 * Names that carry API keys by convention, used when importing requests to tell a credential from ordinary data.
 * Header names are compared lower-case; query names as written, case-insensitively.
 */

/** Request headers whose value is the key itself (provider docs: Datadog, GitLab, Pipedrive, Meraki, Azure APIM, Google). */
export const KEY_HEADERS = new Set([
  'x-api-key',
  'api-key',
  'apikey',
  'x-apikey',
  'dd-api-key',
  'dd-application-key',
  'x-auth-token',
  'x-access-token',
  'x-api-token',
  'private-token',
  'x-cisco-meraki-api-key',
  'ocp-apim-subscription-key',
  'x-goog-api-key',
]);

/** Query parameters that carry a key or token (RFC 6750 §2.3 `access_token`, and common provider names). */
export const KEY_QUERY_PARAMS = new Set(['api_key', 'apikey', 'key', 'token', 'access_token', 'api_token']);

/**
 * Cookie names that say they hold a session or a credential (PHPSESSID, JSESSIONID, connect.sid, session, sid,
 * auth_token, jwt, api_key, remember_me …). Other cookies (theme, lang, consent, analytics ids) are preferences or
 * tracking, not credentials, and are not moved into a profile.
 */
export const CREDENTIAL_COOKIE_NAME = /sess|(?:^|[^a-z])sid(?:[^a-z]|$)|token|auth|jwt|key|secret|passw|login|remember|credential/i;
