import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type https from 'node:https';
import tls from 'node:tls';
import type { ClientTls } from '../../shared/client-cert';
import { AuthdeskError } from './errors';

/**
 * The `https.Agent` options that present a client certificate in the TLS handshake (RFC 8446 §4.4.2): a PEM key and
 * chain, or a PKCS#12 bundle (RFC 7292), with its passphrase; the server is verified against the system roots plus
 * `extraCas` and the certificate's own CA. TLS verification itself is never turned off.
 * @param extraCas PEM certificates trusted besides the system roots (the sender's configured private CA)
 */
export function clientTlsAgentOptions(client: ClientTls, extraCas: readonly string[] = []): https.AgentOptions {
  const ca = [...extraCas, ...(client.caPem ? [client.caPem] : [])];
  return {
    ...(client.pkcs12Base64 !== undefined ? { pfx: Buffer.from(client.pkcs12Base64, 'base64') } : { cert: client.certPem, key: client.keyPem }),
    ...(client.passphrase ? { passphrase: client.passphrase } : {}),
    ...(ca.length ? { ca: [...tls.rootCertificates, ...ca] } : {}),
  };
}

/** A pooling key for client certificate material: hex SHA-256 over all of it (never the material itself). */
export function clientTlsId(client: ClientTls): string {
  return createHash('sha256').update(JSON.stringify([client.certPem, client.keyPem, client.pkcs12Base64, client.passphrase, client.caPem])).digest('hex');
}

/**
 * PEM certificates from `AUTHDESK_EXTRA_CA_CERTS` (a file path), trusted in addition to the system roots for
 * private servers and corporate proxies, like Node's NODE_EXTRA_CA_CERTS.
 * @throws AuthdeskError `invalid_request` naming the file when it cannot be read or holds no certificate
 */
export async function readExtraCaCerts(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const file = env.AUTHDESK_EXTRA_CA_CERTS;
  if (!file) return undefined;
  const pem = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new AuthdeskError('invalid_request', `AUTHDESK_EXTRA_CA_CERTS names ${file}, which cannot be read (${e.code}).`);
  });
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new AuthdeskError('invalid_request', `AUTHDESK_EXTRA_CA_CERTS names ${file}, which holds no PEM certificate.`);
  return pem;
}
