import { describe, expect, it } from 'vitest';
import { draftProblem, initialDraft, type ProfileDraft } from '../../renderer/src/lib/draft';

const draft = (patch: Partial<ProfileDraft>): ProfileDraft => ({ ...initialDraft(), name: 'p', ...patch });

/**
 * The editor checks the base URL itself: without this check the engine's schema error reached the person as
 * "Invalid profiles.create request: baseUrl: …", naming an internal channel.
 */
describe('profile editor: base URL check', () => {
  it('refuses a base URL that is not an absolute http(s) URL, in words for a person', () => {
    for (const baseUrl of ['not a url', 'api.example.com', 'ftp://example.com']) {
      expect(draftProblem(draft({ scheme: 'bearer', baseUrl }))?.message).toBe('The base URL must be an absolute URL that starts with http:// or https://.');
    }
  });

  it('accepts an empty base URL and absolute http(s) URLs, for every scheme', () => {
    for (const baseUrl of ['', '   ', 'https://api.example.com', 'http://127.0.0.1:8080/v1']) {
      expect(draftProblem(draft({ scheme: 'bearer', baseUrl }))).toBeNull();
    }
  });

  it('checks the base URL after the scheme-specific fields', () => {
    const oauth = draft({ scheme: 'oauth2', baseUrl: 'nope' });
    expect(draftProblem(oauth)).not.toBeNull();
    expect(draftProblem(oauth)?.message).not.toMatch(/base URL/);
  });
});
