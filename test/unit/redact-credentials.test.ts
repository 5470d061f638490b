import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED } from '../../shared/redact';
import { findLeaks } from '../helpers/leak-scan';

/** Credentials typed by hand into a request (made-up values): what the name rules mask is what is learnt. */
describe('Redactor.credentials', () => {
  const r = createRedactor({ headerNames: ['X-Profile-Key'], paramNames: ['sig2'] });

  it('finds credential header values, each cookie, the Bearer token and a Basic password', () => {
    const basic = Buffer.from('alice:pa-é-ss:1').toString('base64');
    const found = r.credentials({
      url: 'https://api.test/x',
      headers: [
        ['X-Api-Key', ' key-value-1 '],
        ['Cookie', 'sid=cookie-value-2; theme="dark-mode"; a=b'],
        ['Authorization', 'Bearer bearer-value-3'],
        ['Proxy-Authorization', `Basic ${basic}`],
        ['X-Shopify-Access-Token', 'shop-value-4'],
        ['x-profile-key', 'profile-value-5'],
        ['Accept', 'application/json'],
        ['WWW-Authenticate', 'Bearer realm="not-a-secret"'],
      ],
    });
    expect(found).toEqual(expect.arrayContaining(['key-value-1', 'cookie-value-2', 'dark-mode', 'bearer-value-3', basic, 'pa-é-ss:1', 'shop-value-4', 'profile-value-5']));
    expect(found.join(' ')).not.toMatch(/application|not-a-secret|alice:/);
    expect(found).not.toContain('b'); // shorter than MIN_SECRET_LENGTH: masking every "b" would destroy the log
  });

  it('finds credential-named fields of the query, a form body and a JSON body, as written and decoded', () => {
    expect(r.credentials({ url: 'https://api.test/x?api_key=q%2Bv%C3%A9-1&page=2&sig2=sig-value', headers: [], body: 'user=alice&password=p+w%26-2&client_secret=cs-value-3' }).sort()).toEqual(
      ['cs-value-3', 'p w&-2', 'p+w%26-2', 'q%2Bv%C3%A9-1', 'q+vé-1', 'sig-value'].sort(),
    );
    expect(r.credentials({ url: 'https://api.test/x', headers: [], body: '{"refresh_token": "rt-\\"q\\"-\\u00e9", "user": "alice", "code": "invalid_request"}' })).toEqual(['rt-\\"q\\"-\\u00e9', 'rt-"q"-é']);
  });

  it('finds nothing in a request that names no credential', () => {
    expect(r.credentials({ url: 'https://api.test/x?page=2', headers: [['Accept', '*/*'], ['Content-Type', 'application/json']], body: '{"name":"alice","items":[1,2,3]}' })).toEqual([]);
    expect(r.credentials({ url: 'https://api.test/x', headers: [] })).toEqual([]);
  });

  it('learnt, masks the values wherever an echo endpoint writes them back', () => {
    const request = { url: 'https://api.test/echo?token=tok-value-6', headers: [['X-Api-Key', 'ADHOC-KEY-456'], ['Cookie', 'sid=ADHOC-COOKIE-789']] as [string, string][], body: 'password=ADHOC-PW-000' };
    const learnt = createRedactor({ secrets: r.credentials(request) });
    const echo = JSON.stringify({ headers: { 'X-Api-Key': 'ADHOC-KEY-456', Cookie: 'sid=ADHOC-COOKIE-789' }, body: 'password=ADHOC-PW-000', args: { token: 'tok-value-6' } });
    const out = learnt.text(echo);
    expect(findLeaks(out, ['ADHOC-KEY-456', 'ADHOC-COOKIE-789', 'ADHOC-PW-000', 'tok-value-6'])).toEqual([]);
    expect(out).toContain(`"body":"password=${REDACTED}"`);
  });
});
