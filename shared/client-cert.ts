import { z } from 'zod';
import type { SecretSlot } from './profile';

/**
 * A TLS client certificate (RFC 8446 §4.4.2), shared by the `mtls` scheme (the certificate is the API credential) and
 * by OAuth 2.0 mutual-TLS client authentication (RFC 8705 §2: `tls_client_auth`, `self_signed_tls_client_auth`).
 * The certificate chain and an extra CA are public and live in the profile file; the private key (PEM, slot
 * `client_key`) or the PKCS#12 bundle (RFC 7292, base64, slot `client_pkcs12`) and its passphrase (slot
 * `client_key_passphrase`, empty for none) live in the keychain.
 */

const pemSchema = (label: string) =>
  z.string().max(200_000).refine((v) => v.includes(`-----BEGIN ${label}-----`), `PEM text with -----BEGIN ${label}-----`);

/** The non-secret fields of a client certificate, for schemas that embed them (the `mtls` scheme). */
export const clientCertificateFields = {
  format: z.enum(['pem', 'pkcs12']),
  /** The client certificate chain (PEM, public) for the `pem` format; a PKCS#12 bundle carries its own. */
  certificatePem: pemSchema('CERTIFICATE').optional(),
  /** A CA (PEM) trusted for this profile's servers in addition to the system roots (a private server). */
  caPem: pemSchema('CERTIFICATE').optional(),
};

/** The rule every client certificate follows: the PEM format carries its certificate, a PKCS#12 bundle does not. */
export const certificateMatchesFormat = (c: { format: 'pem' | 'pkcs12'; certificatePem?: string }): boolean => (c.format === 'pem') === (c.certificatePem !== undefined);
export const CERTIFICATE_FORMAT_RULE = 'the pem format needs certificatePem; pkcs12 carries its certificate in the bundle';

export const clientCertificateSchema = z.object(clientCertificateFields).refine(certificateMatchesFormat, CERTIFICATE_FORMAT_RULE);
export type ClientCertificate = z.infer<typeof clientCertificateSchema>;

/** A client certificate for the TLS handshake (mutual TLS), and a CA trusted for the server. */
export interface ClientTls {
  certPem?: string;
  keyPem?: string;
  /** A PKCS#12 bundle (RFC 7292), base64. */
  pkcs12Base64?: string;
  /** Empty when the key is not encrypted. */
  passphrase: string;
  caPem?: string;
}

/** The secret slots of a client certificate, in stdin order: the key or the bundle, then the passphrase. */
export function clientCertificateSlots(format: ClientCertificate['format']): SecretSlot[] {
  return [
    format === 'pem'
      ? { slot: 'client_key', label: 'client private key (PEM)', mayBeEmpty: false }
      : { slot: 'client_pkcs12', label: 'client PKCS#12 bundle (base64)', mayBeEmpty: false },
    { slot: 'client_key_passphrase', label: 'private key passphrase (empty when none)', mayBeEmpty: true },
  ];
}

/**
 * The TLS client material of a certificate from its secret slots, and the secret values it holds (for redaction).
 * @param need returns a slot's value; throws (without the value in its message) when the slot has none
 */
export function clientTlsOf(cert: ClientCertificate, need: (slot: string) => string): { tls: ClientTls; secretValues: string[] } {
  const passphrase = need('client_key_passphrase');
  const tls: ClientTls = cert.format === 'pem' ? { certPem: cert.certificatePem, keyPem: need('client_key'), passphrase } : { pkcs12Base64: need('client_pkcs12'), passphrase };
  if (cert.caPem) tls.caPem = cert.caPem;
  return { tls, secretValues: [tls.keyPem ?? tls.pkcs12Base64 ?? '', passphrase] };
}

/**
 * The client certificate an OAuth profile presents (RFC 8705 §2), from its resolved slot values; null when its client
 * authentication uses none.
 * @throws Error (naming the slot, never a value) when a slot of the certificate has no value
 */
export function oauthClientTls(auth: { clientCertificate?: ClientCertificate }, values: Readonly<Record<string, string>>): ClientTls | null {
  if (!auth.clientCertificate) return null;
  return clientTlsOf(auth.clientCertificate, (slot) => {
    const v = values[slot];
    if (v === undefined) throw new Error(`The profile's ${slot} is not available.`);
    return v;
  }).tls;
}
