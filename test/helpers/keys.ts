import { createPrivateKey } from 'node:crypto';
import { exportJWK, exportPKCS8, generateKeyPair, type CryptoKey, type JWK } from 'jose';

/** A fresh signing key pair made with jose: the private key as PKCS#8 PEM, the public key as a CryptoKey and a JWK. */
export async function testKeyPair(alg: 'RS256' | 'ES256' | 'PS256', kid: string): Promise<{ pkcs8: string; publicKey: CryptoKey; jwk: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { pkcs8: await exportPKCS8(privateKey), publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** The same private key in its traditional PEM: PKCS#1 `RSA PRIVATE KEY` (as GitHub hands out) or SEC1 `EC PRIVATE KEY`. */
export function traditionalPem(pkcs8: string): string {
  const key = createPrivateKey(pkcs8);
  return key.export({ format: 'pem', type: key.asymmetricKeyType === 'ec' ? 'sec1' : 'pkcs1' }).toString();
}
