import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Utf8, formEncode, percentEncode } from '../../shared/encoding';
import { createRedactor, REDACTED, secretForms } from '../../shared/redact';
import { htmlForms } from '../../shared/redact-html';
import { findLeaks } from '../helpers/leak-scan';

/**
 * A secret echoed with the case of its letters changed (a server or logger that lower- or upper-cases what it quotes)
 * is masked: in every textual form ignoring ASCII case, and as the forms of the lower- and upper-cased secret
 * (ü/Ü). Values are made up.
 */

const CLIENT_SECRET = 'Env+Secret/=&%"-ümlaut-424242';
const API_KEY = 'MixedCaseKey+/=-AbCdEf1234';

/** `s` with each ASCII letter's case flipped where `flips` (cycled) says so: a case mix no rule lists. */
const mixCase = (s: string, flips: readonly boolean[]): string =>
  Array.from(s, (c, i) => (/[A-Za-z]/.test(c) && flips[i % flips.length] ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join('');

describe('a secret echoed with its case changed', () => {
  it("masks the trial's OAuth error: encodeURIComponent(client_secret) lower-cased, and upper-cased", () => {
    const r = createRedactor({ secrets: [CLIENT_SECRET] });
    const lower = encodeURIComponent(CLIENT_SECRET).toLowerCase();
    expect(lower).toBe('env%2bsecret%2f%3d%26%25%22-%c3%bcmlaut-424242');
    expect(r.text(`{"error":"invalid_client","error_description":"bad secret ${lower}"}`)).toBe(`{"error":"invalid_client","error_description":"bad secret ${REDACTED}"}`);
    expect(r.text(`bad secret ${encodeURIComponent(CLIENT_SECRET).toUpperCase()}.`)).toBe(`bad secret ${REDACTED}.`);
  });

  it("masks the trial's API key echoed all lower and all upper case, and in any mix of case", () => {
    const r = createRedactor({ secrets: [API_KEY] });
    expect(r.text('{"echo":"mixedcasekey+/=-abcdef1234"}')).toBe(`{"echo":"${REDACTED}"}`);
    expect(r.text('{"echo":"MIXEDCASEKEY+/=-ABCDEF1234"}')).toBe(`{"echo":"${REDACTED}"}`);
    expect(r.text(`got ${mixCase(API_KEY, [true, false, false])} ok`)).toBe(`got ${REDACTED} ok`);
  });

  it('masks the non-ASCII letters lower- or upper-cased with the rest (ü/Ü), raw and encoded', () => {
    const r = createRedactor({ secrets: [CLIENT_SECRET] });
    const upper = CLIENT_SECRET.toUpperCase();
    expect(upper).toContain('ÜMLAUT');
    for (const echoed of [upper, encodeURIComponent(upper), percentEncode(upper).toLowerCase(), formEncode(upper), JSON.stringify(upper).slice(1, -1), base64Utf8(upper)]) {
      expect(r.text(`[${echoed}]`)).toBe(`[${REDACTED}]`);
    }
    // an upper-cased non-ASCII letter with the ASCII ones in any case
    expect(r.text(mixCase(upper, [false, true]))).toBe(REDACTED);
    // ß upper-cases to SS: the upper-cased secret is longer, and masked whole
    const sharp = createRedactor({ secrets: ['Straße-Key-91'] });
    expect(sharp.text('echo STRASSE-KEY-91 and strasse-key-91 and straße-key-91')).toBe(`echo ${REDACTED} and ${REDACTED} and ${REDACTED}`);
  });

  it('masks JSON, HTML and form forms with their escapes in the other case', () => {
    const r = createRedactor({ secrets: [CLIENT_SECRET] });
    const json = JSON.stringify(CLIENT_SECRET).slice(1, -1).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    for (const form of [json, formEncode(CLIENT_SECRET), ...htmlForms(CLIENT_SECRET)]) {
      for (const echoed of [form.toLowerCase(), form.toUpperCase()]) expect(r.text(`<${echoed}>`)).toBe(`<${REDACTED}>`);
    }
  });

  it('masks base64 and hex forms with their case changed, and those of the lower-cased secret', () => {
    const r = createRedactor({ secrets: [API_KEY] });
    for (const echoed of [base64Utf8(API_KEY).toLowerCase(), base64Utf8(`alice:${API_KEY}`).toUpperCase(), base64Utf8(API_KEY.toLowerCase()), Buffer.from(API_KEY.toUpperCase()).toString('hex')]) {
      expect(r.text(`x ${echoed} y`)).not.toContain(echoed.slice(4, -4));
    }
  });

  it('lists the forms of the lower- and upper-cased secret among its forms', () => {
    const forms = secretForms(CLIENT_SECRET);
    expect(forms).toEqual(expect.arrayContaining([...secretForms(CLIENT_SECRET.toLowerCase()), ...secretForms(CLIENT_SECRET.toUpperCase())]));
  });

  it('still does not mask a secret shorter than 4 characters, in any case, nor one that only upper-casing lengthens', () => {
    expect(secretForms('aßb')).toEqual([]);
    expect(createRedactor({ secrets: ['Ab1', 'aßb'] }).text('ab1 AB1 Ab1 ASSB assb')).toBe('ab1 AB1 Ab1 ASSB assb');
    expect(createRedactor({ secrets: ['Ab1x'] }).text('ab1x AB1X')).toBe(`${REDACTED} ${REDACTED}`);
  });

  it('leaves no lower-, upper- or mixed-case form that the leak scanner knows (property)', () => {
    const unit = fc.constantFrom(...'aZqQ09:+/=&#%"\\\'éÉüß中 <>'.split(''));
    const secretArb = fc.string({ unit, minLength: 4, maxLength: 24 });
    const encoders = [(s: string) => s, encodeURIComponent, percentEncode, formEncode, (s: string) => JSON.stringify(s).slice(1, -1), base64Utf8, ...[0, 1, 2, 3].map((i) => (s: string) => htmlForms(s)[i] ?? s)];
    fc.assert(
      fc.property(secretArb, fc.nat(), fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }), fc.constantFrom('lower', 'upper', 'mix'), (secret, pick, flips, how) => {
        const form = encoders[pick % encoders.length]!(how === 'mix' ? secret : how === 'lower' ? secret.toLowerCase() : secret.toUpperCase());
        const echoed = how === 'mix' ? mixCase(form, flips) : how === 'lower' ? form.toLowerCase() : form.toUpperCase();
        expect(findLeaks(createRedactor({ secrets: [secret] }).text(`(${echoed})`), [secret])).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
