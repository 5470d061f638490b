/**
 * Whether `text` parses as a URL (against `base` when given), by the WHATWG URL parser. Use this, not
 * `URL.canParse`: on Node 20 the optimised (V8 fast API) path of `URL.canParse` reads Latin-1 strings as UTF-8 once
 * its caller is hot and answers false for valid URLs such as `http://é/`.
 */
export function parsesAsUrl(text: string, base?: string): boolean {
  try {
    new URL(text, base);
    return true;
  } catch {
    return false;
  }
}

/**
 * `target` under an API's base URL, joined as API clients join them (axios' `baseURL`, Postman's `{{baseUrl}}/path`):
 * a path is appended to the base URL's path, with or without a leading "/", so `https://api.example.com/v1` and
 * `/users` give `https://api.example.com/v1/users` (RFC 3986 §5.2 resolution would drop `/v1`, and resolve `users`
 * against `/v1` to `/users`). The target's query and fragment are kept; the base URL's are not. An absolute URL
 * (one with a scheme) is returned unchanged.
 * @throws TypeError when `base` is not an absolute URL
 */
export function joinBaseUrl(base: string, target: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return target;
  const root = new URL(base);
  return new URL(`${root.pathname.replace(/\/+$/, '')}/${target.replace(/^\/+/, '')}`, root.origin).toString();
}
