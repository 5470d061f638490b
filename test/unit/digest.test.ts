import { describe, expect, it } from 'vitest';
import { chooseDigestChallenge, digestAuthorization, type DigestChallenge } from '../../shared/digest';
import { parseWwwAuthenticate } from '../../shared/www-authenticate';
import { nodeDigestHash } from '../../electron/engine/digest-hash';

/** RFC 7616 §3.9.1, the worked example (the challenge lists SHA-256 first, then MD5). */
const RFC_EXAMPLE = [
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
];
const CNONCE = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ';

function answer(challenge: DigestChallenge, extra: Partial<Parameters<typeof digestAuthorization>[0]> = {}) {
  return digestAuthorization({ challenge, username: 'Mufasa', password: 'Circle of Life', method: 'GET', uri: '/dir/index.html', nc: 1, cnonce: CNONCE, hash: nodeDigestHash, ...extra });
}

function only(value: string): DigestChallenge {
  const choice = chooseDigestChallenge(parseWwwAuthenticate(value));
  if (!choice || !('challenge' in choice)) throw new Error(`not answerable: ${JSON.stringify(choice)}`);
  return choice.challenge;
}

describe('Digest (RFC 7616)', () => {
  it('§3.9.1: the SHA-256 and MD5 responses of the RFC example', () => {
    const [sha, md5] = RFC_EXAMPLE.map(only);
    expect(sha!.algorithm).toBe('SHA-256');
    expect(answer(sha!).response).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
    const md = answer(md5!);
    expect(md.response).toBe('8ca523f5e9506fed4657c9700eebdbec');
    expect(md.value).toBe(
      `Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, cnonce="${CNONCE}", qop=auth, response="8ca523f5e9506fed4657c9700eebdbec", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`,
    );
  });

  it('§3.7: the first answerable challenge of several is chosen (the server lists them by preference)', () => {
    expect(only(RFC_EXAMPLE.join(', ')).algorithm).toBe('SHA-256');
    expect(only(['Digest realm="r", nonce="n", algorithm=SHA-512', RFC_EXAMPLE[1]!].join(', ')).algorithm).toBe('MD5');
  });

  it('T22: no qop (RFC 2617) → response = H(HA1:nonce:HA2), no qop/nc/cnonce; quoted values with = and , intact', () => {
    const c = only('Digest realm="R, with comma", nonce="N=x"');
    expect(c).toMatchObject({ realm: 'R, with comma', nonce: 'N=x', qop: null, algorithm: 'MD5' });
    const { value, response } = answer(c);
    const md5 = (s: string) => nodeDigestHash('MD5', s);
    expect(response).toBe(md5(`${md5('Mufasa:R, with comma:Circle of Life')}:N=x:${md5('GET:/dir/index.html')}`));
    expect(value).not.toMatch(/qop|nc=|cnonce/);
    expect(value).toContain('nonce="N=x"');
  });

  it('-sess: HA1 = H(H(user:realm:pass):nonce:cnonce); nc counts in hex', () => {
    const c = only('Digest realm="r", nonce="abc", qop=auth, algorithm=SHA-256-sess');
    const sha = (s: string) => nodeDigestHash('SHA-256', s);
    const ha1 = sha(`${sha('Mufasa:r:Circle of Life')}:abc:${CNONCE}`);
    const { value, response } = answer(c, { nc: 26 });
    expect(response).toBe(sha(`${ha1}:abc:0000001a:${CNONCE}:auth:${sha('GET:/dir/index.html')}`));
    expect(value).toContain('nc=0000001a,');
  });

  it('userhash (§3.4.4) and a non-ASCII username (username*, RFC 8187)', () => {
    const hashed = answer(only('Digest realm="r", nonce="n", qop="auth", algorithm=SHA-256, userhash=true'));
    expect(hashed.username).toBe(nodeDigestHash('SHA-256', 'Mufasa:r'));
    expect(hashed.value).toContain(`username="${hashed.username}"`);
    expect(hashed.value).toContain('userhash=true');
    const utf8 = answer(only('Digest realm="r", nonce="n", qop="auth"'), { username: 'Jäsøn' });
    expect(utf8.value).toContain("username*=UTF-8''J%C3%A4s%C3%B8n");
  });

  it('says why a challenge cannot be answered: auth-int only, an unknown algorithm, no Digest at all', () => {
    expect(chooseDigestChallenge(parseWwwAuthenticate('Digest realm="r", nonce="n", qop="auth-int"'))).toEqual({ unsupported: expect.stringContaining('auth-int') });
    expect(chooseDigestChallenge(parseWwwAuthenticate('Digest realm="r", nonce="n", algorithm=SHA-1'))).toEqual({ unsupported: expect.stringContaining('SHA-1') });
    expect(chooseDigestChallenge(parseWwwAuthenticate('Basic realm="r"'))).toBeNull();
  });
});
