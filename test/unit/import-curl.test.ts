import { describe, expect, it } from 'vitest';
import { base64Utf8 } from '../../shared/encoding';
import { parseCurl, type CurlImport } from '../../shared/import/curl';
import { shellWords } from '../../shared/import/shell-words';
import { authSchema, secretSlots } from '../../shared/profile';
import { findLeaks } from '../helpers/leak-scan';

/** Every import must keep its secrets out of url, headers and body, and name exactly the slots the auth needs. */
function checked(result: CurlImport): CurlImport {
  const visible = JSON.stringify([result.url, result.headers, result.body, result.auth]);
  const secrets = Object.values(result.secrets).filter((s) => s.length >= 4);
  expect(findLeaks(visible, secrets)).toEqual([]);
  if (result.auth) {
    authSchema.parse(result.auth);
    expect(Object.keys(result.secrets).sort()).toEqual(
      secretSlots(result.auth)
        .map((s) => s.slot)
        .filter((s) => s in result.secrets)
        .sort(),
    );
  }
  return result;
}

describe('shellWords', () => {
  it('handles quotes, escapes, line continuations and $\'…\'', () => {
    const cmd = `curl -H 'a b' "c \\"d\\" \\$e" f\\ g \\\n  --x $'tab\\there\\x41\\'q' ''`;
    expect(shellWords(cmd).words).toEqual(['curl', '-H', 'a b', 'c "d" $e', 'f g', '--x', "tab\there\x41'q", '']);
  });
  it('keeps $VAR literally and says so; stops at ; and |', () => {
    const r = shellWords('curl "$HOST/x" | jq .');
    expect(r.words).toEqual(['curl', '$HOST/x']);
    expect(r.warnings.join(' ')).toMatch(/not expanded/);
    expect(r.warnings.join(' ')).toMatch(/Only the first command/);
  });
  it('rejects an unterminated quote', () => {
    expect(() => shellWords("curl 'oops")).toThrow(/Unterminated single quote/);
  });
});

