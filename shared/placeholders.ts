/**
 * `{name}` placeholders in presets and import drafts: per-account values (a Salesforce My Domain, a Zoho accounts
 * server, an OAuth client_id) that the user supplies before a draft becomes a profile. Placeholder names are
 * lower-case snake case, so JSON bodies (`{"a":1}`) and OpenAPI path templates (`{petId}`) are never mistaken for one.
 */

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;

/** A deep copy of `value` with `fn` applied to each of its strings (inside objects and arrays too). */
export function mapStrings<T>(value: T, fn: (s: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return fn(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** Names of the placeholders left anywhere in `value` (strings inside objects and arrays too), each once. */
export function placeholdersIn(value: unknown): string[] {
  const found = new Set<string>();
  mapStrings(value, (s) => {
    for (const m of s.matchAll(PLACEHOLDER)) found.add(m[1]!);
    return s;
  });
  return [...found];
}

/**
 * A deep copy of `value` with each `{name}` in its strings replaced by `replace(name, offset)`, where `offset` is the
 * placeholder's index in its string (0 when it starts it).
 */
export function replacePlaceholders<T>(value: T, replace: (name: string, offset: number, placeholder: string) => string): T {
  return mapStrings(value, (s) => s.replace(PLACEHOLDER, (m, name: string, offset: number) => replace(name, offset, m)));
}

/** A deep copy of `value` with each known `{name}` replaced; unknown names stay as they are. */
export function fillPlaceholders<T>(value: T, values: Readonly<Record<string, string>>): T {
  return replacePlaceholders(value, (name, _offset, m) => (Object.hasOwn(values, name) ? values[name]! : m));
}
