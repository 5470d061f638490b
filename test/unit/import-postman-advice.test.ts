import { describe, expect, it } from 'vitest';
import { importPostman } from '../../shared/import/postman';

const info = { name: 'Shop', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' };
const bearer = { type: 'bearer', bearer: [{ key: 'token', value: 'tok-Secret-9' }] };
const request = (name: string, url: string) => ({ name, request: { method: 'GET', url: { raw: url }, auth: bearer } });

/** The advice for a {{variable}} without a value fits where the variable sits in a request URL. */
describe('Postman import: advice for a URL variable without a value', () => {
  it('a path segment is filled in on the request, and the base URL is still drafted', () => {
    const r = importPostman({ info, item: [{ name: 'Orders', item: [request('List orders', 'https://api.example.com/{{version}}/orders')] }] });
    expect(r.profiles[0]?.baseUrl).toBe('https://api.example.com');
    expect(r.warnings).toEqual([
      '{{version}} has no value (used in the URL path of Orders / List orders): it is part of the request path, not of the base URL, so fill it in on the request when you send it, or pass the environment that defines it.',
    ]);
  });

  it('a variable in the scheme, host or port leaves the base URL to enter', () => {
    for (const [url, name] of [
      ['https://{{host}}:8443/v1/me', 'host'],
      ['{{baseUrl}}/v1/me', 'baseUrl'],
    ] as const) {
      const r = importPostman({ info, item: [request('Me', url)] });
      expect(r.profiles[0]?.baseUrl).toBeUndefined();
      expect(r.warnings).toEqual([`{{${name}}} has no value (used in the URL of Me): enter the base URL yourself, or pass the environment that defines it.`]);
    }
  });
});
