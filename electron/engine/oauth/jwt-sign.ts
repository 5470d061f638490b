import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { SigningAlg } from '../../../shared/oauth';
import { AuthdeskError } from '../errors';

/**
 * Reads the profile's private key: PEM as PKCS#8 (`BEGIN PRIVATE KEY`), PKCS#1 (`BEGIN RSA PRIVATE KEY`, what
 * GitHub hands out) or SEC1 (`BEGIN EC PRIVATE KEY`). A key pasted with literal `\n` (as in a JSON service-account
 * file or an environment variable) is unfolded first. Error messages never quote the key.
 * @throws AuthdeskError `invalid_request` for an unreadable or encrypted key, or one that does not fit `alg`
 */
function importKey(pem: string, alg: SigningAlg): KeyObject {
  const text = !pem.includes('\n') && pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem' });
  } catch (e) {
    const encrypted = /ENCRYPTED|passphrase/i.test(`${text.slice(0, 40)} ${(e as Error).message}`);
    throw new AuthdeskError(
      'invalid_request',
      encrypted
        ? 'The private key is encrypted with a passphrase. Save the unencrypted PEM (openssl pkcs8 -topk8 -nocrypt).'
        : 'The private key is not a readable PEM private key (PKCS#8 "BEGIN PRIVATE KEY", or an RSA or EC key). Replace it.',
    );
  }
  const type = key.asymmetricKeyType;
  const fits = alg === 'ES256' ? type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1' : type === 'rsa' || (alg === 'PS256' && type === 'rsa-pss');
  if (!fits) {
    const have = type === 'ec' ? `an EC key on ${key.asymmetricKeyDetails?.namedCurve ?? 'an unknown curve'}` : type === 'rsa' ? 'an RSA key' : `a ${type ?? 'non-asymmetric'} key`;
    throw new AuthdeskError('invalid_request', `The private key is ${have}, which cannot sign ${alg} (RFC 7518 §3.1: RS256 and PS256 need RSA, ES256 needs EC P-256). Change the signing algorithm or the key.`);
  }
  return key;
}

/** A random JWT ID (RFC 7519 §4.1.7): 128 bits, base64url. */
export const newJti = (): string => randomBytes(16).toString('base64url');

/**
 * Signs a JWT (RFC 7519) with the profile's private key via jose: protected header `{alg, typ: "JWT", kid?}`,
 * then the claims with `iat` and `exp` in seconds since the epoch (RFC 7519 §4.1.4, §4.1.6).
 * @throws AuthdeskError `invalid_request` when the key cannot be read or does not fit `alg`
 */
export async function signJwt(pem: string, opts: { alg: SigningAlg; keyId?: string; claims: JWTPayload; iat: number; exp: number }): Promise<string> {
  const key = importKey(pem, opts.alg);
  const { SignJWT } = await import('jose'); // loaded on first use: most runs never sign a JWT
  return new SignJWT(opts.claims)
    .setProtectedHeader({ alg: opts.alg, typ: 'JWT', ...(opts.keyId ? { kid: opts.keyId } : {}) })
    .setIssuedAt(opts.iat)
    .setExpirationTime(opts.exp)
    .sign(key);
}
