import { describe, expect, it } from 'vitest';
import { httpUrlSchema } from '../../shared/profile';
import { joinBaseUrl, parsesAsUrl } from '../../shared/url';

describe('parsesAsUrl', () => {
  it('stays right once hot, for Latin-1 hosts (Node 20 URL.canParse answers false there)', () => {
    let wrong = 0;
    for (let i = 0; i < 50_000; i++) {
      if (!parsesAsUrl(`http://a.example/${i % 7}`)) wrong++;
      if (!parsesAsUrl('http://é.example/')) wrong++;
      if (parsesAsUrl('http://exa mple/')) wrong++;
    }
    expect(wrong).toBe(0);
    expect(parsesAsUrl('/path', 'https://api.example')).toBe(true);
    expect(parsesAsUrl('not a url')).toBe(false);
    expect(httpUrlSchema.safeParse('https://café.example/v1').success).toBe(true);
  });
});

describe('joinBaseUrl: a path under an API base URL, as API clients join them', () => {
  it('appends the path to the base path, with or without slashes on either side', () => {
    for (const base of ['https://api.example.com/v1', 'https://api.example.com/v1/']) {
      for (const path of ['/users', 'users']) expect(joinBaseUrl(base, path)).toBe('https://api.example.com/v1/users');
    }
    expect(joinBaseUrl('https://api.example.com', '/user')).toBe('https://api.example.com/user');
    expect(joinBaseUrl('https://api.example.com/', 'user')).toBe('https://api.example.com/user');
  });

  it('keeps the target query and fragment, drops the base query, and leaves an absolute URL alone', () => {
    expect(joinBaseUrl('https://api.example.com/v1?x=1#f', '/search?q=a b#top')).toBe('https://api.example.com/v1/search?q=a%20b#top');
    expect(joinBaseUrl('https://api.example.com/v1', 'http://127.0.0.1:8080/other')).toBe('http://127.0.0.1:8080/other');
    expect(() => joinBaseUrl('not a url', '/x')).toThrow(TypeError);
  });
});
