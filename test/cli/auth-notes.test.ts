import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentEncode } from '../../shared/encoding';
import type { AuthStep } from '../../shared/request';
import { startDigestServer, type DigestServer } from '../helpers/digest-server';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { json, spawnCli, startRecorder, tempHome, transcript } from './helpers';

/**
 * What the auth layer did, as the built CLI reports it (`send --json`), where the request and the profile meet:
 * an API key in the query replaces a parameter of the same name that the user typed (a note names it, never its
 * value), and a Digest profile whose server never challenges says that no credentials were sent. Real parts: the
 * bundled CLI as a process, the OS keychain (scripts/with-keyring.sh), servers on 127.0.0.1.
 */

const T = 60_000;
const KEY = 'qk-$V8)x\'];A#27Z-b_y&api_key=';
const DIGEST_PASSWORD = 'dg-no-challenge-+/=&#5';
const COOKIE_KEY = 'ck-Q7w9-no-cookie-clash-3';
let home: Awaited<ReturnType<typeof tempHome>>;
let api: Awaited<ReturnType<typeof startRecorder>>;
let digest: DigestServer;

const cli = (args: string[], input?: string) => spawnCli(args, { home: home.home, input, built: true, timeoutMs: T });
interface SendJson {
  status: number | null;
  url: string;
  authSteps: AuthStep[];
  firstSuccess: { ttfscMs: number } | null;
}
const send = async (name: string, url: string, ...extra: string[]) => {
  const r = await cli(['send', name, url, '--json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return json<SendJson>(r);
};
const notes = (r: SendJson) => r.authSteps.filter((s) => s.kind === 'note').map((s) => s.detail);

beforeAll(async () => {
  home = await tempHome();
  api = await startRecorder();
  digest = await startDigestServer({ realm: 'R', username: 'dave', password: DIGEST_PASSWORD, qop: 'auth', algorithm: 'SHA-256' });
  expect((await cli(['profile', 'add', 'qkey', '--scheme', 'apikey', '--in', 'query', '--param', 'api_key', '--base-url', api.url], `${KEY}\n`)).code).toBe(0);
  expect((await cli(['profile', 'add', 'ckey', '--scheme', 'apikey', '--in', 'cookie', '--param', 'sess', '--base-url', api.url], `${COOKIE_KEY}\n`)).code).toBe(0);
  expect((await cli(['profile', 'add', 'dig', '--scheme', 'digest', '--username', 'dave'], `${DIGEST_PASSWORD}\n`)).code).toBe(0);
}, T);

afterAll(async () => {
  await api?.close();
  await digest?.close();
  await home?.cleanup();
});

describe('an API key in the query and a parameter of the same name in the URL', () => {
  it('the profile\'s key replaces the typed one; the other parameters keep their order; a note names the parameter only', async () => {
    const r = await send('qkey', '/echo?a=1&api_key=OTHER&z=2');
    const seen = new URL(api.requests.at(-1)!.url, 'http://x');
    expect(seen.searchParams.getAll('api_key')).toEqual([KEY]);
    expect([...seen.searchParams.keys()]).toEqual(['a', 'z', 'api_key']);
    expect(api.requests.at(-1)!.url).not.toContain('OTHER');
    expect(notes(r)).toContain("The request's own api_key query parameter was replaced by the profile's auth.");
    expect(r.url.match(/api_key=/g)).toHaveLength(1);
  }, T);

  it('every same-named copy goes, names match exactly (case-sensitive), and encoded names are read as servers read them', async () => {
    const r = await send('qkey', '/echo?api_key=A&API_KEY=keep&api%5Fkey=B&b=2');
    const seen = new URL(api.requests.at(-1)!.url, 'http://x');
    expect([...seen.searchParams]).toEqual([['API_KEY', 'keep'], ['b', '2'], ['api_key', KEY]]);
    expect(notes(r).filter((n) => n.includes('query parameter'))).toEqual(["The request's own api_key query parameter was replaced by the profile's auth."]);
  }, T);

  it('no clash, no note', async () => {
    const r = await send('qkey', '/echo?z=1');
    expect(new URL(api.requests.at(-1)!.url, 'http://x').search).toBe(`?z=1&api_key=${percentEncode(KEY)}`);
    expect(notes(r)).toEqual([]);
  }, T);
});

describe('an API key in a cookie and a Cookie header the user typed', () => {
  it('the profile\'s cookie joins the typed Cookie header, and the note says it was added (names only)', async () => {
    const r = await send('ckey', '/echo', '-H', 'Cookie: a=b', '-H', 'X-Trace: 1');
    expect(api.requests.at(-1)!.headers.cookie).toBe(`a=b; sess=${COOKIE_KEY}`);
    expect(notes(r)).toEqual(["The profile's sess cookie was added to the request's own Cookie header."]);
  }, T);

  it('a typed cookie of the same name is replaced (the server sees one sess), and the note says so', async () => {
    const r = await send('ckey', '/echo', '-H', 'Cookie: sess=typed-one; a=b');
    expect(api.requests.at(-1)!.headers.cookie).toBe(`a=b; sess=${COOKIE_KEY}`);
    expect(notes(r)).toEqual(["The profile's sess cookie was added to the request's own Cookie header; the request's own sess cookie was replaced by the profile's auth."]);
    const only = await send('ckey', '/echo', '-H', 'Cookie: sess=typed-two');
    expect(api.requests.at(-1)!.headers.cookie).toBe(`sess=${COOKIE_KEY}`);
    expect(notes(only)).toEqual(["The request's own sess cookie was replaced by the profile's auth."]);
  }, T);

  it('no Cookie header typed, no note', async () => {
    const r = await send('ckey', '/echo');
    expect(api.requests.at(-1)!.headers.cookie).toBe(`sess=${COOKIE_KEY}`);
    expect(notes(r)).toEqual([]);
  }, T);
});

describe('a Digest profile and a server that never challenges', () => {
  it('sends no credentials and says so; the 2xx still counts as the first successful call (auth was not exercised)', async () => {
    const r = await send('dig', `${api.url}/echo`);
    expect(r.status).toBe(200);
    expect(api.requests.at(-1)!.headers.authorization).toBeUndefined();
    expect(notes(r)).toContain(
      "The server did not ask for credentials (no WWW-Authenticate: Digest challenge), so none were sent. This response does not test the profile's username and password.",
    );
    expect(r.firstSuccess).not.toBeNull();
  }, T);

  it('a 401 without a Digest challenge says no credentials were sent', async () => {
    const r = await cli(['send', 'dig', `${api.url}/status/401`, '--json']);
    expect(r.code).toBe(1);
    expect(notes(json<SendJson>(r))).toContain('The server answered 401 without a WWW-Authenticate: Digest challenge, so no credentials were sent.');
  }, T);

  it('a server that challenges gets its answer, and no such note', async () => {
    const r = await send('dig', `${digest.url}/a`);
    expect(r.status).toBe(200);
    expect(digest.problems).toEqual([]);
    expect(r.authSteps.some((s) => s.detail.startsWith('Digest challenge answered'))).toBe(true);
    expect(notes(r).filter((n) => n.includes('no credentials') || n.includes('none were sent'))).toEqual([]);
  }, T);
});

describe('leak scan', () => {
  it('neither secret is in any output or in the data folder', async () => {
    expect(findLeaks(transcript.join('\n'), [KEY, DIGEST_PASSWORD, COOKIE_KEY])).toEqual([]);
    expect(await scanPaths([home.home], [KEY, DIGEST_PASSWORD, COOKIE_KEY])).toEqual([]);
  }, T);
});
