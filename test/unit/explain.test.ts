import { describe, expect, it } from 'vitest';
import { explainFailure, type ExplainInput } from '../../shared/explain';
import { peekJwtTimes } from '../../shared/jwt-peek';
import { rateLimitInfo } from '../../shared/rate-limit';
import type { HeaderPair } from '../../shared/request';

const SERVER_DATE = 'Tue, 14 Jan 2025 10:00:00 GMT';
const SERVER_S = Date.parse(SERVER_DATE) / 1000;

function input(over: Partial<ExplainInput> = {}): ExplainInput {
  return { status: 401, failure: 'invalid_credentials', error: null, responseHeaders: [], responseBodyPreview: null, scheme: null, redirects: [], ...over };
}

const challenge = (value: string): HeaderPair[] => [['www-authenticate', value]];
const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(claims)}.c2lnbmF0dXJl`;

describe('explainFailure: nothing to explain', () => {
  it.each([200, 201, 204, 304])('%i without a failure → null', (status) => {
    expect(explainFailure(input({ status, failure: null }))).toBeNull();
  });

  it('a cancelled request → null', () => {
    expect(explainFailure(input({ status: null, failure: 'cancelled', error: 'The request was cancelled.' }))).toBeNull();
  });
});

describe('explainFailure: RFC 6750 Bearer errors', () => {
  it('401 invalid_token → expired or revoked, get a new one', () => {
    const e = explainFailure(
      input({
        scheme: 'oauth2',
        responseHeaders: challenge('Bearer realm="api", error="invalid_token", error_description="The access token expired"'),
      }),
    )!;
    expect(e.title).toMatch(/expired, revoked/);
    expect(e.detail).toContain('The access token expired');
    expect(e.tryThis[0]).toMatch(/^Send again: Authdesk dropped the refused token.*by refresh .* new sign-in/);
    expect(e.rule).toBe('RFC 6750 §3.1');
    expect(e.facts).toMatchObject({ status: '401', error: 'invalid_token' });
    expect(e.facts.challenges).toContain('Bearer realm="api"');
  });

  it('a static bearer token is to be replaced, not refreshed', () => {
    const e = explainFailure(input({ scheme: 'bearer', responseHeaders: challenge('Bearer error="invalid_token"') }))!;
    expect(e.tryThis[0]).toMatch(/replace it in the profile/);
  });

  it('403 insufficient_scope with scope="x y" → needs scope x y', () => {
    const e = explainFailure(
      input({ status: 403, failure: 'forbidden', scheme: 'oauth2', responseHeaders: challenge('Bearer error="insufficient_scope", scope="x y"') }),
    )!;
    expect(e.title).toBe('The token needs scope x y');
    expect(e.tryThis[0]).toContain('"x y"');
    expect(e.rule).toBe('RFC 6750 §3.1');
    expect(e.facts.requiredScope).toBe('x y');
  });

  it('insufficient_scope without a scope says to look it up', () => {
    const e = explainFailure(input({ status: 403, failure: 'forbidden', scheme: 'bearer', responseHeaders: challenge('Bearer error="insufficient_scope"') }))!;
    expect(e.title).toBe('The token lacks the scope this request needs');
  });

  it('400 invalid_request → malformed, send the token one way only', () => {
    const e = explainFailure(input({ status: 400, failure: 'client_error', scheme: 'bearer', responseHeaders: challenge('Bearer error="invalid_request"') }))!;
    expect(e.title).toMatch(/malformed/);
    expect(e.tryThis[0]).toMatch(/only in the Authorization header/);
    expect(e.rule).toBe('RFC 6750 §3.1');
  });

  it('a Bearer error code in a JSON body, with no challenge', () => {
    const e = explainFailure(input({ scheme: 'bearer', responseBodyPreview: '{"error":"invalid_token","error_description":"revoked"}' }))!;
    expect(e.rule).toBe('RFC 6750 §3.1');
    expect(e.detail).toContain('"revoked"');
  });
});

describe('explainFailure: the server wants another scheme (RFC 9110 §11.6.1)', () => {
  it('profile basic, server Bearer → says the server wants Bearer', () => {
    const e = explainFailure(input({ scheme: 'basic', responseHeaders: challenge('Bearer realm="api"') }))!;
    expect(e.title).toBe('The server wants Bearer authentication');
    expect(e.detail).toContain('the profile sends Basic');
    expect(e.tryThis).toEqual(['Use a bearer token or OAuth 2.0 profile for this API.']);
    expect(e.rule).toBe('RFC 9110 §11.6.1');
  });

  it('profile basic, server Digest → says Digest and suggests a Digest profile', () => {
    const e = explainFailure(input({ scheme: 'basic', responseHeaders: challenge('Digest realm="R", nonce="N=x", qop="auth"') }))!;
    expect(e.title).toBe('The server wants Digest authentication');
    expect(e.tryThis[0]).toBe('Use an HTTP Digest profile (username and password) for this API.');
  });

  it('several challenges are listed', () => {
    const e = explainFailure(input({ scheme: 'bearer', responseHeaders: [['www-authenticate', 'Digest realm="a"'], ['www-authenticate', 'Basic realm="b"']] }))!;
    expect(e.title).toBe('The server accepts Digest or Basic authentication');
    expect(e.facts.wanted).toBe('Digest or Basic');
    expect(e.tryThis).toHaveLength(2);
  });

  it('a token profile with another prefix is told to use Bearer', () => {
    const e = explainFailure(input({ scheme: 'oauth2', tokenPrefix: 'token', responseHeaders: challenge('bearer realm="x"') }))!;
    expect(e.detail).toContain('the profile sends token');
    expect(e.tryThis).toEqual(['Set the token prefix of the profile to "Bearer".']);
  });

  it('a request without a profile is told what the server wants', () => {
    const e = explainFailure(input({ scheme: null, responseHeaders: challenge('Basic realm="x"') }))!;
    expect(e.title).toBe('The server wants Basic authentication');
    expect(e.detail).toContain('this request carried no credentials');
  });

  it('a matching scheme among several is not a mismatch', () => {
    const e = explainFailure(input({ scheme: 'basic', responseHeaders: challenge('Negotiate, NTLM, Basic realm="corp"') }))!;
    expect(e.title).toBe('Wrong username or password');
  });
});

describe('explainFailure: Basic rejected (RFC 7617)', () => {
  it('Basic challenge and profile basic → wrong username or password, with the charset', () => {
    const e = explainFailure(input({ scheme: 'basic', responseHeaders: challenge('Basic realm="Staging", charset="UTF-8"') }))!;
    expect(e.title).toBe('Wrong username or password');
    expect(e.detail).toContain('realm "Staging"');
    expect(e.detail).toContain('charset="UTF-8"');
    expect(e.rule).toBe('RFC 7617 §2.1');
    expect(e.facts).toMatchObject({ realm: 'Staging', charset: 'UTF-8' });
  });

  it('without charset it warns about non-ASCII passwords', () => {
    const e = explainFailure(input({ scheme: 'basic', responseHeaders: challenge('Basic realm="x"') }))!;
    expect(e.rule).toBe('RFC 7617 §2');
    expect(e.tryThis.at(-1)).toMatch(/non-ASCII/);
  });
});

describe('explainFailure: credentials stripped on a cross-origin redirect (RFC 9110 §15.4)', () => {
  const redirects = [{ credentials: 'stripped' as const, status: 302, to: 'https://files.example.net/b/1?sig=abc' }];

  it('explains that Authdesk dropped them on purpose, and what to do', () => {
    const e = explainFailure(input({ scheme: 'bearer', redirects, responseHeaders: challenge('Bearer realm="files"') }))!;
    expect(e.title).toMatch(/not sent after a redirect to another origin/);
    expect(e.detail).toContain('on purpose');
    expect(e.detail).toContain('https://files.example.net');
    expect(e.detail).not.toContain('sig=abc');
    expect(e.tryThis[0]).toBe('Call https://files.example.net directly, with a profile bound to that host.');
    expect(e.tryThis[1]).toMatch(/opt-in/);
    expect(e.rule).toBe('RFC 9110 §15.4');
    expect(e.facts).toMatchObject({ redirectStatus: '302', redirectedTo: 'https://files.example.net' });
  });

  it('a same-origin redirect that kept credentials is not the cause', () => {
    const e = explainFailure(input({ scheme: 'basic', redirects: [{ credentials: 'kept', status: 301, to: 'https://api.example.com/v2' }] }))!;
    expect(e.rule).not.toBe('RFC 9110 §15.4');
  });
});

describe('explainFailure: an auth stage that failed before anything was sent', () => {
  it('advises a sign-in again for sign-in grants, and the saved secret for unattended ones', () => {
    const advice = (grant: string | null) => explainFailure(input({ status: null, failure: 'auth_flow', scheme: 'oauth2', grant, error: 'invalid_client: Unknown client.' }))!.tryThis;
    for (const g of ['authorization_code', 'device_code', null]) expect(advice(g)).toContain('Run the sign-in again and watch its steps.');
    for (const g of ['client_credentials', 'jwt_bearer', 'github_app']) {
      expect(advice(g).join(' ')).not.toContain('sign-in');
      expect(advice(g)).toContain('Check the client secret or key saved in the profile (Replace it if it was changed or rotated), then send again.');
    }
    const missing = explainFailure(input({ status: null, failure: 'secret_missing', scheme: 'oauth2', grant: 'client_credentials', error: 'The client_secret is missing.' }))!;
    expect(missing.tryThis).toEqual(['Save the secret in the profile (it goes to the OS keychain), or set its environment variable for CI.']);
  });
});

describe('explainFailure: OAuth error responses (RFC 6749 §5.2)', () => {
  const oauth = (error: string, status = 400) =>
    explainFailure(
      input({
        status,
        failure: 'auth_flow',
        scheme: 'oauth2',
        responseBodyPreview: JSON.stringify({ error, error_description: `about ${error}` }),
      }),
    )!;

  it('invalid_client → wrong secret, or try the other client authentication method', () => {
    const e = oauth('invalid_client', 401);
    expect(e.title).toBe('The client credentials were not accepted');
    expect(e.tryThis.join(' ')).toContain('client_secret_basic ↔ client_secret_post');
    expect(e.detail).toContain('"about invalid_client"');
    expect(e.rule).toBe('RFC 6749 §5.2');
    expect(e.facts.error).toBe('invalid_client');
  });

  it('invalid_grant → code reused or expired, redirect_uri mismatch, refresh token rotated: sign in again', () => {
    const e = oauth('invalid_grant');
    expect(e.title).toMatch(/sign in again/);
    expect(e.detail).toMatch(/already used/);
    expect(e.detail).toMatch(/redirect_uri/);
    expect(e.tryThis.join(' ')).toMatch(/rotated or revoked/);
  });

  it.each([
    ['unauthorized_client', /may not use this grant/],
    ['unsupported_grant_type', /does not support this grant/],
    ['invalid_scope', /scope is invalid/],
    ['invalid_request', /token request is malformed/],
  ])('%s', (code, title) => {
    const e = oauth(code);
    expect(e.title).toMatch(title);
    expect(e.rule).toBe('RFC 6749 §5.2');
  });

  it('reads a form-encoded error body too', () => {
    const e = explainFailure(input({ status: 400, failure: 'auth_flow', scheme: 'oauth2', responseBodyPreview: 'error=invalid_grant&error_description=Code+expired' }))!;
    expect(e.facts.error).toBe('invalid_grant');
    expect(e.detail).toContain('"Code expired"');
  });

  it('wins over a Basic challenge sent by the token endpoint', () => {
    const e = explainFailure(
      input({ scheme: 'oauth2', responseHeaders: challenge('Basic realm="token"'), responseBodyPreview: '{"error":"invalid_client"}' }),
    )!;
    expect(e.facts.error).toBe('invalid_client');
  });
});

describe('explainFailure: clocks and JWT times', () => {
  const headers: HeaderPair[] = [['date', SERVER_DATE], ...challenge('Bearer error="invalid_token"')];
  const secretClaims = { sub: 'user-8812', email: 'ann@example.com' };

  it('iat in the future of the server Date by more than 60 s → the clocks disagree by N s', () => {
    const token = jwt({ ...secretClaims, iat: SERVER_S + 300, exp: SERVER_S + 3900 });
    const e = explainFailure(input({ scheme: 'oauth2', responseHeaders: headers, accessToken: token }))!;
    expect(e.title).toBe('The clocks disagree by 300 s');
    expect(e.detail).toContain('5 min');
    expect(e.rule).toBe('RFC 7519 §4.1.6');
    expect(e.facts).toMatchObject({ tokenIssuedAt: new Date((SERVER_S + 300) * 1000).toISOString(), clockDifferenceS: '300', serverDate: '2025-01-14T10:00:00.000Z' });
    const text = JSON.stringify(e);
    expect(text).not.toContain(token.split('.')[1]);
    expect(text).not.toContain('user-8812');
    expect(text).not.toContain('ann@example.com');
  });

  it('nbf in the future → not yet valid', () => {
    const e = explainFailure(input({ scheme: 'bearer', responseHeaders: headers, accessToken: jwt({ nbf: SERVER_S + 90 }) }))!;
    expect(e.title).toBe('The clocks disagree by 90 s');
    expect(e.rule).toBe('RFC 7519 §4.1.5');
  });

  it('a skew within 60 s is tolerated', () => {
    const e = explainFailure(input({ scheme: 'bearer', responseHeaders: headers, accessToken: jwt({ iat: SERVER_S + 30, exp: SERVER_S + 600 }) }))!;
    expect(e.rule).toBe('RFC 6750 §3.1');
  });

  it('exp past by the server Date → the token expired at <time>', () => {
    const exp = SERVER_S - 125;
    const e = explainFailure(input({ scheme: 'oauth2', responseHeaders: headers, accessToken: jwt({ ...secretClaims, exp }) }))!;
    expect(e.title).toBe(`The token expired at ${new Date(exp * 1000).toISOString()}`);
    expect(e.detail).toContain('2 min 5 s before the server answered');
    expect(e.rule).toBe('RFC 7519 §4.1.4');
    expect(JSON.stringify(e)).not.toContain('user-8812');
  });

  it("says when this computer's clock is behind the server's", () => {
    const sentAt = new Date((SERVER_S - 600) * 1000).toISOString();
    const e = explainFailure(input({ scheme: 'oauth2', responseHeaders: headers, sentAt, accessToken: jwt({ exp: SERVER_S - 10 }) }))!;
    expect(e.detail).toContain("This computer's clock is 10 min behind the server's");
    expect(e.tryThis.at(-1)).toMatch(/Sync this computer's clock/);
    expect(e.facts.localClockDifferenceS).toBe('-600');
  });

  it('an opaque token falls back to the server error', () => {
    const e = explainFailure(input({ scheme: 'bearer', responseHeaders: headers, accessToken: 'gho_opaque' }))!;
    expect(e.rule).toBe('RFC 6750 §3.1');
  });
});

describe('explainFailure: rate limits', () => {
  it('429 with Retry-After seconds → how long to wait', () => {
    const e = explainFailure(input({ status: 429, failure: 'rate_limited', responseHeaders: [['Retry-After', '120']] }))!;
    expect(e.title).toBe('Rate limited: wait 2 min');
    expect(e.tryThis[0]).toBe('Wait 2 min before sending again.');
    expect(e.rule).toBe('RFC 6585 §4');
    expect(e.facts.retryAfterS).toBe('120');
  });

  it('429 with IETF RateLimit fields', () => {
    const e = explainFailure(
      input({
        status: 429,
        failure: 'rate_limited',
        responseHeaders: [['date', SERVER_DATE], ['RateLimit-Limit', '100'], ['RateLimit-Remaining', '0'], ['RateLimit-Reset', '45'], ['RateLimit-Policy', '100;w=60']],
      }),
    )!;
    expect(e.title).toBe('Rate limited: wait 45 s');
    expect(e.detail).toContain('It allows 100 requests per 60 s, 0 left.');
    expect(e.detail).toContain('2025-01-14T10:00:45.000Z');
  });

  it('GitHub: 403 with X-RateLimit-Remaining 0 and an epoch reset', () => {
    const headers: HeaderPair[] = [['date', SERVER_DATE], ['x-ratelimit-limit', '60'], ['x-ratelimit-remaining', '0'], ['x-ratelimit-reset', String(SERVER_S + 1800)]];
    const e = explainFailure(input({ status: 403, failure: 'forbidden', scheme: null, responseHeaders: headers }))!;
    expect(e.title).toBe('Rate limited: wait 30 min');
  });

  it('429 without any hint', () => {
    const e = explainFailure(input({ status: 429, failure: 'rate_limited' }))!;
    expect(e.title).toBe('Rate limited');
    expect(e.detail).toContain('did not say how long');
  });
});

describe('explainFailure: other failures', () => {
  it('403 without a challenge → authenticated but not allowed', () => {
    const e = explainFailure(input({ status: 403, failure: 'forbidden', scheme: 'apikey', responseBodyPreview: '{"message":"Must have admin rights"}' }))!;
    expect(e.title).toBe('Authenticated, but not allowed');
    expect(e.detail).toContain('"Must have admin rights"');
    expect(e.rule).toBe('RFC 9110 §15.5.4');
  });

  it('401 to an API key, with no challenge', () => {
    const e = explainFailure(input({ scheme: 'apikey', responseBodyPreview: 'Invalid API key' }))!;
    expect(e.title).toBe('The API key was rejected or not found');
    expect(e.detail).toContain('no WWW-Authenticate challenge');
    expect(e.detail).toContain('"Invalid API key"');
    expect(e.rule).toBe('RFC 9110 §15.5.2');
  });

  it('401 to a token with a bare Bearer challenge', () => {
    const e = explainFailure(input({ scheme: 'bearer', responseHeaders: challenge('Bearer realm="api"') }))!;
    expect(e.title).toBe('The token was not accepted');
  });

  it.each([
    ['network', 'api.example.com:443 refused the connection: nothing is listening on that port.', 'Could not reach the server'],
    ['tls', 'TLS with api.example.com:443 failed (CERT_HAS_EXPIRED).', 'The secure connection (TLS) failed'],
    ['timeout', 'No answer from api.example.com:443 within 30 s.', 'The server did not answer in time'],
  ] as const)('transport failure %s → its message', (failure, error, title) => {
    const e = explainFailure(input({ status: null, failure, error }))!;
    expect(e.title).toBe(title);
    expect(e.detail).toBe(error);
  });

  it('a missing secret', () => {
    const e = explainFailure(input({ status: null, failure: 'secret_missing', error: "The profile's password is not available." }))!;
    expect(e.title).toBe('A secret of the profile is missing');
  });

  it.each([
    [404, 'Not found', 'RFC 9110 §15.5.5'],
    [503, 'The server failed (503)', 'RFC 9110 §15.6'],
    [422, 'The server rejected the request (422)', null],
  ])('%i → %s', (status, title, rule) => {
    const e = explainFailure(input({ status, failure: status >= 500 ? 'server_error' : 'client_error' }))!;
    expect(e.title).toBe(title);
    expect(e.rule).toBe(rule);
  });

  it('a redirect loop stopped by the sender', () => {
    const e = explainFailure(input({ status: 302, failure: 'redirect', error: 'Stopped after 5 redirects.' }))!;
    expect(e.detail).toContain('Stopped after 5 redirects.');
  });
});

describe('rateLimitInfo', () => {
  const base = new Date(SERVER_DATE);

  it('reads Retry-After as seconds or as an HTTP-date against the server clock', () => {
    expect(rateLimitInfo([['retry-after', '30']], base).retryAfterS).toBe(30);
    expect(rateLimitInfo([['retry-after', 'Tue, 14 Jan 2025 10:01:30 GMT']], base).retryAfterS).toBe(90);
    expect(rateLimitInfo([['date', SERVER_DATE], ['retry-after', 'Tue, 14 Jan 2025 10:01:30 GMT']]).retryAfterS).toBe(90);
    expect(rateLimitInfo([['retry-after', 'soon']], base).retryAfterS).toBeNull();
  });

  it('guesses reset as delta seconds, epoch seconds or epoch ms by magnitude', () => {
    const at = (v: string) => rateLimitInfo([['x-ratelimit-reset', v]], base).resetAt;
    expect(at('60')).toBe('2025-01-14T10:01:00.000Z');
    expect(at(String(SERVER_S + 120))).toBe('2025-01-14T10:02:00.000Z');
    expect(at(String((SERVER_S + 180) * 1000))).toBe('2025-01-14T10:03:00.000Z');
  });

  it('prefers IETF fields over X- ones and reads both draft shapes of RateLimit and RateLimit-Policy', () => {
    expect(rateLimitInfo([['X-RateLimit-Limit', '5000'], ['RateLimit-Limit', '100'], ['X-RateLimit-Remaining', '4999']], base)).toEqual({
      limit: 100,
      remaining: 4999,
      resetAt: null,
      retryAfterS: null,
      windowS: null,
    });
    expect(rateLimitInfo([['RateLimit', 'limit=10, remaining=3, reset=7']], base)).toMatchObject({ limit: 10, remaining: 3, resetAt: '2025-01-14T10:00:07.000Z' });
    expect(rateLimitInfo([['RateLimit', '"default";r=50;t=30'], ['RateLimit-Policy', '"default";q=100;w=60']], base)).toMatchObject({
      limit: 100,
      remaining: 50,
      windowS: 60,
      resetAt: '2025-01-14T10:00:30.000Z',
    });
  });

  it('returns nulls when nothing is said', () => {
    expect(rateLimitInfo([], base)).toEqual({ limit: null, remaining: null, resetAt: null, retryAfterS: null, windowS: null });
  });
});

describe('peekJwtTimes', () => {
  it('returns only iat, nbf and exp', () => {
    expect(peekJwtTimes(jwt({ sub: 'x', iat: 1, nbf: 2, exp: 3, aud: 'y' }))).toEqual({ iat: 1, nbf: 2, exp: 3 });
    expect(peekJwtTimes(jwt({ iat: '1' }))).toEqual({ iat: null, nbf: null, exp: null });
  });

  it('decodes UTF-8 payloads', () => {
    expect(peekJwtTimes(jwt({ name: 'Zoë 漢字', exp: 9 }))?.exp).toBe(9);
  });

  it.each(['', 'opaque', 'a.b', 'a.!!!.c', `x.${b64url([1])}.y`, `x.${Buffer.from('not json').toString('base64url')}.y`, 'a.b.c.d.e'])(
    'is null for %j',
    (token) => expect(peekJwtTimes(token)).toBeNull(),
  );
});
