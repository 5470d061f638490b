import { describe, expect, it } from 'vitest';
import { RedactorCache } from '../../electron/engine/redaction';
import { findLeaks } from '../helpers/leak-scan';

/** `n` distinct secrets with characters that every encoding changes. */
const secrets = (n: number, tag: string): string[] => Array.from({ length: n }, (_, i) => `${tag}-${i}/+=:&#ü-${'k'.repeat(8)}`);

describe('RedactorCache: a redactor for every new secret, each secret encoded once', () => {
  it('a redactor built after new secrets are learnt masks the old and the new ones in every encoding', () => {
    const cache = new RedactorCache();
    const first = secrets(3, 'first');
    cache.learn(first);
    const before = cache.for(null);
    const later = secrets(2, 'later');
    cache.learn(later);
    const after = cache.for(null);
    expect(after).not.toBe(before);
    const body = [...first, ...later].map((s) => `${s} ${encodeURIComponent(s)} ${Buffer.from(s).toString('base64')} ${JSON.stringify(s)}`).join('\n');
    expect(findLeaks(after.text(body), [...first, ...later])).toEqual([]);
    // The redactor built before them did not know the later ones.
    expect(before.text(later[0]!)).toBe(later[0]);
  });

  it('more secrets than it keeps the forms of are all still masked', () => {
    const cache = new RedactorCache();
    const all = secrets(300, 'many');
    for (let i = 0; i < all.length; i += 50) {
      cache.learn(all.slice(i, i + 50));
      cache.for(null);
    }
    const text = all.map((s) => `${s}|${Buffer.from(s).toString('hex')}`).join(' ');
    expect(findLeaks(cache.for(null).text(text), all)).toEqual([]);
  });
});
