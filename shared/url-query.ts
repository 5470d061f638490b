import { parsesAsUrl } from './url';
/**
 * The decoded query parameters of a URL, exactly as `[...new URL(url).searchParams]` gives them (WHATWG URL and
 * application/x-www-form-urlencoded parsing), and `[]` when `url` is not a valid absolute URL — without building a
 * URL object for the usual query (one per scheme and authority tells validity). The URL parser only changes a query
 * by percent-encoding characters (which the form decoder decodes back), removing tabs and newlines, trimming C0
 * controls and spaces at the end of the input, and replacing lone surrogates; the form decoder only changes `+` and
 * `%XX`. When none of those occurs, the parameters are the query's own `&`-separated `name=value` pieces; otherwise
 * the URL is parsed.
 */

/**
 * The scheme and authority of an http(s), ws(s) or ftp URL, up to the character that ends the authority: past it,
 * those schemes' parser cannot fail. A tab or newline there (which the parser removes, joining what surrounds it)
 * makes it not match.
 */
const SPECIAL_AUTHORITY = /^(?:https?|wss?|ftp):[/\\]*(?![/\\])[^/\\?#\t\n\r]*(?=[/\\?#])/i;
/** Validity by scheme and authority (few per history), bounded. */
const validAuthority = new Map<string, boolean>();
const MAX_AUTHORITIES = 256;

/**
 * Whether `url` parses, remembered per scheme and authority for the special schemes other than file: after the
 * authority their parser only percent-encodes (path, query, fragment), so the authority decides. It is checked as
 * `authority/` so that the parser's trimming of trailing spaces and controls applies as it does to `url`.
 */
function canParse(url: string): boolean {
  const authority = SPECIAL_AUTHORITY.exec(url)?.[0];
  if (authority === undefined) return parsesAsUrl(url);
  let valid = validAuthority.get(authority);
  if (valid === undefined) {
    if (validAuthority.size >= MAX_AUTHORITIES) validAuthority.clear();
    valid = parsesAsUrl(`${authority}/`);
    validAuthority.set(authority, valid);
  }
  return valid;
}

/** Characters that make the quick reading of a query differ from the URL parser's. */
const NOT_VERBATIM = /[%+\t\n\r\ud800-\udfff]/;
/** An input end that the URL parser trims (and with it, the end of a query without fragment). */
const TRAILING_TRIMMED = /[\u0000-\u0020]$/;

/** `[name, value]` pairs of `url`'s query, in order, duplicates kept. */
export function queryParams(url: string): [string, string][] {
  const q = url.indexOf('?');
  if (q < 0 || !canParse(url)) return [];
  const hash = url.indexOf('#');
  if (hash >= 0 && hash < q) return [];
  const query = url.slice(q + 1, hash < 0 ? url.length : hash);
  if (NOT_VERBATIM.test(query) || TRAILING_TRIMMED.test(url)) return [...new URL(url).searchParams];
  const params: [string, string][] = [];
  for (const piece of query.split('&')) {
    if (!piece) continue;
    const eq = piece.indexOf('=');
    params.push(eq < 0 ? [piece, ''] : [piece.slice(0, eq), piece.slice(eq + 1)]);
  }
  return params;
}
