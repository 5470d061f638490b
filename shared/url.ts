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
