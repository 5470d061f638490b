import { X509Certificate } from 'node:crypto';
import type { LintWarning } from '../../shared/lint';
import type { AuthConfig } from '../../shared/profile';

/** The client certificate a profile presents in its TLS handshakes, when the profile file holds it (the PEM format). */
function certificatePemOf(auth: AuthConfig): string | undefined {
  if (auth.scheme === 'mtls') return auth.certificatePem;
  return auth.scheme === 'oauth2' ? auth.clientCertificate?.certificatePem : undefined;
}

/**
 * A warning when the client certificate in a profile (PEM format) is past its validity or not valid yet at `now`
 * (ms since the epoch): servers then refuse the handshake (RFC 5280 §4.1.2.5), and the failure says little. Shown
 * with the profile's lint warnings (`profile add`, `profile show`, the app's profile view). A PKCS#12 bundle is in
 * the keychain, behind its passphrase: not checked here. Nothing for a certificate Node cannot parse (checked when saved).
 */
export function certificateValidityWarnings(auth: AuthConfig, now: number): LintWarning[] {
  const pem = certificatePemOf(auth);
  if (pem === undefined) return [];
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return [];
  }
  const rule = 'RFC 5280 §4.1.2.5 (validity)';
  if (now > Date.parse(cert.validTo)) {
    return [{ code: 'client-certificate-expired', message: `The client certificate expired on ${cert.validTo}: servers refuse it in the TLS handshake.`, rule, fix: 'Get a renewed certificate and save it with the profile.' }];
  }
  if (now < Date.parse(cert.validFrom)) {
    return [{ code: 'client-certificate-not-yet-valid', message: `The client certificate is not valid before ${cert.validFrom}: servers refuse it until then.`, rule, fix: 'Check the certificate, or this computer\'s clock.' }];
  }
  return [];
}
