import keytar from 'keytar';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../shared/contract';
import { startSandbox, type Sandbox } from '../../electron/engine/sandbox';
import { basicOf, json, runCli, startRecorder, tempHome } from './helpers';

/** Every `profile add` form, --secret-env, rotate and remove, in process against the sandbox and a recorder. */

const T = 30_000;
let sandbox: Sandbox;
let recorder: Awaited<ReturnType<typeof startRecorder>>;
let home: Awaited<ReturnType<typeof tempHome>>;
const cli = (args: string[], input?: string, env?: NodeJS.ProcessEnv) => runCli(args, { home: home.home, input, env });
const sendJson = async (name: string, url: string, env?: NodeJS.ProcessEnv) => {
  const r = await cli(['send', name, url, '--json'], undefined, env);
  return { code: r.code, reply: json<{ status: number | null; ok: boolean; failure: string | null }>(r), stderr: r.stderr };
};
const show = async (name: string) => json<ProfileView>(await cli(['profile', 'show', name, '--json']));
const accountsOf = async (id: string) => (await keytar.findCredentials('Authdesk')).map((c) => c.account).filter((a) => a.startsWith(`profile/${id}/`));

beforeAll(async () => {
  sandbox = await startSandbox(0);
  recorder = await startRecorder();
});
afterAll(async () => {
  await sandbox?.close();
  await recorder?.close();
});
beforeEach(async () => {
  home = await tempHome();
  recorder.requests.length = 0;
});
afterEach(async () => home.cleanup());

