import { createPrivateKey, type KeyObject } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import type { ClientCertificate } from '../../shared/client-cert';
import { usesPrivateKey, type SigningAlg } from '../../shared/oauth';
import type { AuthConfig } from '../../shared/profile';
import { AuthdeskError } from './errors';
import { LEGACY_PKCS12 } from './failure';

/**
 * The key material of a profile, opened before it is saved the way sending will open it, so a key that cannot work
 * is refused at once instead of failing at the first send. Messages name the problem, never the key.
 */

/** How a person fixes each problem, in the words of the front end that shows the message (the app or the CLI). */
export interface KeyCheckHints {
  /** How to give the passphrase of an encrypted key: "give its passphrase in the Passphrase field". */
  givePassphrase: string;
  /** The certificate a client key must belong to: "the client certificate". */
  certificate: string;
  /** How to make the signing algorithm fit the key: "choose the signing algorithm that fits the key, or another key". */
  matchSigningAlg: string;
}

/** The app's words (the profile forms); the default. */
export const APP_KEY_HINTS: KeyCheckHints = {
  givePassphrase: 'give its passphrase in the Passphrase field',
  certificate: 'the client certificate',
  matchSigningAlg: 'choose the signing algorithm that fits the key, or another key',
};

/** The secret slots {@link checkKeyMaterial} reads for `auth` (none for a scheme without key material). */
export function keyMaterialSlots(auth: AuthConfig): string[] {
  const cert = clientCertificateOf(auth);
  const slots = cert ? [cert.format === 'pem' ? 'client_key' : 'client_pkcs12', 'client_key_passphrase'] : [];
  return auth.scheme === 'oauth2' && usesPrivateKey(auth) ? [...slots, 'private_key'] : slots;
}

const clientCertificateOf = (auth: AuthConfig): ClientCertificate | undefined =>
  auth.scheme === 'mtls' ? auth : auth.scheme === 'oauth2' ? auth.clientCertificate : undefined;

const refuse = (message: string): AuthdeskError => new AuthdeskError('invalid_request', `${message} Nothing was saved.`);

/** The `code` of a Node/OpenSSL error, else its first line (never key material: OpenSSL messages name routines). */
const errorCode = (e: unknown): string => (e as { code?: string }).code ?? String((e as Error).message ?? e).split('\n')[0]!.slice(0, 80);

/** Whether a PEM private key is encrypted (PKCS#8 "ENCRYPTED PRIVATE KEY", or a traditional key's Proc-Type header). */
const encryptedPem = (pem: string): boolean => /-----BEGIN ENCRYPTED PRIVATE KEY-----|^Proc-Type: *4, *ENCRYPTED/m.test(pem);

/** A client key (or PKCS#12 bundle) and its passphrase, opened the way the TLS handshake will open them. */
function checkClientCertificate(cert: ClientCertificate, value: (slot: string) => string | undefined, hints: KeyCheckHints): void {
  const passphrase = value('client_key_passphrase');
  const key = value(cert.format === 'pem' ? 'client_key' : 'client_pkcs12');
  if (passphrase === undefined || key === undefined) return;
  try {
    createSecureContext(cert.format === 'pem' ? { cert: cert.certificatePem, key, passphrase } : { pfx: Buffer.from(key, 'base64'), passphrase });
  } catch (e) {
    const code = errorCode(e);
    const what = cert.format === 'pem' ? 'client private key' : 'PKCS#12 bundle';
    // A wrong passphrase usually fails the padding check (BAD_DECRYPT); about once in 256 the garbage it decrypts passes
    // it and fails later as an unreadable key instead. An encrypted PEM key that does not open is a passphrase problem.
    if (code === 'ERR_OSSL_BAD_DECRYPT' || /mac verify failure/i.test(code) || (cert.format === 'pem' && code !== 'ERR_OSSL_X509_KEY_VALUES_MISMATCH' && encryptedPem(key))) {
      throw refuse(passphrase === '' ? `The ${what} is encrypted: ${hints.givePassphrase}.` : `The passphrase does not decrypt the ${what}: check it.`);
    }
    if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH') {
      throw refuse(`The client private key does not belong to ${hints.certificate}: give the key the certificate was issued for.`);
    }
    if (cert.format === 'pkcs12' && code === 'ERR_CRYPTO_UNSUPPORTED_OPERATION') throw refuse(LEGACY_PKCS12);
    throw refuse(`The ${what} could not be read (${code}): ${cert.format === 'pem' ? 'give a PEM private key (PKCS#8, PKCS#1 or SEC1)' : 'export the bundle again as .p12/.pfx'}.`);
  }
}

/** A JWT signing key: a readable, unencrypted PEM private key of the type `alg` needs (RFC 7518 §3.1). */
function checkSigningKey(pem: string, alg: SigningAlg, githubApp: boolean, hints: KeyCheckHints): void {
  const text = !pem.includes('\n') && pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem' });
  } catch (e) {
    if (/ENCRYPTED/.test(text.slice(0, 60)) || /passphrase/i.test(errorCode(e))) {
      throw refuse('The private key is encrypted with a passphrase, which JWT signing keys cannot have here: save the unencrypted PEM (openssl pkcs8 -topk8 -nocrypt).');
    }
    throw refuse(`The private key could not be read (${errorCode(e)}): give a PEM private key (PKCS#8 "BEGIN PRIVATE KEY", or an RSA or EC key).`);
  }
  const type = key.asymmetricKeyType;
  const fits = alg === 'ES256' ? type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1' : type === 'rsa' || (alg === 'PS256' && type === 'rsa-pss');
  if (!fits) {
    const have = type === 'ec' ? `an EC key on ${key.asymmetricKeyDetails?.namedCurve ?? 'an unknown curve'}` : type === 'rsa' ? 'an RSA key' : `a ${type ?? 'non-asymmetric'} key`;
    const fix = githubApp ? "GitHub App JWTs are RS256: give the App's RSA private key (the .pem from its settings)" : hints.matchSigningAlg;
    throw refuse(`The private key is ${have}, which cannot sign ${alg} (RFC 7518 §3.1: RS256 and PS256 need RSA, ES256 needs EC P-256): ${fix}.`);
  }
}

/**
 * Checks the key material of a profile before it is saved, as sending will use it: a client private key must open
 * with its passphrase and belong to its certificate, a PKCS#12 bundle must open with its passphrase, and a JWT signing
 * key must be a readable unencrypted PEM key that fits the signing algorithm. A slot whose value is not at hand (an
 * environment variable, read only at send time) is not checked, nor is what depends on it.
 * @param value a slot's value, or undefined when it is not at hand
 * @param hints how the front end showing the message lets a person fix it (default: the app's)
 * @throws AuthdeskError `invalid_request` naming the problem (never the key), ending "Nothing was saved."
 */
export function checkKeyMaterial(auth: AuthConfig, value: (slot: string) => string | undefined, hints: KeyCheckHints = APP_KEY_HINTS): void {
  const cert = clientCertificateOf(auth);
  if (cert) checkClientCertificate(cert, value, hints);
  if (auth.scheme === 'oauth2' && usesPrivateKey(auth)) {
    const pem = value('private_key');
    if (pem !== undefined) checkSigningKey(pem, auth.signingAlg ?? 'RS256', auth.grant === 'github_app', hints);
  }
}
