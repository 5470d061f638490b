import { base64Utf8 } from '../encoding';
import type { ApiKeyPlacement, AuthConfig } from '../profile';

/** A credential found in a pasted command, before it becomes a profile's auth. */
export type FoundCredential =
  | { kind: 'basic'; username: string; password: string | null }
  | { kind: 'bearer'; prefix: string; token: string }
  | { kind: 'key'; placement: ApiKeyPlacement; value: string }
  /** `--digest -u user:password`: the password answers the server's challenge and never crosses the wire. */
  | { kind: 'digest'; username: string; password: string | null }
  /** `--aws-sigv4 … -u ACCESS_KEY_ID:SECRET`: every request is signed, nothing is sent as is. */
  | { kind: 'aws'; auth: Extract<AuthConfig, { scheme: 'aws-sigv4' }>; secretAccessKey: string; sessionToken: string };

/**
 * Decodes an `Authorization: Basic` credential (RFC 7617 §2: base64 of UTF-8 `user-id ":" password`, split at the
 * first colon since a user-id cannot contain one). Returns null when it is not valid base64 of UTF-8 with a colon.
 */
export function decodeBasic(encoded: string): { username: string; password: string } | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 === 1) return null;
  try {
    const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const colon = text.indexOf(':');
    return colon < 0 ? null : { username: text.slice(0, colon), password: text.slice(colon + 1) };
  } catch {
    return null;
  }
}

/**
 * Turns the credentials of one request into a profile's auth and its secret slots (as `secretSlots` names them).
 * One Basic or bearer credential stays that scheme (RFC 7617, RFC 6750 §2.1). API keys become one apikey profile with
 * a placement each. Cookies beside an Authorization credential are left out with a warning (a browser's "Copy as
 * cURL" carries its session cookies along; a profile holds one scheme). When an Authorization credential comes with
 * API-key headers or parameters, all of them become apikey placements (the Authorization header with its scheme as
 * prefix), since every such credential must still be sent.
 */
export function credentialsToAuth(found: readonly FoundCredential[], warnings: string[]): { auth: AuthConfig | null; secrets: Record<string, string> } {
  const authz = found.filter((c) => c.kind !== 'key');
  if (authz.length > 1) warnings.push('The command carried more than one Authorization credential; only the one curl would send was imported.');
  const main = authz[0];
  let keys = found.filter((c) => c.kind === 'key');
  const cookies = keys.filter((k) => k.placement.in === 'cookie').map((k) => k.placement.name);
  if (main && cookies.length) {
    const many = cookies.length > 1;
    warnings.push(`The command sends an Authorization credential, which the profile uses; the cookie${many ? 's' : ''} ${cookies.join(', ')} beside it ${many ? 'were' : 'was'} not imported (a profile holds one scheme). If the API needs ${many ? 'them' : 'it'} too, import a command with the cookie alone as a second profile.`);
    keys = keys.filter((k) => k.placement.in !== 'cookie');
  }
  if (main?.kind === 'digest' || main?.kind === 'aws') {
    // Both answer per request (a challenge, a signature): they cannot travel as API-key placements.
    if (keys.length) {
      const names = keys.map((k) => `${k.placement.in} ${k.placement.name}`).join(', ');
      warnings.push(`A profile holds one scheme, and ${main.kind === 'digest' ? 'HTTP Digest' : 'AWS Signature Version 4'} cannot be combined with API keys: ${names} ${keys.length > 1 ? 'were' : 'was'} not imported.`);
    }
    if (main.kind === 'aws') return { auth: main.auth, secrets: { secret_access_key: main.secretAccessKey, session_token: main.sessionToken } };
    if (main.password === null) {
      warnings.push('-u gave no password, so curl would prompt for it: enter the password in the profile.');
      return { auth: { scheme: 'digest', username: main.username }, secrets: {} };
    }
    return { auth: { scheme: 'digest', username: main.username }, secrets: { password: main.password } };
  }
  if (main && keys.length === 0) {
    if (main.kind === 'bearer') return { auth: { scheme: 'bearer', prefix: main.prefix }, secrets: { token: main.token } };
    if (main.password === null) {
      warnings.push('-u gave no password, so curl would prompt for it: enter the password in the profile.');
      return { auth: { scheme: 'basic', username: main.username }, secrets: {} };
    }
    if (main.password === '') {
      warnings.push('The Basic password is empty, so the username is treated as the secret key (as Stripe uses it).');
      return { auth: { scheme: 'basic', username: null }, secrets: { username: main.username, password: '' } };
    }
    return { auth: { scheme: 'basic', username: main.username }, secrets: { password: main.password } };
  }
  const placements: { placement: ApiKeyPlacement; value: string }[] = keys.map((k) => ({ placement: k.placement, value: k.value }));
  if (main && (main.kind === 'basic' || main.kind === 'bearer')) {
    warnings.push('The command sends an Authorization credential and API keys together; all are imported as API-key placements.');
    placements.unshift(
      main.kind === 'bearer'
        ? { placement: { in: 'header', name: 'Authorization', prefix: `${main.prefix} ` }, value: main.token }
        : { placement: { in: 'header', name: 'Authorization', prefix: 'Basic ' }, value: base64Utf8(`${main.username}:${main.password ?? ''}`) },
    );
  }
  const unique = placements.filter((p, i) => placements.findIndex((q) => q.placement.in === p.placement.in && q.placement.name.toLowerCase() === p.placement.name.toLowerCase()) === i);
  if (unique.length === 0) return { auth: null, secrets: {} };
  if (unique.length > 10) warnings.push(`Only the first 10 of ${unique.length} API-key placements were imported.`);
  const kept = unique.slice(0, 10);
  return {
    auth: { scheme: 'apikey', placements: kept.map((p) => p.placement) },
    secrets: Object.fromEntries(kept.map((p, i) => [`key${i}`, p.value])),
  };
}