describe('profile add', () => {
  it('basic --username: password from stdin, works against the sandbox', async () => {
    const add = await cli(['profile', 'add', 'demo', '--scheme', 'basic', '--username', 'demo', '--client-type', 'public'], 'authdesk-demo\n');
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/password: saved · fingerprint [0-9a-f]{8}/);
    const view = await show('demo');
    expect(view).toMatchObject({ clientType: 'public', identity: 'demo', auth: { scheme: 'basic', username: 'demo' } });
    expect(view.secrets).toEqual([expect.objectContaining({ slot: 'password', saved: true, source: 'keychain' })]);
    expect(await accountsOf(view.id)).toEqual([`profile/${view.id}/password`]);
    const { code, reply } = await sendJson('demo', `${sandbox.info.baseUrl}/basic`);
    expect(code).toBe(0);
    expect(reply).toMatchObject({ status: 200, ok: true });
  }, T);

  it('basic --secret-username with an EMPTY password (Stripe style)', async () => {
    const add = await cli(['profile', 'add', 'stripe', '--scheme', 'basic', '--secret-username'], 'sk_test_4eC39HqLyjWDarjtT1zdp7dc\r\n\r\n');
    expect(add.code, add.stderr).toBe(0);
    const view = await show('stripe');
    expect(view.auth).toEqual({ scheme: 'basic', username: null });
    expect(view.secrets.map((s) => [s.slot, s.saved])).toEqual([
      ['username', true],
      ['password', true],
    ]);
    expect((await cli(['send', 'stripe', `${recorder.url}/v1/charges`])).code).toBe(0);
    expect(basicOf(recorder.requests.at(-1)?.headers.authorization as string)).toBe('sk_test_4eC39HqLyjWDarjtT1zdp7dc:');
    // the password line must be there, even when empty: one line only is a usage error
    const missing = await cli(['profile', 'add', 'stripe2', '--scheme', 'basic', '--secret-username'], 'sk_test_x\n');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('before the password');
    expect((await cli(['profile', 'list', '--json'])).stdout).not.toContain('stripe2');
  }, T);

  it('apikey with two --param in header sends both keys, in stdin order', async () => {
    const add = await cli(
      ['profile', 'add', 'datadog', '--scheme', 'apikey', '--in', 'header', '--param', 'DD-API-KEY', '--param', 'DD-APPLICATION-KEY'],
      'api-key-1111\r\napp-key-2222',
    );
    expect(add.code, add.stderr).toBe(0);
    const view = await show('datadog');
    expect(view.auth).toEqual({
      scheme: 'apikey',
      placements: [
        { in: 'header', name: 'DD-API-KEY' },
        { in: 'header', name: 'DD-APPLICATION-KEY' },
      ],
    });
    expect((await cli(['send', 'datadog', `${recorder.url}/api/v1/validate`])).code).toBe(0);
    const h = recorder.requests.at(-1)!.headers;
    expect([h['dd-api-key'], h['dd-application-key']]).toEqual(['api-key-1111', 'app-key-2222']);
    // one key short → usage error, nothing saved
    const short = await cli(['profile', 'add', 'dd2', '--scheme', 'apikey', '--in', 'header', '--param', 'A', '--param', 'B'], 'only-one\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('API key for header B');
  }, T);

  it("apikey in query with the value $V8)x'];A#27Z-b_y reaches the sandbox byte for byte", async () => {
    const key = sandbox.info.credentials.apiKey.value;
    expect(key).toBe("$V8)x'];A#27Z-b_y");
    const add = await cli(['profile', 'add', 'q', '--scheme', 'apikey', '--in', 'query', '--param', 'api_key'], `${key}\n`);
    expect(add.code, add.stderr).toBe(0);
    const { code, reply } = await sendJson('q', `${sandbox.info.baseUrl}/apikey`);
    expect(reply.status).toBe(200);
    expect(code).toBe(0);
  }, T);

  it('bearer with --prefix, and the default Bearer against the sandbox', async () => {
    expect((await cli(['profile', 'add', 'gh', '--scheme', 'bearer', '--prefix', 'token'], 'ghp_abc123\n')).code).toBe(0);
    expect((await cli(['send', 'gh', `${recorder.url}/user`])).code).toBe(0);
    expect(recorder.requests.at(-1)?.headers.authorization).toBe('token ghp_abc123');
    expect((await show('gh')).auth).toEqual({ scheme: 'bearer', prefix: 'token' });
    // -d implies POST (like curl), -H splits at the first colon and trims, -X overrides
    expect((await cli(['send', 'gh', `${recorder.url}/repos`, '-d', '{"a":1}', '-H', 'Content-Type: application/json', '-H', 'X-Note:  a: b '])).code).toBe(0);
    expect(recorder.requests.at(-1)).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json', 'x-note': 'a: b' } });
    expect((await cli(['send', 'gh', `${recorder.url}/repos/1`, '-X', 'delete'])).code).toBe(0);
    expect(recorder.requests.at(-1)?.method).toBe('DELETE');

    expect((await cli(['profile', 'add', 'b', '--scheme', 'bearer'], `${sandbox.info.credentials.bearerToken}\n`)).code).toBe(0);
    expect((await sendJson('b', `${sandbox.info.baseUrl}/bearer`)).code).toBe(0);
  }, T);

  it('--base-url binds the credentials to one origin; send accepts a path relative to it', async () => {
    const base = sandbox.info.baseUrl;
    expect((await cli(['profile', 'add', 'bound', '--scheme', 'basic', '--username', 'demo', '--base-url', base], 'authdesk-demo\n')).code).toBe(0);
    expect((await show('bound')).baseUrl).toBe(base);
    expect((await sendJson('bound', '/basic')).reply).toMatchObject({ status: 200, ok: true });
    const elsewhere = await cli(['send', 'bound', `${recorder.url}/steal`]);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain('will not send its credentials');
    expect(recorder.requests).toHaveLength(0);
    expect((await cli(['send', 'demo-missing', '/basic'])).code).toBe(2);
  }, T);

  it('a path is joined to a base URL that has a path, as API clients do (/users under …/api/v1 is …/api/v1/users)', async () => {
    for (const [name, base] of [['v1', `${recorder.url}/api/v1`], ['v1slash', `${recorder.url}/api/v1/`]] as const) {
      expect((await cli(['profile', 'add', name, '--scheme', 'bearer', '--base-url', base], 'bearer-token-1\n')).code).toBe(0);
      for (const path of ['/users', 'users?page=2']) expect((await cli(['send', name, path])).code, `${name} ${path}`).toBe(0);
    }
    expect(recorder.requests.map((r) => r.url)).toEqual(['/api/v1/users', '/api/v1/users?page=2', '/api/v1/users', '/api/v1/users?page=2']);
  }, T);

  it('rejects bad flag combinations with exit 2 and saves nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['profile', 'add', 'x', '--scheme', 'basic'], /--username U/],
      [['profile', 'add', 'x', '--scheme', 'basic', '--username', 'a:b'], /cannot contain ":"/],
      [['profile', 'add', 'x', '--scheme', 'basic', '--username', 'u', '--secret-username'], /not both/],
      [['profile', 'add', 'x', '--scheme', 'apikey', '--in', 'header'], /--param/],
      [['profile', 'add', 'x', '--scheme', 'apikey', '--param', 'K'], /--in/],
      [['profile', 'add', 'x', '--scheme', 'apikey', '--in', 'header', '--param', 'bad name'], /--param/],
      [['profile', 'add', 'x', '--scheme', 'bearer', '--param', 'K'], /--param applies to --scheme apikey/],
      [['profile', 'add', 'x', '--scheme', 'bearer', '--prefix', 'has space'], /--prefix/],
      [['profile', 'add', 'x', '--scheme', 'bearer', '--secret-env', 'A', '--secret-env', 'B'], /1 secret/],
      [['profile', 'add', 'x', '--scheme', 'bearer', '--secret-env', '1BAD'], /environment variable name/],
      [['profile', 'add', 'x', '--scheme', 'bearer', '--base-url', 'ftp://x'], /--base-url must be an absolute/],
      [['profile', 'add', 'x', '--scheme', 'bearer', '--base-url', 'http://u:p@127.0.0.1:1'], /--base-url has user:password@ in it: credentials go in the profile's auth/],
      [['profile', 'add', 'x/y', '--scheme', 'bearer'], /Invalid profile name/],
      [['profile', 'add', 'x', '--scheme', 'bearer', '--client-type', 'secret'], /client-type/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args, 'tok\n');
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).toMatch(/^authdesk: /);
    }
    expect(json<unknown[]>(await cli(['profile', 'list', '--json']))).toEqual([]);
    expect((await cli(['profile', 'add', 'dup', '--scheme', 'bearer'], 't\n')).code).toBe(0);
    const dup = await cli(['profile', 'add', 'dup', '--scheme', 'bearer'], 't\n');
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('already exists');
  }, T);
});

