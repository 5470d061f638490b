import { formatBound } from '../../shared/metrics';
import type { FailureReason } from '../../shared/request';

/** The failure reason of a final HTTP status (null for success; `redirect` for a 3xx that was not followed). */
export function reasonOfStatus(status: number): FailureReason | null {
  if (status < 300) return null;
  if (status < 400) return 'redirect';
  if (status === 401) return 'invalid_credentials';
  if (status === 403) return 'forbidden';
  if (status === 429) return 'rate_limited';
  return status < 500 ? 'client_error' : 'server_error';
}

/**
 * Why a PKCS#12 bundle that OpenSSL 3 refuses as unsupported (ERR_CRYPTO_UNSUPPORTED_OPERATION) cannot be used and how
 * to export it again: said when a profile is saved (key-check.ts) and when a send offers it (an environment variable).
 */
export const LEGACY_PKCS12 =
  'The PKCS#12 bundle uses a legacy encryption (RC2 or 3DES, as made by openssl pkcs12 -export -legacy or older tools) that this runtime (OpenSSL 3) does not support. Export it again without -legacy, which encrypts with AES-256-CBC (for example: openssl pkcs12 -legacy -in OLD.p12 -nodes -out both.pem, then openssl pkcs12 -export -in both.pem -out NEW.p12, then delete both.pem), or give the certificate and private key as PEM files.';

const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH|ERR_OSSL)/;
/** zlib and brotli errors: a compressed body that does not decode. */
const DECODE_CODES = /^(Z_|ERR_BROTLI|ERR__ERROR)/;

const codeOf = (err: unknown): string => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code ?? e.cause?.code ?? '';
};

/**
 * Mutual TLS failures (RFC 8446 §4.4.2, §6.2 alerts): the server demands a certificate the request did not offer,
 * refuses the one offered (it resets the connection or sends an alert), or the offered key cannot be read.
 */
function explainClientCertificate(code: string, message: string, host: string, offered: boolean, advice: string): string | null {
  if (code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' && !offered) {
    return `${host} requires a client certificate (mutual TLS) and this request offered none. ${advice}`;
  }
  if (!offered) return null;
  if (code === 'ERR_OSSL_BAD_DECRYPT' || /mac verify failure/.test(message)) {
    return 'The client private key (or PKCS#12 bundle) could not be decrypted: check its passphrase.';
  }
  if (code === 'ERR_CRYPTO_UNSUPPORTED_OPERATION') return LEGACY_PKCS12;
  if (code.startsWith('ERR_OSSL_')) return `The client certificate or private key could not be read (${code}): save it again as PEM or base64 PKCS#12.`;
  if (/^(ECONNRESET|EPIPE|ERR_SSL_.*ALERT)/.test(code)) {
    return `${host} refused the client certificate during the TLS handshake (${code}): it was not issued by a CA the server trusts, has expired, or is not meant for client authentication.`;
  }
  return null;
}

/**
 * Classifies a transport error and explains it for a person, naming the host (never a secret).
 * @param host the `host:port` that was being reached
 * @param clientCertificate whether a client certificate was offered (mutual TLS)
 * @param certificateAdvice what to do when the server requires a certificate and none was offered
 */
export function explainTransportError(
  err: unknown,
  host: string,
  timeoutMs: number,
  clientCertificate = false,
  certificateAdvice = 'Use a client-certificate profile.',
): { failure: FailureReason; message: string } {
  const e = err as { name?: string; message?: string };
  const code = codeOf(err);
  const mtls = explainClientCertificate(code, e.message ?? '', host, clientCertificate, certificateAdvice);
  if (mtls) return { failure: 'tls', message: mtls };
  if (e.name === 'CanceledError' || code === 'ERR_CANCELED' || code === 'ABORT_ERR') {
    return { failure: 'cancelled', message: 'The request was cancelled.' };
  }
  if (code === 'AUTHDESK_TIMEOUT' || code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return {
      failure: 'timeout',
      message: `No answer from ${host} within ${formatBound(timeoutMs)}. Check that the host is up and reachable, or raise the timeout.`,
    };
  }
  if (TLS_CODES.test(code)) {
    return { failure: 'tls', message: `TLS with ${host} failed (${code}). The server's certificate is not trusted for this name.` };
  }
  const network: Record<string, string> = {
    ECONNREFUSED: `${host} refused the connection: nothing is listening on that port.`,
    ENOTFOUND: `The name in ${host} could not be resolved. Check the URL for typos.`,
    EAI_AGAIN: `DNS lookup for ${host} failed temporarily. Check your network connection.`,
    ECONNRESET: `${host} closed the connection unexpectedly.`,
    EHOSTUNREACH: `${host} is unreachable from this machine.`,
    ENETUNREACH: 'The network is unreachable from this machine.',
    EPIPE: `${host} closed the connection while the request was being sent.`,
    HPE_INVALID_CONSTANT: `${host} did not answer with valid HTTP.`,
  };
  const known = network[code] ?? (code.startsWith('HPE_') ? `${host} did not answer with valid HTTP (${code}).` : null);
  return { failure: 'network', message: known ?? `Could not reach ${host}${code ? ` (${code})` : ''}.` };
}

/**
 * Classifies an error met while the response body was streaming (the status and headers had arrived): a body still
 * arriving when the send's deadline came (`AUTHDESK_DEADLINE` from readBody: a trickle, or a stall shorter than the
 * bound), one that does not decode, a connection closed before the end; anything else as
 * {@link explainTransportError}.
 * @param host the `host:port` that was answering
 * @param timeoutMs the send's bound in ms, said exactly in the message
 */
export function explainBodyError(err: unknown, host: string, timeoutMs: number): { failure: FailureReason; message: string } {
  const code = codeOf(err);
  if (code === 'AUTHDESK_DEADLINE') {
    const { bytes, silentMs } = err as { bytes: number; silentMs: number };
    const received = bytes === 0 ? 'none of it received' : `${bytes} bytes received, the last ${formatBound(silentMs < 1000 ? silentMs : Math.round(silentMs / 100) * 100)} before`;
    return {
      failure: 'timeout',
      message: `${host} answered, but its response body was still arriving when the timeout of ${formatBound(timeoutMs)} ran out (${received}). The timeout bounds the whole response, body included: raise it for a large or slow response.`,
    };
  }
  if (DECODE_CODES.test(code)) {
    return { failure: 'network', message: `The response body from ${host} could not be decoded (${code}): its compressed data (Content-Encoding) is corrupt.` };
  }
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return { failure: 'network', message: `${host} closed the connection before the response body ended.` };
  }
  return explainTransportError(err, host, timeoutMs);
}
