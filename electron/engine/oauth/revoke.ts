import { AuthdeskError } from '../errors';
import { postForm } from './http';
import { applyClientAuth, type ClientAuth } from './token-endpoint';

/**
 * Revokes a token (RFC 7009 §2.1): POST `token` and `token_type_hint` with the token endpoint's client
 * authentication. A 200 means revoked or already invalid (§2.2). Returns a sentence for the timeline.
 * @throws AuthdeskError `auth_failed` for `unsupported_token_type` (§2.2.1), a 503 (retry later) or another error
 */
export async function revokeToken(endpoint: string, auth: ClientAuth, token: string, hint: 'access_token' | 'refresh_token'): Promise<string> {
  const params = new URLSearchParams({ token, token_type_hint: hint });
  const { headers, tls } = await applyClientAuth(auth, params);
  const reply = await postForm(endpoint, params, headers, 30_000, undefined, tls);
  if (reply.status === 200) return `${hint} revoked at ${new URL(endpoint).origin} (${reply.durationMs} ms)`;
  let error = '';
  try {
    error = String((JSON.parse(reply.text) as { error?: string }).error ?? '');
  } catch {
    error = '';
  }
  if (reply.status === 503) throw new AuthdeskError('auth_failed', `The revocation endpoint is unavailable (503); the ${hint} was dropped locally. Retry revocation later.`);
  if (error === 'unsupported_token_type') throw new AuthdeskError('auth_failed', `The server does not revoke ${hint}s (unsupported_token_type); it was dropped locally.`);
  throw new AuthdeskError('auth_failed', `Revocation of the ${hint} failed (HTTP ${reply.status}${error ? `, ${error}` : ''}); it was dropped locally.`);
}
