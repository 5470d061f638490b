/**
 * `{name}` placeholders in presets and import drafts: per-account values (a Salesforce My Domain, a Zoho accounts
 * server, an OAuth client_id) that the user supplies before a draft becomes a profile. Placeholder names are
 * lower-case snake case, so JSON bodies (`{"a":1}`) and OpenAPI path templates (`{petId}`) are never mistaken for one.
 */

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;

/** Names of the placeholders left anywhere in `value` (strings inside objects and arrays too), each once. */
export function placeholdersIn(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') for (const m of v.matchAll(PLACEHOLDER)) found.add(m[1]!);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return [...found];
}

/** A deep copy of `value` with each known `{name}` replaced; unknown names stay as they are. */
export function fillPlaceholders<T>(value: T, values: Readonly<Record<string, string>>): T {
  const fill = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(PLACEHOLDER, (m, name: string) => (Object.hasOwn(values, name) ? values[name]! : m));
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return fill(value) as T;
}
