/** Schemes a redirect is followed to: the ones an HTTP request can be sent over. */
const FOLLOWED = new Set(['http:', 'https:']);

/** Characters of a Location quoted at most in a message. */
const QUOTE_CHARS = 100;

/**
 * A Location shortened to its scheme and authority, without `user:password@`, for a message: a path, query or
 * fragment can carry a secret (an echoed API key), and cutting inside one would leave a head that redaction by value
 * cannot recognise, so the quote stops where the authority ends and says "…" for the rest.
 */
function quoteLocation(location: string): string {
  const head = /^([a-z][a-z0-9+.-]*:)?(\/\/[^/?#\\]*)?/i.exec(location)?.[0] ?? '';
  const shown = head.replace(/^((?:[a-z][a-z0-9+.-]*:)?\/\/)[^@]*@/i, '$1').slice(0, QUOTE_CHARS).replace(/[\u0000-\u001f\u007f]/g, '?');
  if (!shown) return 'the value it sent';
  return `"${shown}${head.length < location.length || head.length > QUOTE_CHARS ? '…' : ''}"`;
}

/**
 * The next hop of a redirect, or why it is not followed.
 *
 * The Location is a URI reference resolved against the URL that was redirected (RFC 9110 §10.2.2). A value that
 * does not parse, or that names a scheme other than http or https (`file:`, `data:`, `javascript:`), is refused.
 * Credentials the Location names in its own URL (`user:password@`) are removed: only the profile's auth is ever
 * sent (RFC 9110 §4.2.4).
 * @param location the Location header value as the server sent it
 * @param current the absolute URL of the request that was redirected
 * @returns `{url, hadUserinfo}` with the absolute next URL, or `{refused}` with a message for a person that quotes
 *   the Location shortened to its scheme and host (never a path or query, where a secret could be)
 */
export function redirectTarget(location: string, current: string): { url: string; hadUserinfo: boolean } | { refused: string } {
  let target: URL;
  try {
    target = new URL(location, current);
  } catch {
    return { refused: `The server redirected to a Location that is not a valid URL (${quoteLocation(location)}); Authdesk did not follow it.` };
  }
  if (!FOLLOWED.has(target.protocol)) {
    return { refused: `The server redirected to a ${target.protocol} URL; Authdesk follows only http and https redirects.` };
  }
  const hadUserinfo = target.username !== '' || target.password !== '';
  target.username = '';
  target.password = '';
  return { url: target.toString(), hadUserinfo };
}
