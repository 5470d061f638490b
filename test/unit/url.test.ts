import { describe, expect, it } from 'vitest';
import { httpUrlSchema } from '../../shared/profile';
import { parsesAsUrl } from '../../shared/url';

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
