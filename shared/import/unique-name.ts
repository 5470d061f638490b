/** Profile names are unique in a workspace (compared exactly, as the profile store does); at most 80 characters. */
const MAX_NAME = 80;

/**
 * A name for a new profile that none of `taken` has: `base` itself when free, else the first free of `base` with a
 * number 2, 3 … added — inside a closing "(…)" when the name ends with one ("api.example.com (curl)" →
 * "api.example.com (curl 2)"; "Petstore API (OAuth 2.0)" → "Petstore API (OAuth 2.0, 2)"), else after a space.
 * Shortens `base` so that the result stays within 80 characters.
 * @param base the proposed name
 * @param taken the names already in use (existing profiles, names proposed before this one)
 */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  const paren = /^(.*\()([^()]*)\)$/s.exec(base);
  for (let n = 2; ; n++) {
    const candidate = paren
      ? fit(paren[1]!, `${paren[2]!}${/\d$/.test(paren[2]!) ? ',' : ''} ${n})`)
      : fit(base, ` ${n}`);
    if (!used.has(candidate)) return candidate;
  }
}

/** `head` + `tail`, `head` cut short so that the whole fits in {@link MAX_NAME} characters. */
function fit(head: string, tail: string): string {
  return head.slice(0, Math.max(1, MAX_NAME - tail.length)) + tail;
}