describe('parseCurl', () => {
  it('T2: -u splits at the FIRST colon only (RFC 7617 §2)', () => {
    const r = checked(parseCurl("curl -u 'admin:p:a:s:s' https://api.example.com/x"));
    expect(r.auth).toEqual({ scheme: 'basic', username: 'admin' });
    expect(r.secrets).toEqual({ password: 'p:a:s:s' });
    expect(r.url).toBe('https://api.example.com/x');
  });

  it('--user with an attached short form and a UTF-8 password', () => {
    const r = checked(parseCurl('curl --user "中文:pa-é-ss€" https://h.example/'));
    expect(r.auth).toEqual({ scheme: 'basic', username: '中文' });
    expect(r.secrets.password).toBe('pa-é-ss€');
    expect(checked(parseCurl('curl -ualice:pw1234 https://h.example/')).secrets).toEqual({ password: 'pw1234' });
  });

  it('Stripe style -u key: (empty password) keeps the key as a secret username', () => {
    const r = checked(parseCurl('curl https://api.stripe.com/v1/charges -u sk_test_4eC39HqLyjWDarjtT1zdp7dc:'));
    expect(r.auth).toEqual({ scheme: 'basic', username: null });
    expect(r.secrets).toEqual({ username: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc', password: '' });
  });

  it('Authorization: Bearer → bearer profile, header removed', () => {
    const r = checked(parseCurl(`curl https://api.example.com/me -H 'Authorization: Bearer tok-123456' -H 'Accept: application/json'`));
    expect(r.auth).toEqual({ scheme: 'bearer', prefix: 'Bearer' });
    expect(r.secrets).toEqual({ token: 'tok-123456' });
    expect(r.headers).toEqual([['Accept', 'application/json']]);
  });

  it('Authorization: Basic is decoded (first colon) and other schemes keep their prefix', () => {
    const basic = checked(parseCurl(`curl -H "Authorization: Basic ${base64Utf8('bob:s:e:cret')}" https://h.example/`));
    expect(basic.auth).toEqual({ scheme: 'basic', username: 'bob' });
    expect(basic.secrets).toEqual({ password: 's:e:cret' });
    const zoho = checked(parseCurl(`curl -H 'Authorization: Zoho-oauthtoken 1000.abcdef' https://www.zohoapis.com/crm/v7/users`));
    expect(zoho.auth).toEqual({ scheme: 'bearer', prefix: 'Zoho-oauthtoken' });
    expect(zoho.secrets).toEqual({ token: '1000.abcdef' });
  });

  it('--oauth2-bearer', () => {
    const r = checked(parseCurl('curl --oauth2-bearer abc.def.ghi https://h.example/'));
    expect(r.auth).toEqual({ scheme: 'bearer', prefix: 'Bearer' });
    expect(r.secrets).toEqual({ token: 'abc.def.ghi' });
  });

  it('key headers (X-API-Key, DD-API-KEY + DD-APPLICATION-KEY) → apikey placements', () => {
    const r = checked(parseCurl(`curl https://api.datadoghq.com/api/v2/validate_keys -H "DD-API-KEY: aaaa1111" -H "DD-APPLICATION-KEY: bbbb2222" -H 'X-Trace: 1'`));
    expect(r.auth).toEqual({ scheme: 'apikey', placements: [{ in: 'header', name: 'DD-API-KEY' }, { in: 'header', name: 'DD-APPLICATION-KEY' }] });
    expect(r.secrets).toEqual({ key0: 'aaaa1111', key1: 'bbbb2222' });
    expect(r.headers).toEqual([['X-Trace', '1']]);
  });

  it('query keys move to a query placement; other parameters stay byte for byte', () => {
    const r = checked(parseCurl(`curl 'https://x.pipedrive.com/api/v1/deals?limit=5&api_token=%24V8)x%27%5D%3BA%2327Z-b_y&q=a%20b'`));
    expect(r.auth).toEqual({ scheme: 'apikey', placements: [{ in: 'query', name: 'api_token' }] });
    expect(r.secrets).toEqual({ key0: "$V8)x'];A#27Z-b_y" });
    expect(r.url).toBe('https://x.pipedrive.com/api/v1/deals?limit=5&q=a%20b');
    for (const name of ['api_key', 'apikey', 'key', 'token', 'access_token']) {
      expect(checked(parseCurl(`curl "https://h.example/?${name}=v4lue9"`)).auth).toEqual({ scheme: 'apikey', placements: [{ in: 'query', name }] });
    }
  });

  it('bearer plus an API key become two apikey placements (nothing is dropped)', () => {
    const r = checked(parseCurl(`curl -H 'Authorization: Bearer tok-999999' -H 'X-Api-Key: key-888888' https://h.example/`));
    expect(r.auth).toEqual({
      scheme: 'apikey',
      placements: [
        { in: 'header', name: 'Authorization', prefix: 'Bearer ' },
        { in: 'header', name: 'X-Api-Key' },
      ],
    });
    expect(r.secrets).toEqual({ key0: 'tok-999999', key1: 'key-888888' });
  });

  it('--digest (before or after -u, or with URL userinfo) makes a Digest profile, never Basic; --basic after it wins', () => {
    for (const cmd of ['curl --digest -u user:pa:55word https://h.example/', 'curl -u user:pa:55word --digest https://h.example/', 'curl --digest https://user:pa%3A55word@h.example/']) {
      const r = checked(parseCurl(cmd));
      expect(r.auth).toEqual({ scheme: 'digest', username: 'user' });
      expect(r.secrets).toEqual({ password: 'pa:55word' });
      expect(r.warnings).toEqual([]);
    }
    expect(checked(parseCurl('curl --digest --basic -u user:pa55word https://h.example/')).auth).toEqual({ scheme: 'basic', username: 'user' });
    const noPassword = checked(parseCurl('curl --digest -u user https://h.example/'));
    expect(noPassword).toMatchObject({ auth: { scheme: 'digest', username: 'user' }, secrets: {} });
    const withKey = checked(parseCurl(`curl --digest -u user:pa55word -H 'X-Api-Key: key-123456' https://h.example/`));
    expect(withKey.auth).toEqual({ scheme: 'digest', username: 'user' });
    expect(withKey.warnings.join(' ')).toMatch(/Digest cannot be combined with API keys: header X-Api-Key was not imported/);
  });

  it('--ntlm / --negotiate with -u (or URL userinfo) import no credential at all, never Basic, and say so', () => {
    const cmds = [
      'curl --ntlm -u CORP\\\\alice:Win-pa55word https://intranet.example/api',
      'curl -u alice:Win-pa55word --negotiate https://intranet.example/api',
      'curl --negotiate https://alice:Win-pa55word@intranet.example/api',
      'curl --basic --ntlm -u alice:Win-pa55word https://intranet.example/api',
    ];
    for (const cmd of cmds) {
      const r = checked(parseCurl(cmd));
      expect({ cmd, auth: r.auth, secrets: r.secrets, url: r.url }).toEqual({ cmd, auth: null, secrets: {}, url: 'https://intranet.example/api' });
      expect(r.warnings).toEqual(['NTLM/Negotiate is not supported: the credentials were not imported.']);
      expect(JSON.stringify(r)).not.toContain('Win-pa55word');
    }
    // The last of --basic/--digest/--ntlm/--negotiate wins, as in curl; Kerberos without -u has nothing to import.
    expect(checked(parseCurl('curl --ntlm --basic -u alice:Win-pa55word https://h.example/')).auth).toEqual({ scheme: 'basic', username: 'alice' });
    expect(checked(parseCurl('curl --negotiate https://h.example/')).warnings).toEqual(['NTLM/Negotiate is not supported: --negotiate was ignored.']);
    // Other credentials of the command are imported as usual.
    const withKey = checked(parseCurl(`curl --ntlm -u alice:Win-pa55word -H 'X-Api-Key: key-123456' https://h.example/`));
    expect(withKey).toMatchObject({ auth: { scheme: 'apikey', placements: [{ in: 'header', name: 'X-Api-Key' }] }, secrets: { key0: 'key-123456' } });
  });

  it('--aws-sigv4 with -u ID:SECRET makes an AWS SigV4 profile (region and service from the option or the host), never Basic', () => {
    const r = checked(parseCurl(`curl --aws-sigv4 'aws:amz:eu-west-1:execute-api' -u AKIAIOSFODNN7EXAMPLE:wJalr/K7MDENG+bPxR -H 'x-amz-security-token: sess-tok-999' https://abc.execute-api.eu-west-1.amazonaws.com/prod`));
    expect(r.auth).toEqual({ scheme: 'aws-sigv4', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', region: 'eu-west-1', service: 'execute-api' });
    expect(r.secrets).toEqual({ secret_access_key: 'wJalr/K7MDENG+bPxR', session_token: 'sess-tok-999' });
    expect(r.headers).toEqual([]);
    const fromHost = checked(parseCurl('curl --aws-sigv4 aws:amz -u AKIAIOSFODNN7EXAMPLE:wJalr/K7MDENG https://s3.us-west-2.amazonaws.com/b'));
    expect(fromHost.auth).toEqual({ scheme: 'aws-sigv4', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', region: 'us-west-2', service: 's3' });
    expect(fromHost.secrets).toEqual({ secret_access_key: 'wJalr/K7MDENG', session_token: '' });
    // What Authdesk cannot sign is not imported at all (the secret key must not become a Basic password).
    for (const cmd of ['curl --aws-sigv4 osc:osc:eu-west-2:api -u AKIAIOSFODNN7EXAMPLE:wJalr/K7MDENG https://api.example.com/', 'curl --aws-sigv4 aws:amz:us-east-1:s3 -u short:wJalr/K7MDENG https://s3.amazonaws.com/']) {
      const refused = checked(parseCurl(cmd));
      expect(refused).toMatchObject({ auth: null, secrets: {} });
      expect(refused.warnings.join(' ')).toMatch(/were not imported/);
    }
  });

  it('a one-time Authorization (Digest answer, AWS4 signature) is dropped, not kept as a token', () => {
    const aws = checked(parseCurl(`curl -H 'Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc123' https://s3.amazonaws.com/`));
    expect(aws).toMatchObject({ auth: null, secrets: {}, headers: [] });
    expect(aws.warnings.join(' ')).toMatch(/signature of one request/);
  });

  it('-X, -d (joined with &), --data-raw, --data-urlencode', () => {
    const r = checked(parseCurl(`curl -X PUT https://h.example/x -d a=1 --data-raw '@literal' --data-urlencode 'q=a b&c'`));
    expect(r.method).toBe('PUT');
    expect(r.body).toBe('a=1&@literal&q=a%20b%26c');
    expect(checked(parseCurl('curl https://h.example -d x=1')).method).toBe('POST');
  });

  it('--json sets the body, Content-Type and Accept', () => {
    const r = checked(parseCurl(`curl --json '{"name":"n"}' https://h.example/items`));
    expect(r).toMatchObject({ method: 'POST', body: '{"name":"n"}' });
    expect(r.headers).toEqual([
      ['Content-Type', 'application/json'],
      ['Accept', 'application/json'],
    ]);
  });

  it('-G moves the data into the query (and a key there is still extracted)', () => {
    const r = checked(parseCurl(`curl -G --url https://h.example/search -d q=cats --data-urlencode 'api_key=k#y/1234'`));
    expect(r.method).toBe('GET');
    expect(r.body).toBeNull();
    expect(r.url).toBe('https://h.example/search?q=cats');
    expect(r.secrets).toEqual({ key0: 'k#y/1234' });
  });

  it('multi-line commands from browser devtools, with combined short flags and unknown flags', () => {
    const r = checked(
      parseCurl(`curl 'https://api.example.com/v1/me' \\
  -H 'accept: application/json' \\
  -H 'x-api-key: abcd-efgh-ijkl' \\
  --compressed -sSL --frobnicate -k`),
    );
    expect(r.auth).toEqual({ scheme: 'apikey', placements: [{ in: 'header', name: 'x-api-key' }] });
    expect(r.headers).toEqual([['accept', 'application/json']]);
    expect(r.warnings).toEqual(expect.arrayContaining(['Unknown option --frobnicate was ignored.', expect.stringMatching(/TLS certificate checks/)]));
  });

  it('URL userinfo is a credential (a session cookie beside it is left out, said so); unrecognised credential names are masked with a warning', () => {
    const r = checked(parseCurl(`curl 'https://me:pw-123456@h.example/x?client_secret=cs-777777' -b 'session=sess-555555' -d 'password=pw-666666'`));
    expect(r.url).toBe('https://h.example/x?client_secret=[REDACTED]');
    expect(r.body).toBe('password=[REDACTED]');
    expect(JSON.stringify(r)).not.toMatch(/cs-777777|pw-666666|sess-555555/);
    expect(r.auth).toEqual({ scheme: 'basic', username: 'me' });
    expect(r.secrets).toEqual({ password: 'pw-123456' });
    expect(r.warnings.join(' ')).toMatch(/REDACTED/);
    expect(r.warnings.join(' ')).toMatch(/cookie session beside it was not imported/);
  });

  it('refuses what is not a curl command or has no URL', () => {
    expect(() => parseCurl('wget https://h.example')).toThrow(/not a curl command/);
    expect(() => parseCurl('curl -s')).toThrow(/no URL/);
  });
});
