import { describe, expect, it } from 'vitest';
import { validRequest } from '../../electron/engine/valid-request';

const req = (headers: [string, string][]) => ({ profileId: null, method: 'GET' as const, url: 'https://api.example.test/x', headers });

describe('the send request contract', () => {
  it('refuses header values HTTP cannot carry, naming the header but never echoing the value (RFC 9110 §5.5)', () => {
    for (const value of ['smile 😀', 'a\r\nX-Injected: 1', 'nul\u0000byte', 'bell\u0007']) {
      let message = '';
      try {
        validRequest(req([['X-Note', value]]));
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^Invalid request: the value of header X-Note is refused: a header value holds no line breaks/);
      expect(message).not.toContain(value);
    }
  });

  it('refuses a header value over 16,000 characters in words, naming the header', () => {
    expect(() => validRequest(req([['X-Long', 'x'.repeat(16_001)]]))).toThrow('Invalid request: the value of header X-Long is refused: a header value has at most 16,000 characters');
    expect(() => validRequest(req([['X-Long', 'x'.repeat(16_000)]]))).not.toThrow();
  });

  it('refuses a header name that is not a token, and keeps what HTTP allows (tabs, spaces, Latin-1)', () => {
    expect(() => validRequest(req([['Bad Name', 'x']]))).toThrow(/a header name is letters, digits/);
    expect(validRequest(req([['X-Ok', 'a\tb c ~ café']])).headers).toEqual([['X-Ok', 'a\tb c ~ café']]);
  });
});