describe('--secret-env', () => {
  it('stores an env reference (no keychain entry) and reads the variable at send time', async () => {
    const add = await cli(['profile', 'add', 'ci', '--scheme', 'bearer', '--secret-env', 'CLI_TEST_TOKEN'], undefined, { CLI_TEST_TOKEN: '' });
    expect(add.code, add.stderr).toBe(0);
    const view = await show('ci');
    expect(view.secrets).toEqual([expect.objectContaining({ slot: 'token', source: 'env', envName: 'CLI_TEST_TOKEN', fingerprint: null })]);
    expect(await accountsOf(view.id)).toEqual([]);
    expect((await cli(['profile', 'list'])).stdout).toContain('env $CLI_TEST_TOKEN');
    const ok = await sendJson('ci', `${sandbox.info.baseUrl}/bearer`, { CLI_TEST_TOKEN: sandbox.info.credentials.bearerToken });
    expect(ok.code).toBe(0);
    const unset = await runCli(['send', 'ci', `${sandbox.info.baseUrl}/bearer`], { home: home.home, env: { CLI_TEST_TOKEN: undefined } });
    expect(unset.code).toBe(3);
    expect(unset.stderr).toContain('CLI_TEST_TOKEN');
    // rotate has nothing to replace in the keychain
    const rot = await cli(['rotate', 'ci'], 'x\n');
    expect(rot.code).toBe(2);
    expect(rot.stderr).toContain('$CLI_TEST_TOKEN');
  }, T);

  it('a variable that is set but empty, or only whitespace, is refused like an unset one: exit 3, nothing sent, no first success', async () => {
    expect((await cli(['profile', 'add', 'empty-env', '--scheme', 'bearer', '--secret-env', 'CLI_TEST_EMPTY'])).code).toBe(0);
    for (const [value, said] of [['', 'empty'], ['   ', 'empty (only whitespace)'], ['\t\n', 'empty (only whitespace)']]) {
      const sent = await cli(['send', 'empty-env', `${recorder.url}/echo`], undefined, { CLI_TEST_EMPTY: value });
      expect(sent.code).toBe(3);
      expect(sent.stderr).toBe(`authdesk: The token of profile "empty-env" comes from the environment variable CLI_TEST_EMPTY, which is set but ${said}. Set it to the token.\n`);
      expect(sent.stdout).toBe('');
    }
    expect(recorder.requests).toEqual([]);
    expect((await show('empty-env')).ttfscMs).toBeNull();
  }, T);

  it('an empty variable is accepted where the slot may be empty (Stripe: key as Basic username, empty password)', async () => {
    const add = await cli(['profile', 'add', 'stripe-env', '--scheme', 'basic', '--secret-username', '--secret-env', 'CLI_TEST_KEY', '--secret-env', 'CLI_TEST_PASS']);
    expect(add.code, add.stderr).toBe(0);
    const sent = await cli(['send', 'stripe-env', `${recorder.url}/ok`], undefined, { CLI_TEST_KEY: 'sk_test_envkey', CLI_TEST_PASS: '' });
    expect(sent.code, sent.stderr).toBe(0);
    expect(basicOf(recorder.requests.at(-1)?.headers.authorization as string)).toBe('sk_test_envkey:');
  }, T);

  it('mixes env references and stdin in slot order (env username, stdin password)', async () => {
    const add = await cli(['profile', 'add', 'mix', '--scheme', 'basic', '--secret-username', '--secret-env', 'CLI_TEST_USER'], 'authdesk-demo\n');
    expect(add.code, add.stderr).toBe(0);
    const view = await show('mix');
    expect(view.secrets.map((s) => [s.slot, s.source])).toEqual([
      ['username', 'env'],
      ['password', 'keychain'],
    ]);
    expect((await sendJson('mix', `${sandbox.info.baseUrl}/basic`, { CLI_TEST_USER: 'demo' })).code).toBe(0);
  }, T);
});

