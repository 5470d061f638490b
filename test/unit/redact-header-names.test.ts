import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED } from '../../shared/redact';

/**
 * A header typed into a request by hand whose name says it carries a credential is masked by name, like the listed
 * ones: before, `X-Shopify-Access-Token: shpat_…` went into history, the window and HAR exports as typed.
 */
describe('redaction of hand-typed credential headers by name', () => {
  const r = createRedactor();

  it('masks headers whose name says they carry a key, a token, a secret or a password', () => {
    const names = [
      'X-Shopify-Access-Token',
      'Ocp-Apim-Subscription-Key',
      'X-Goog-Api-Key',
      'X-CSRF-Token',
      'X-My-Secret',
      'Client-Secret',
      'X-Password',
      'X-Session-Token',
      'apikey',
      'X-Api_Key',
    ];
    for (const name of names) expect(r.headers([[name, 'typed-by-hand-4242']])).toEqual([[name, REDACTED]]);
  });

  it('keeps headers that explain a failure or are not credentials readable', () => {
    const keep: [string, string][] = [
      ['WWW-Authenticate', 'Bearer realm="api", error="invalid_token"'],
      ['Access-Control-Allow-Credentials', 'true'],
      ['Access-Control-Allow-Headers', 'Authorization, X-Api-Key'],
      ['Content-Type', 'application/json'],
      ['X-RateLimit-Remaining', '42'],
      ['Keep-Alive', 'timeout=5'],
      ['X-Token-Expires-In', '3600'],
      ['Notion-Version', '2022-06-28'],
    ];
    expect(r.headers(keep)).toEqual(keep);
  });
});
