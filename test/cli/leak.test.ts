import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../electron/engine/sandbox';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { basicOf, closedPort, runCli, spawnCli, startRecorder, tempHome, transcript } from './helpers';

/**
 * The promise: after a whole CLI flow with awkward secrets, no secret survives in the data directory (profile
 * files, SQLite and its WAL), the exports, or anything the CLI printed — even when the server echoes them back.
 */

const S = {
  password: 'pä$$:w+rd/=&#Ω-9137',
  secretUser: 'sk_live_ü+/=&#Zq81', // a Basic username cannot hold ':' (RFC 7617)
  queryKey: 'k€y+/=&#:q-55aa',
  header1: 'hdr1-%+/=&#:x7Kp', // header values are ASCII (RFC 9110 §5.5): non-ASCII is refused, see encoding.test.ts
  header2: 'hdr2-+/=#&:y8Lm~',
  cookieKey: 'cøøkie+/=&#:z9Qr',
  token: 'tok-~+/=&#:Zz12',
  rotated: 'rot-%+/=&#:Yy34',
};
const secrets = Object.values(S);
const pairs = ['leak-user', S.secretUser, ''];

let sandbox: Sandbox;
let recorder: Awaited<ReturnType<typeof startRecorder>>;
let home: Awaited<ReturnType<typeof tempHome>>;
const cli = (args: string[], input?: string) => runCli(args, { home: home.home, input });

beforeAll(async () => {
  sandbox = await startSandbox(0);
  recorder = await startRecorder();
  home = await tempHome();
});
afterAll(async () => {
  await sandbox?.close();
  await recorder?.close();
  await home?.cleanup();
});

describe('leak check', () => {
  it('leaves no secret in the data directory, exports or output after the whole flow', async () => {
    const echo = `${recorder.url}/echo`;
    // real processes read the first secrets from a pipe
    const basic = await spawnCli(['profile', 'add', 'basic', '--scheme', 'basic', '--username', 'leak-user'], { home: home.home, input: `${S.password}\n` });
    expect(basic.code, basic.stderr).toBe(0);
    const sent = await spawnCli(['send', 'basic', echo, '--json'], { home: home.home });
    expect(sent.code, sent.stderr).toBe(0);
    expect(basicOf(recorder.requests.at(-1)?.headers.authorization as string)).toBe(`leak-user:${S.password}`);

    const adds: [string[], string][] = [
      [['profile', 'add', 'stripe', '--scheme', 'basic', '--secret-username'], `${S.secretUser}\n\n`],
      [['profile', 'add', 'query', '--scheme', 'apikey', '--in', 'query', '--param', 'api_key'], `${S.queryKey}\n`],
      [['profile', 'add', 'headers', '--scheme', 'apikey', '--in', 'header', '--param', 'X-Key-One', '--param', 'X-Key-Two'], `${S.header1}\r\n${S.header2}`],
      [['profile', 'add', 'cookie', '--scheme', 'apikey', '--in', 'cookie', '--param', 'session_key'], `${S.cookieKey}\n`],
      [['profile', 'add', 'bearer', '--scheme', 'bearer', '--prefix', 'token'], `${S.token}\n`],
    ];
    for (const [args, input] of adds) expect((await cli(args, input)).code, args.join(' ')).toBe(0);

    const port = await closedPort();
    for (const name of ['basic', 'stripe', 'query', 'headers', 'cookie', 'bearer']) {
      expect((await cli(['send', name, echo])).code, name).toBe(0);
      expect((await cli(['send', name, `${echo}?again=1`, '--json', '-H', 'X-Trace: 1'])).code, name).toBe(0);
      expect((await cli(['send', name, `${recorder.url}/status/500`])).code, name).toBe(1);
      expect((await cli(['send', name, `${sandbox.info.baseUrl}/basic`])).code, name).toBe(1); // 401
      expect((await cli(['send', name, `http://127.0.0.1:${port}/x`, '--json'])).code, name).toBe(3);
    }
    // the values really went out (so a clean scan means redaction, not absence)
    const got = (pred: (r: (typeof recorder.requests)[number]) => boolean) => recorder.requests.some(pred);
    expect(got((r) => r.headers['x-key-one'] === S.header1 && r.headers['x-key-two'] === S.header2)).toBe(true);
    expect(got((r) => new URL(r.url, 'http://x').searchParams.get('api_key') === S.queryKey)).toBe(true);
    expect(got((r) => r.headers.cookie === `session_key=${encodeURIComponent(S.cookieKey)}`)).toBe(true);
    expect(got((r) => basicOf(r.headers.authorization) === `${S.secretUser}:`)).toBe(true);
    expect(got((r) => r.headers.authorization === `token ${S.token}`)).toBe(true);

    expect((await cli(['rotate', 'bearer'], `${S.rotated}\n`)).code).toBe(0);
    expect((await cli(['send', 'bearer', echo])).code).toBe(0);
    expect(recorder.requests.at(-1)?.headers.authorization).toBe(`token ${S.rotated}`);

    for (const args of [['profile', 'list'], ['profile', 'list', '--json'], ['profile', 'show', 'stripe', '--json'], ['profile', 'show', 'headers'], ['history'], ['history', '--json'], ['metrics'], ['metrics', '--json']]) {
      expect((await cli(args)).code, args.join(' ')).toBe(0);
    }
    const har = path.join(home.home, '..', `${path.basename(home.home)}-export.har`);
    const jsonl = path.join(home.home, '..', `${path.basename(home.home)}-export.jsonl`);
    expect((await cli(['export', '--format', 'har', '--out', har])).code).toBe(0);
    expect((await cli(['export', '--format', 'jsonl', '--out', jsonl])).code).toBe(0);
    const harText = await readFile(har, 'utf8');
    expect(JSON.parse(harText).log.entries.length).toBe(32);
    expect((await cli(['profile', 'remove', 'stripe'])).code).toBe(0);

    // the scan must be able to see a leak: a planted copy is found
    expect(findLeaks(`x ${Buffer.from(`leak-user:${S.password}`).toString('base64')} y`, secrets, pairs)).not.toEqual([]);

    expect(await scanPaths([home.home, har, jsonl], secrets, pairs)).toEqual([]);
    expect(transcript.join('\n').length).toBeGreaterThan(10_000);
    expect(findLeaks(transcript.join('\n'), secrets, pairs)).toEqual([]);
  }, 120_000);
});