describe('rotate', () => {
  it('replaces the secret: the old value stops working, and rotating back restores it', async () => {
    expect((await cli(['profile', 'add', 'demo', '--scheme', 'basic', '--username', 'demo'], 'authdesk-demo\n')).code).toBe(0);
    const before = (await show('demo')).secrets[0]!.fingerprint;
    expect((await sendJson('demo', `${sandbox.info.baseUrl}/basic`)).code).toBe(0);

    const wrong = await cli(['rotate', 'demo'], 'not-the-password\n');
    expect(wrong.code, wrong.stderr).toBe(0);
    const afterWrong = (await show('demo')).secrets[0]!.fingerprint;
    expect(afterWrong).toMatch(/^[0-9a-f]{8}$/);
    expect(afterWrong).not.toBe(before);
    expect(wrong.stdout).toContain(`fingerprint ${afterWrong}`);
    const denied = await sendJson('demo', `${sandbox.info.baseUrl}/basic`);
    expect(denied.code).toBe(1);
    expect(denied.reply).toMatchObject({ status: 401, ok: false, failure: 'invalid_credentials' });

    expect((await cli(['rotate', 'demo'], 'authdesk-demo')).code).toBe(0);
    expect((await show('demo')).secrets[0]!.fingerprint).toBe(before);
    expect((await sendJson('demo', `${sandbox.info.baseUrl}/basic`)).code).toBe(0);

    // History shows which key version each request used (newest first), in JSON and in the table's KEY column.
    const rows = json<{ status: number; identity: string | null; fingerprints: string[] }[]>(await cli(['history', '--json']));
    expect(rows.map((r) => [r.status, r.identity, r.fingerprints])).toEqual([
      [200, 'demo', [before]],
      [401, 'demo', [afterWrong]],
      [200, 'demo', [before]],
    ]);
    const table = (await cli(['history'])).stdout.split('\n');
    expect(table[0]).toMatch(/ URL +KEY$/);
    expect(table[2]).toMatch(new RegExp(` demo +GET +401 .*/basic +${afterWrong}$`));
  }, T);

  it('reads every slot in add order, and refuses missing or empty lines with exit 2', async () => {
    expect((await cli(['profile', 'add', 's', '--scheme', 'basic', '--secret-username'], 'user-a\npass-a\n')).code).toBe(0);
    expect((await cli(['rotate', 's'], 'demo\nauthdesk-demo\n')).code).toBe(0);
    expect((await cli(['send', 's', `${sandbox.info.baseUrl}/basic`])).code).toBe(0);
    const short = await cli(['rotate', 's'], 'demo\n');
    expect(short.code).toBe(2);
    const emptyUser = await cli(['rotate', 's'], '\nx\n');
    expect(emptyUser.code).toBe(2);
    expect(emptyUser.stderr).toContain('username cannot be empty');
    // A blank token is refused at add, as a blank --secret-env variable is at send (it could never authenticate).
    const blankToken = await cli(['profile', 'add', 'ws', '--scheme', 'bearer'], '  \t \n');
    expect(blankToken.code).toBe(2);
    expect(blankToken.stderr).toContain('token cannot be empty or only whitespace');
    expect((await cli(['profile', 'show', 'ws'])).code).toBe(2);
    expect((await cli(['send', 's', `${sandbox.info.baseUrl}/basic`])).code).toBe(0); // unchanged by the failed rotations
    expect((await cli(['rotate', 'nobody'], 'x\n')).code).toBe(2);
  }, T);
});

