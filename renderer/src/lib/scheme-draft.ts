import type { ClientCertificate } from '../../../shared/client-cert';
import type { AuthConfig } from '../../../shared/profile';
import { problemAt, type Problem } from './problem';

/** Drafts of the AWS SigV4 and client-certificate editors: non-secret fields only (keys stay in their inputs). */

export interface SigV4Draft {
  accessKeyId: string;
  region: string;
  service: string;
}

export interface MtlsDraft {
  format: 'pem' | 'pkcs12';
  /** The client certificate chain (public), for the PEM format. */
  certificatePem: string;
  /** An extra CA to trust for this profile's servers (public), optional. */
  caPem: string;
}

export const newSigV4Draft = (): SigV4Draft => ({ accessKeyId: '', region: 'us-east-1', service: '' });
export const newMtlsDraft = (): MtlsDraft => ({ format: 'pem', certificatePem: '', caPem: '' });

const BEGIN_CERT = '-----BEGIN CERTIFICATE-----';

/** The first thing to fix before an AWS SigV4 draft can be saved, or null (the same rules as the profile schema). */
export function sigv4Problem(d: SigV4Draft): Problem | null {
  if (!/^[A-Za-z0-9]{16,128}$/.test(d.accessKeyId.trim())) return problemAt('accessKeyId', 'Enter the access key ID: 16 to 128 letters and digits, such as AKIA… or ASIA….');
  if (!/^[a-z0-9-]{2,50}$/.test(d.region.trim())) return problemAt('region', 'Enter the region in lower case, such as us-east-1.');
  if (!/^[a-z0-9-]{2,64}$/.test(d.service.trim())) return problemAt('service', 'Enter the service’s signing name in lower case, such as execute-api, s3 or sts.');
  return null;
}

/** The first thing to fix before a client-certificate draft can be saved, or null. */
export function mtlsProblem(d: MtlsDraft): Problem | null {
  if (d.format === 'pem' && !d.certificatePem.includes(BEGIN_CERT)) return problemAt('certificatePem', `Paste the client certificate: PEM text starting with ${BEGIN_CERT}.`);
  if (d.caPem.trim() && !d.caPem.includes(BEGIN_CERT)) return problemAt('caPem', `The CA certificate must be PEM text starting with ${BEGIN_CERT}, or empty.`);
  return null;
}

export const sigv4ConfigOf = (d: SigV4Draft): AuthConfig => ({
  scheme: 'aws-sigv4',
  accessKeyId: d.accessKeyId.trim(),
  region: d.region.trim(),
  service: d.service.trim(),
});

/** The client certificate a draft describes (the mtls scheme's, or an OAuth client's for RFC 8705 §2). */
export const clientCertificateOf = (d: MtlsDraft): ClientCertificate => ({
  format: d.format,
  certificatePem: d.format === 'pem' ? d.certificatePem.trim() + '\n' : undefined,
  caPem: d.caPem.trim() ? d.caPem.trim() + '\n' : undefined,
});

export const mtlsConfigOf = (d: MtlsDraft): AuthConfig => ({ scheme: 'mtls', ...clientCertificateOf(d) });
