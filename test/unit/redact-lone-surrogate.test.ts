import { describe, expect, it } from 'vitest';
import { createRedactor, secretForms } from '../../shared/redact';

/**
 * A secret holding a lone surrogate (a valid JS string, not well-formed Unicode: typed or pasted into the app, which
 * passes it on as is) builds its forms instead of throwing encodeURIComponent's URIError, which made every redactor,
 * and so every send, fail; and it is masked raw, JSON-escaped, and as UTF-8 encoders write it (U+FFFD).
 */
describe('secretForms: a lone surrogate', () => {
  it.each([
    ['a high surrogate first', '\ud800abc-Lone-Secret'],
    ['a low surrogate inside', 'abc\udc00-Lone-Secret'],
    ['a high surrogate last', 'abc-Lone-Secret\udbff'],
  ])('%s: no URIError, and every echo of it is masked', (_, secret) => {
    expect(() => secretForms(secret)).not.toThrow();
    const r = createRedactor({ secrets: [secret] });
    const wellFormed = secret.replace(/[\ud800-\udfff]/g, '\ufffd');
    const echoes = [
      secret,
      wellFormed, // after a UTF-8 round trip
      JSON.stringify(secret).slice(1, -1), // JSON.stringify writes the lone surrogate as \udXXX
      encodeURIComponent(wellFormed),
      new URLSearchParams([['', secret]]).toString().slice(1),
      Buffer.from(secret, 'utf8').toString('base64'),
    ];
    for (const echo of echoes) expect(r.text(`seen: ${echo} .`)).toBe('seen: [REDACTED] .');
  });
});
