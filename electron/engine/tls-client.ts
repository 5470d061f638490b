import { createHash } from 'node:crypto';
import type https from 'node:https';
import tls from 'node:tls';
import type { ClientTls } from '../../shared/client-cert';

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
