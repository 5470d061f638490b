import { describe, expect, it } from 'vitest';
import { importPostman } from '../../shared/import/postman';
import { findLeaks } from '../helpers/leak-scan';

const info = { name: 'Shop', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' };
const TOKEN = 'hardcoded-Tok-3f9a1c';
const withHeader = (value: string, auth: unknown = { type: 'noauth' }) => ({
  info,
  item: [{ name: 'Orders', item: [{ name: 'List orders', request: { method: 'GET', url: 'https://api.example.com/v1/orders', auth, header: [{ key: 'Authorization', value }] } }] }],
});

/** A credential hard-coded in a request's Authorization header is never skipped silently. */
describe('Postman import: a credential in a request header', () => {
  it('a Bearer header on a noauth request drafts a bearer profile, the token only in its secret slot', () => {
    const r = importPostman(withHeader(`Bearer ${TOKEN}`));
    expect(r.profiles).toHaveLength(1);
    const p = r.profiles[0]!;
    expect(p.auth).toEqual({ scheme: 'bearer', prefix: 'Bearer' });
    expect(p.secrets).toEqual({ token: TOKEN });
    expect(p.source).toEqual(['Orders / List orders']);
    expect(p.baseUrl).toBe('https://api.example.com');
    const { secrets: _secrets, ...visible } = p;
    expect(findLeaks(JSON.stringify([visible, r.warnings]), [TOKEN])).toEqual([]);
  });

  it('a request without any auth (and none inherited) is read the same way', () => {
    expect(importPostman(withHeader(`Bearer ${TOKEN}`, undefined)).profiles[0]?.secrets).toEqual({ token: TOKEN });
  });

  it('a Basic header is reported, naming the request, never its value', () => {
    const r = importPostman(withHeader('Basic YWxpY2U6c2VjcmV0'));
    expect(r.profiles).toEqual([]);
    expect(r.warnings).toEqual([
      "Orders / List orders: a credential is hard-coded in the request's Authorization header (Basic); no profile was drafted from it. Create a profile for it, and remove the header from the collection.",
    ]);
  });
});
