import { describe, expect, it } from 'vitest';
import { applyAuth, mergeCookies, ownHeaderNotes } from '../../shared/auth-apply';

const auth = applyAuth({ scheme: 'apikey', placements: [{ in: 'cookie', name: 'sid' }] }, { key0: 'Cookie-Key-123' });
const notes = (cookie: string) => ownHeaderNotes([['Cookie', cookie]], auth).map((s) => s.detail);

/** What the auth steps say about a Cookie header the request typed itself, for odd ones too (names only). */
describe('cookie notes', () => {
  it('an empty Cookie header: nothing of the request was touched, no note', () => {
    expect(notes('')).toEqual([]);
    expect(notes(' ; ')).toEqual([]);
  });

  it('a pair without "=" is a nameless value (RFC 6265bis §5.4): kept, not "replaced" as if it were named sid', () => {
    expect(notes('sid')).toEqual(["The profile's sid cookie was added to the request's own Cookie header."]);
    expect(mergeCookies(['sid'], [['sid', 'K']]).value).toBe('sid; sid=K');
  });

  it('a same-named cookie is replaced and named; others kept', () => {
    expect(notes('sid=typed; a=b')).toEqual(["The profile's sid cookie was added to the request's own Cookie header; the request's own sid cookie was replaced by the profile's auth."]);
    expect(notes('sid=typed')).toEqual(["The request's own sid cookie was replaced by the profile's auth."]);
  });
});
