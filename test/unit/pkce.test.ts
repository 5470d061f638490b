import { describe, expect, it } from 'vitest';
import { codeChallengeS256, createCodeVerifier, createState } from '../../electron/engine/oauth/pkce';

describe('PKCE (RFC 7636)', () => {
  it('T14: matches the RFC 7636 Appendix B vector', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('T14: verifiers are 43 unreserved characters, fresh each time; the challenge has no padding', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const v = createCodeVerifier();
      expect(v).toMatch(/^[A-Za-z0-9\-._~]{43}$/);
      expect(codeChallengeS256(v)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      seen.add(v);
    }
    expect(seen.size).toBe(200);
    expect(createState()).not.toBe(createState());
  });

  it('refuses a verifier outside RFC 7636 §4.1', () => {
    expect(() => codeChallengeS256('short')).toThrow(/43–128/);
    expect(() => codeChallengeS256('a'.repeat(129))).toThrow(/43–128/);
    expect(() => codeChallengeS256(`${'a'.repeat(42)}+`)).toThrow(/43–128/);
  });
});
