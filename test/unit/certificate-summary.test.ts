import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateSummary } from '../../electron/cli/key-material';
import { selfSignedCert } from '../helpers/tls';

/** `profile show` and `profile add` name a client certificate's validity, and say so when it is over or not begun. */
describe('certificateSummary', () => {
  const { cert } = selfSignedCert();
  const x = new X509Certificate(cert);
  const from = Date.parse(x.validFrom);
  const to = Date.parse(x.validTo);

  it('inside its validity: the subject and when it ends', () => {
    expect(certificateSummary(cert, from + 1000)).toBe(`CN=127.0.0.1 (valid until ${x.validTo})`);
  });

  it('after it: EXPIRED with the date and what to do (RFC 5280 §4.1.2.5)', () => {
    expect(certificateSummary(cert, to + 1000)).toBe(`CN=127.0.0.1 (EXPIRED ${x.validTo}: servers refuse it, renew it)`);
  });

  it('before it: not valid yet', () => {
    expect(certificateSummary(cert, from - 60_000)).toBe(`CN=127.0.0.1 (not valid before ${x.validFrom})`);
  });

  it('no certificate: null', () => {
    expect(certificateSummary('-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----')).toBeNull();
  });
});