describe('profile list, show, remove', () => {
  it('remove deletes the keychain entries and says how many', async () => {
    expect((await cli(['profile', 'add', 'two', '--scheme', 'basic', '--secret-username'], 'u-1\np-1\n')).code).toBe(0);
    expect((await cli(['profile', 'add', 'keep', '--scheme', 'bearer'], 't-1\n')).code).toBe(0);
    const two = await show('two');
    const keep = await show('keep');
    expect((await accountsOf(two.id)).sort()).toEqual([`profile/${two.id}/password`, `profile/${two.id}/username`]);

    const rm = await cli(['profile', 'remove', 'two']);
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.stdout).toContain('2 keychain entries');
    expect(await accountsOf(two.id)).toEqual([]);
    expect(await accountsOf(keep.id)).toHaveLength(1);
    expect((await cli(['profile', 'show', 'two'])).code).toBe(2);
    expect(json<ProfileView[]>(await cli(['profile', 'list', '--json'])).map((p) => p.name)).toEqual(['keep']);

    const rmJson = json<{ removed: boolean; secretsDeleted: number }>(await cli(['profile', 'remove', 'keep', '--json']));
    expect(rmJson).toMatchObject({ removed: true, secretsDeleted: 1 });
    expect((await cli(['profile', 'remove', 'keep'])).code).toBe(2);
  }, T);

  it('two profiles with one name (a file copied by hand): the name is refused naming both ids, ids still work, list warns', async () => {
    expect((await cli(['profile', 'add', 'good', '--scheme', 'bearer', '--secret-env', 'GOOD_TOKEN'])).code).toBe(0);
    const first = await show('good');
    const copyId = '00000000-0000-4000-8000-0000000000aa';
    const firstFile = path.join(home.home, 'profiles', `${first.id}.json`);
    const copyFile = path.join(home.home, 'profiles', `${copyId}.json`);
    await writeFile(copyFile, (await readFile(firstFile, 'utf8')).replace(first.id, copyId));
    const env = { GOOD_TOKEN: 'good-token-1' };
    const ids = [first.id, copyId].sort();
    for (const args of [['send', 'good', `${recorder.url}/x`], ['profile', 'show', 'good'], ['profile', 'remove', 'good']]) {
      const r = await cli(args, undefined, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^authdesk: 2 profiles are named "good": .*\. Use an id instead of the name \(for example authdesk profile show [0-9a-f-]{36}\), or rename one of them: change "name" in its file\.\n$/);
      for (const id of ids) expect(r.stderr).toContain(`${id} (${path.join(home.home, 'profiles', `${id}.json`)})`);
    }
    expect(recorder.requests).toHaveLength(0);
    expect((await cli(['send', copyId, `${recorder.url}/x`], undefined, env)).code).toBe(0);
    expect(recorder.requests[0]?.headers.authorization).toBe('Bearer good-token-1');
    const list = await cli(['profile', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout.match(/^good\s/gm)).toHaveLength(2);
    expect(list.stderr).toMatch(/^authdesk: warning: 2 profiles are named "good": /);
    // Both files are still there, and a new profile cannot take the name.
    expect((await cli(['profile', 'add', 'good', '--scheme', 'bearer', '--secret-env', 'X'])).code).toBe(2);
    expect(json<ProfileView[]>(await cli(['profile', 'list', '--json'])).map((p) => p.id).sort()).toEqual(ids);
  }, T);

  it('list and show print name, scheme, client type, identity, secret status and TTFSC', async () => {
    expect((await cli(['profile', 'add', 'demo', '--scheme', 'basic', '--username', 'demo'], 'authdesk-demo\n')).code).toBe(0);
    expect((await cli(['profile', 'add', 'ci', '--scheme', 'bearer', '--secret-env', 'CI_TOKEN'])).code).toBe(0);
    const empty = await cli(['profile', 'list']);
    expect(empty.stdout).toMatch(/demo\s+basic\s+confidential\s+demo\s+saved · fingerprint [0-9a-f]{8}\s+—/);
    expect(empty.stdout).toMatch(/ci\s+bearer \(Bearer\)\s+confidential\s+—\s+env \$CI_TOKEN/);
    expect((await cli(['send', 'demo', `${sandbox.info.baseUrl}/basic`])).code).toBe(0);
    const views = json<ProfileView[]>(await cli(['profile', 'list', '--json']));
    expect(views.find((v) => v.name === 'demo')?.ttfscMs).toEqual(expect.any(Number));
    const detail = await cli(['profile', 'show', 'demo']);
    expect(detail.stdout).toMatch(/Client type\s+confidential/);
    expect(detail.stdout).toMatch(/TTFSC\s+\d+ (ms|s)/);
    expect(detail.stdout).not.toContain('authdesk-demo');
  }, T);
});
