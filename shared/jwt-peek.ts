/**
 * Reads the time claims of a JWT without verifying it, to explain clock trouble. Only `iat`, `nbf` and `exp` leave
 * this module: never the token, its header, its signature or any other claim.
 */

/** NumericDate claims (RFC 7519 §2, §4.1.4–§4.1.6), seconds since the epoch; null when absent or not a number. */
export interface JwtTimes {
  iat: number | null;
  nbf: number | null;
  exp: number | null;
}

/** base64url (RFC 4648 §5) without padding → UTF-8 text, or null when it is not base64url. */
function decodeBase64Url(part: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(part)) return null;
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (part.length % 4)) % 4);
  try {
    const binary = atob(b64);
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

const numeric = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The `iat`, `nbf` and `exp` claims of a JWS compact serialization (RFC 7515 §7.1: three base64url parts; the
 * payload is the second, RFC 7519 §7.2). Does NOT verify the signature: the result is only a hint for explaining
 * a failure. Returns null for anything that is not a JWT with a JSON object payload (opaque tokens, JWE).
 */
export function peekJwtTimes(token: string): JwtTimes | null {
  const parts = typeof token === 'string' ? token.trim().split('.') : [];
  if (parts.length !== 3) return null;
  const text = decodeBase64Url(parts[1]);
  if (text === null) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return null;
  const c = claims as Record<string, unknown>;
  return { iat: numeric(c.iat), nbf: numeric(c.nbf), exp: numeric(c.exp) };
}
