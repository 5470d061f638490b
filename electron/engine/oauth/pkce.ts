import { createHash, randomBytes } from 'node:crypto';

/** base64url without padding (RFC 4648 §5). */
const b64url = (buf: Buffer) => buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * A PKCE code_verifier: 32 random octets base64url-encoded, 43 characters of `[A-Za-z0-9-._~]`
 * (RFC 7636 §4.1 and the §7.1 recommendation).
 */
export function createCodeVerifier(): string {
  return b64url(randomBytes(32));
}

/**
 * The S256 code_challenge: BASE64URL(SHA256(ASCII(code_verifier))) with no padding (RFC 7636 §4.2). Authdesk
 * never uses `plain` (RFC 7636 §7.2).
 * @throws Error when the verifier is not 43–128 unreserved characters (RFC 7636 §4.1)
 */
export function codeChallengeS256(verifier: string): string {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) throw new Error('A code_verifier is 43–128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.1).');
  return b64url(createHash('sha256').update(verifier, 'ascii').digest());
}

/** A one-time `state` value: 32 random octets, base64url (RFC 9700 §4.7.1). */
export function createState(): string {
  return b64url(randomBytes(32));
}
