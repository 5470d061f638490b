import { AuthdeskError } from '../errors';
import { postForm } from './http';
import { applyClientAuth, type ClientAuth } from './token-endpoint';

/**
 * Revokes a token (RFC 7009 §2.1): POST `token` and `token_type_hint` with the token endpoint's client
 * authentication. A 200 means revoked or already invalid (§2.2); `unsupported_token_type` (§2.2.1) is the server's
 * answer that it does not revoke this kind of token. Returns a sentence for each of those.
 * @throws AuthdeskError `auth_failed` when the revocation was not confirmed: a 503 (§2.2.1: the token must be assumed
 *   to still exist), another error reply, or no answer (unreachable, timeout: postForm's message, framed the same way)
 */
export async function revokeToken(endpoint: string, auth: ClientAuth, token: string, hint: 'access_token' | 'refresh_token'): Promise<string> {
  const params = new URLSearchParams({ token, token_type_hint: hint });
  const { headers, tls } = await applyClientAuth(auth, params);
  const notRevoked = (why: string) => new AuthdeskError('auth_failed', `The ${hint} was not revoked: ${why}; it may still be valid at the server until it expires.`);
  let reply: Awaited<ReturnType<typeof postForm>>;
  try {
    reply = await postForm(endpoint, params, headers, 30_000, undefined, tls);
  } catch (e) {
    throw notRevoked(e instanceof Error ? e.message.replace(/\.$/, '') : String(e));
  }
  if (reply.status === 200) return `${hint} revoked at ${new URL(endpoint).origin} (${reply.durationMs} ms)`;
  let error = '';
  try {
    error = String((JSON.parse(reply.text) as { error?: string }).error ?? '');
  } catch {
    error = '';
  }
  if (error === 'unsupported_token_type') return `the server does not revoke ${hint}s (unsupported_token_type): it stays valid there until it expires`;
  throw notRevoked(reply.status === 503 ? 'the revocation endpoint is unavailable (503)' : `the server refused (HTTP ${reply.status}${error ? `, ${error}` : ''})`);
}
