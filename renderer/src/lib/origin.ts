import { parsesAsUrl } from '../../../shared/url';

/**
 * The origin (RFC 6454) a person typed, as the engine stores it (`https://files.example.com`, `http://127.0.0.1:8080`),
 * or null when it is not one: a trailing "/" is accepted, any other path, a query or credentials are not.
 */
export function parseOrigin(input: string): string | null {
  const value = input.trim();
  if (!parsesAsUrl(value)) return null;
  const u = new URL(value);
  if (!/^https?:$/.test(u.protocol) || u.username || u.password || u.search || u.hash || u.pathname !== '/') return null;
  return u.origin;
}
