import { describe, expect, it } from 'vitest';
import { parseCurl } from '../../shared/import/curl';
import { authSchema } from '../../shared/profile';

/** Parses a command whose auth must be a valid profile auth, and checks no cookie value shows outside `secrets`. */
function parsed(command: string, values: string[]) {
  const r = parseCurl(command);
  if (r.auth) authSchema.parse(r.auth);
  const visible = JSON.stringify([r.url, r.headers, r.body, r.auth, r.warnings]);
  for (const v of values) expect(visible).not.toContain(v);
  return r;
}

describe('parseCurl: cookies', () => {
  it('only cookies named like credentials become secrets; the others are left out with a note naming them', () => {
    const r = parsed(`curl https://app.example.com/api/me -b 'session=sess-4f1c9a; theme=dark; lang=en'`, ['sess-4f1c9a', 'dark']);
    expect(r.auth).toEqual({ scheme: 'apikey', placements: [{ in: 'cookie', name: 'session' }] });
    expect(r.secrets).toEqual({ key0: 'sess-4f1c9a' });
    expect(r.warnings).toContain("The cookies theme, lang do not look like credentials, so they were not imported; add them to the request's Cookie header if the API needs them.");
  });

  it('recognises the usual session and token cookie names', () => {
    for (const name of ['PHPSESSID', 'JSESSIONID', 'connect.sid', 'sid', '__Host-sid', 'laravel_session', 'auth_token', 'jwt', 'api_key', 'remember_me', 'access_token']) {
      expect({ name, auth: parseCurl(`curl https://h.example/ -H 'Cookie: ${name}=v4lue-123'`).auth }).toEqual({ name, auth: { scheme: 'apikey', placements: [{ in: 'cookie', name }] } });
    }
    for (const name of ['theme', 'lang', 'consent', '_ga', 'sidebar', 'inside']) {
      expect({ name, auth: parseCurl(`curl https://h.example/ -b '${name}=v4lue-123'`).auth }).toEqual({ name, auth: null });
    }
  });

  it('Authorization: Bearer with a session cookie is a bearer profile (RFC 6750 §2.1); the cookie is noted, not imported', () => {
    const r = parsed(`curl https://api.example.com/me -H 'Authorization: Bearer tok-7e2b91' -H 'Cookie: session=sess-4f1c9a; theme=dark'`, ['tok-7e2b91', 'sess-4f1c9a']);
    expect(r.auth).toEqual({ scheme: 'bearer', prefix: 'Bearer' });
    expect(r.secrets).toEqual({ token: 'tok-7e2b91' });
    expect(r.headers).toEqual([]);
    expect(r.warnings.join(' ')).toMatch(/cookie session beside it was not imported/);
  });
});
