/**
 * Postman `{{variables}}` in an import: resolved from the collection's variables and the environment (which wins, as
 * in Postman), recursively (a value may name another variable). A variable with no value never becomes a silent
 * bogus value: in a setting (a username, a client_id, an endpoint) it becomes an Authdesk `{placeholder}` that the
 * person fills in before the profile is created; in a secret it leaves the secret to be typed; in a request URL's
 * origin (scheme, host, port) it leaves the base URL empty; in its path or query it changes nothing on the profile (a
 * profile keeps only the origin), so the person fills it in on the request. Each one is reported with the places it is
 * used.
 */

/** How an unresolved variable was used, which decides what the person must do about it. */
type Use = 'setting' | 'secret' | 'origin' | 'path';

/** A URL's origin part as written (`https://{{host}}:8443`, `{{baseUrl}}`): up to the first `/`, `?` or `#` after the scheme. */
const ORIGIN_PART = /^(?:[a-z][a-z0-9+.-]*:\/\/)?[^/?#]*/i;

const VARIABLE = /\{\{([^{}]+)\}\}/g;
/** Nested references followed at most (a variable whose value names itself stops here). */
const MAX_DEPTH = 5;
/** Places listed per variable in its warning. */
const MAX_PLACES = 3;

/** A placeholder name (lower-case snake case, shared/placeholders.ts) for a Postman variable name: `baseUrl` → `base_url`. */
function snakeCase(name: string): string {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(snake) ? snake : `var_${snake}`.replace(/_$/, '');
}

export class PostmanVariables {
  private readonly unresolved = new Map<string, { places: Set<string>; uses: Set<Use> }>();
  private readonly placeholders = new Map<string, string>();

  /** @param values variable name → value (collection variables overlaid by the environment's) */
  constructor(private readonly values: Readonly<Record<string, string>>) {}

  /**
   * `text` with every known variable replaced; unknown ones stay `{{name}}` and are recorded.
   * @param place where the text came from, for the warning ("Machine: token URL")
   */
  private resolve(text: string, place: string, use: Use, depth = 0): string {
    return text.replace(VARIABLE, (m, raw: string) => {
      const name = raw.trim();
      if (!Object.hasOwn(this.values, name) || depth >= MAX_DEPTH) {
        const seen = this.unresolved.get(name) ?? { places: new Set<string>(), uses: new Set<Use>() };
        seen.places.add(place);
        seen.uses.add(use);
        this.unresolved.set(name, seen);
        return m;
      }
      return this.resolve(this.values[name]!, place, use, depth + 1);
    });
  }

  /** The `{placeholder}` standing for an unresolved variable, one per variable name (distinct names stay distinct). */
  private placeholder(name: string): string {
    const known = this.placeholders.get(name);
    if (known) return known;
    const taken = new Set(this.placeholders.values());
    const base = snakeCase(name) || 'var';
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
    this.placeholders.set(name, candidate);
    return candidate;
  }

  /** A non-secret setting: variables resolved, each unresolved one turned into a `{placeholder}` to fill in. */
  setting(text: string, place: string): string {
    return this.resolve(text, place, 'setting').replace(VARIABLE, (_m, raw: string) => `{${this.placeholder(raw.trim())}}`);
  }

  /** A secret value: variables resolved; an unresolved one stays `{{name}}`, which the preview treats as no value. */
  secret(text: string, place: string): string {
    return this.resolve(text, place, 'secret');
  }

  /**
   * A request URL: variables resolved; one unresolved in the origin part leaves no origin, so no base URL is drafted,
   * while one in the path or query leaves the origin (the base URL) as it is.
   * @param request the request's name in the collection ("Orders / List orders"), for the warning
   */
  url(text: string, request: string): string {
    const origin = ORIGIN_PART.exec(text)?.[0] ?? '';
    return this.resolve(origin, `the URL of ${request}`, 'origin') + this.resolve(text.slice(origin.length), `the URL path of ${request}`, 'path');
  }

  /** One warning per variable without a value: where it is used and what to do, in the order first met. */
  warnings(): string[] {
    return [...this.unresolved].map(([name, { places, uses }]) => {
      const list = [...places];
      const where = list.slice(0, MAX_PLACES).join('; ') + (list.length > MAX_PLACES ? `; and ${list.length - MAX_PLACES} more` : '');
      const todo = [
        ...(uses.has('setting') ? [`fill in ${`{${this.placeholder(name)}}`} on the profile below`] : []),
        ...(uses.has('secret') ? ['type the secret on the profile below'] : []),
        ...(uses.has('origin') ? ['enter the base URL yourself'] : []),
        ...(uses.has('path') ? ['it is part of the request path, not of the base URL, so fill it in on the request when you send it'] : []),
      ];
      return `{{${name}}} has no value (used in ${where}): ${todo.join(', ')}, or pass the environment that defines it.`;
    });
  }
}
