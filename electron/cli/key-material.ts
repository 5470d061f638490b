import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { KeyCheckHints } from '../engine/key-check';
import { usage } from './context';

/**
 * Keys and certificates given as files (`--key-file`, `--cert`, `--ca`) or as PEM blocks on standard input. Private
 * keys only ever go to the keychain; certificates are public and stored in the profile file, so a certificate file
 * that also holds a private key is refused. Messages name files, never their content.
 */

/** The secret slots that hold a private key, which `--key-file` fills. */
export type KeySlot = 'client_key' | 'client_pkcs12' | 'private_key';

/** Whether a slot holds a PEM private key, which spans many lines on standard input. */
export const isPemSlot = (slot: string): boolean => slot === 'client_key' || slot === 'private_key';

/** The label of a `-----BEGIN … PRIVATE KEY-----` line ("RSA PRIVATE KEY"), or null for any other line. */
export function privateKeyLabel(line: string): string | null {
  return /^-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY)-----$/.exec(line.trim())?.[1] ?? null;
}

async function readBytes(flag: string, file: string, cwd: string): Promise<Buffer> {
  try {
    return await readFile(path.resolve(cwd, file));
  } catch (e) {
    throw usage(`Could not read ${flag} ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

/** A private key slot's value from `--key-file`: the PEM text as is, or a PKCS#12 bundle's bytes as base64. */
export async function readKeyFile(file: string, slot: KeySlot, cwd: string): Promise<string> {
  const bytes = await readBytes('--key-file', file, cwd);
  const text = bytes.toString('utf8');
  if (slot === 'client_pkcs12') {
    if (text.includes('-----BEGIN ')) throw usage(`--key-file ${file} is PEM text, not a PKCS#12 bundle: leave out --pkcs12 and give the certificate with --cert.`);
    if (bytes.length === 0) throw usage(`--key-file ${file} is empty.`);
    return bytes.toString('base64');
  }
  const label = text.split('\n').map(privateKeyLabel).find((l) => l !== null);
  if (!label || !text.includes(`-----END ${label}-----`)) {
    const p12 = slot === 'client_key' ? '; for a .p12/.pfx bundle add --pkcs12' : '';
    throw usage(`--key-file ${file} holds no PEM private key (-----BEGIN … PRIVATE KEY----- to -----END … PRIVATE KEY-----)${p12}.`);
  }
  return text;
}

/** The text of a public PEM certificate file (`--cert`, `--ca`), checked to parse and to hold no private key. */
export async function readCertFile(flag: string, file: string, cwd: string): Promise<string> {
  const text = (await readBytes(flag, file, cwd)).toString('utf8');
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) {
    throw usage(`${flag} ${file} also holds a private key, which must not be stored in the profile file: give the certificate alone, and the key with --key-file.`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----') || certificateSummary(text) === null) {
    throw usage(`${flag} ${file} holds no readable PEM certificate (-----BEGIN CERTIFICATE-----).`);
  }
  return text;
}

/**
 * "CN=client, O=Example (valid until …)" for the first certificate of a PEM text, or "(EXPIRED …: …)" / "(not valid
 * before …)" when `now` (ms since the epoch) is outside its validity (RFC 5280 §4.1.2.5: a server refuses it then);
 * null when it cannot be parsed.
 */
export function certificateSummary(pem: string, now = Date.now()): string | null {
  try {
    const cert = new X509Certificate(pem);
    const validity =
      now > Date.parse(cert.validTo)
        ? `EXPIRED ${cert.validTo}: servers refuse it, renew it`
        : now < Date.parse(cert.validFrom)
          ? `not valid before ${cert.validFrom}`
          : `valid until ${cert.validTo}`;
    return `${cert.subject.split('\n').join(', ')} (${validity})`;
  } catch {
    return null;
  }
}

/** How the CLI lets a person fix key material the engine refuses (see checkKeyMaterial in engine/key-check.ts). */
export const CLI_KEY_HINTS: KeyCheckHints = {
  givePassphrase: 'give its passphrase (on the line after the key on standard input, or with --secret-env)',
  certificate: 'the certificate of --cert',
  matchSigningAlg: 'give --signing-alg to match the key, or another key',
};
