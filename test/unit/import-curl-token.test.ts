import { describe, expect, it } from 'vitest';
import { base64Utf8 } from '../../shared/encoding';
import { parseCurl } from '../../shared/import/curl';
import { authSchema, secretSlots } from '../../shared/profile';
import { findLeaks } from '../helpers/leak-scan';

/** The client secret of every command below: it must reach the secret slot only. */
const SECRET = 'cs-secret-4242';

/** Parses a command and checks that no secret shows in what the preview displays. */
function parsed(command: string) {
  const r = parseCurl(command);
  expect(findLeaks(JSON.stringify([r.url, r.headers, r.body, r.auth, r.warnings]), [SECRET])).toEqual([]);
  if (r.auth) authSchema.parse(r.auth);
  return r;
}

describe('parseCurl: OAuth 2.0 token requests (RFC 6749 §3.2, §4.4)', () => {
  it('-u client:secret with grant_type=client_credentials drafts a client_secret_basic client, never Basic', () => {
    const r = parsed(`curl -X POST https://auth.example.com/oauth/token -u 'client-a:${SECRET}' -d grant_type=client_credentials -d scope=read`);
    expect(r.auth).toMatchObject({
      scheme: 'oauth2',
      grant: 'client_credentials',
      tokenEndpoint: 'https://auth.example.com/oauth/token',
      clientId: 'client-a',
      tokenEndpointAuthMethod: 'client_secret_basic',
      sendRawClientCredentials: false,
      scope: 'read',
    });
    expect(r.secrets).toEqual({ client_secret: SECRET });
    expect(secretSlots(r.auth!).map((s) => s.slot)).toEqual(['client_secret']);
    expect(r.warnings.join(' ')).toMatch(/OAuth 2.0 token request/);
  });

  it('client_id and client_secret form fields mean client_secret_post; the secret leaves the body', () => {
    const r = parsed(`curl https://auth.example.com/token -d grant_type=client_credentials -d client_id=client-b -d client_secret=${SECRET} -d audience=https://api.example.com -d 'scope=a b'`);
    expect(r.auth).toMatchObject({ grant: 'client_credentials', clientId: 'client-b', tokenEndpointAuthMethod: 'client_secret_post', scope: 'a b', audience: 'https://api.example.com' });
    expect(r.secrets).toEqual({ client_secret: SECRET });
    expect(r.body).toBe('grant_type=client_credentials&client_id=client-b&audience=https://api.example.com&scope=a b');
  });

  it('an Authorization: Basic header and a JSON body are read as well', () => {
    const basic = base64Utf8(`client-c:${SECRET}`);
    const r = parsed(`curl https://auth.example.com/token -H 'Authorization: Basic ${basic}' --json '{"grant_type":"client_credentials"}'`);
    expect(r.auth).toMatchObject({ clientId: 'client-c', tokenEndpointAuthMethod: 'client_secret_basic', tokenRequestBody: 'json' });
    expect(r.secrets).toEqual({ client_secret: SECRET });
  });

  it('a -u secret that form-encoding would change is sent raw, as curl did', () => {
    const r = parsed(`curl https://auth.example.com/token -u 'client d:${SECRET}+/' -d grant_type=client_credentials`);
    expect(r.auth).toMatchObject({ clientId: 'client d', sendRawClientCredentials: true });
  });

  it('other grants draft no profile (not Basic) and say what to do', () => {
    for (const [grant, hint] of [
      ['password', /must not be used/],
      ['authorization_code', /code works once/],
      ['refresh_token', /refreshes tokens itself/],
      ['urn:ietf:params:oauth:grant-type:device_code', /by hand/],
    ] as const) {
      const r = parsed(`curl https://auth.example.com/token -u 'client-e:${SECRET}' -d grant_type=${grant} -d username=u -d password=pw-123456`);
      expect({ grant, auth: r.auth, secrets: r.secrets }).toEqual({ grant, auth: null, secrets: {} });
      expect(r.warnings.join(' ')).toMatch(/OAuth 2.0 token request/);
      expect(r.warnings.join(' ')).toMatch(hint);
      expect(JSON.stringify(r)).not.toContain('pw-123456');
    }
  });

  it('an ordinary POST with -u stays Basic', () => {
    expect(parsed(`curl https://api.example.com/items -u 'alice:${SECRET}' -d name=x`).auth).toEqual({ scheme: 'basic', username: 'alice' });
  });
});
