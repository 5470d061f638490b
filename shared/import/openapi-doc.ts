/** Small readers for OpenAPI/Swagger documents: local `$ref`s and the base URL. */

export type Obj = Record<string, unknown>;

/**
 * Follows a local `$ref` (`#/components/securitySchemes/x`, JSON Pointer per RFC 6901) up to 10 hops; anything else
 * (remote refs, broken pointers) returns the object as it is.
 */
export function resolveRef(root: Obj, value: Obj): Obj {
  let cur = value;
  for (let hop = 0; hop < 10 && typeof cur.$ref === 'string' && cur.$ref.startsWith('#/'); hop++) {
    let target: unknown = root;
    for (const part of cur.$ref.slice(2).split('/')) {
      const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
      target = target && typeof target === 'object' ? (target as Obj)[key] : undefined;
    }
    if (!target || typeof target !== 'object') break;
    cur = target as Obj;
  }
  return cur;
}

/**
 * The API's base URL: OpenAPI 3 `servers[0].url` with server variables set to their defaults (OpenAPI 3.1 §4.8.5),
 * or Swagger 2 `schemes[0]://host basePath`. Undefined when the document names none.
 */
export function openApiBaseUrl(root: Obj, warnings: string[]): string | undefined {
  if (Array.isArray(root.servers)) {
    const server = root.servers[0] as Obj | undefined;
    if (!server || typeof server.url !== 'string') return undefined;
    const vars = (server.variables ?? {}) as Record<string, Obj>;
    if (root.servers.length > 1) warnings.push(`The document lists ${root.servers.length} servers; the first (${server.url}) was used.`);
    return server.url.replace(/\{([^}]+)\}/g, (m, name: string) => (typeof vars[name]?.default === 'string' ? (vars[name].default as string) : m)).replace(/\/+$/, '');
  }
  if (typeof root.host === 'string') {
    const scheme = Array.isArray(root.schemes) && root.schemes.includes('https') ? 'https' : (root.schemes as string[] | undefined)?.[0] ?? 'https';
    return `${scheme}://${root.host}${typeof root.basePath === 'string' ? root.basePath : ''}`.replace(/\/+$/, '');
  }
  return undefined;
}
