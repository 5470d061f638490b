import keytar from 'keytar';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../shared/contract';
import type { TokenInfo } from '../../shared/oauth';
import type { HistorySummary } from '../../shared/request';
import { openerFor, openInBrowser } from '../../electron/cli/browser';
import { startSandbox, type Sandbox } from '../../electron/engine/sandbox';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { sandboxConsent } from '../helpers/oauth';
import { json, ROOT, runCli, spawnCli, tempHome, transcript, watchCli, type Run } from './helpers';

/**
 * OAuth 2.0 from the CLI against the sandbox's real authorization server: `profile add --scheme oauth2` (with
 * discovery), `token` for all three grants (the interactive ones in a real process, the test playing the user),
 * refresh in a new process, `revoke`, `forget-secrets`, the exit codes, and a leak scan of everything at the end.
 */

const T = 60_000;
const WRONG_SECRET = 'wrong-secret-ü+/=&#:9x';
const ENTRY = path.join(ROOT, 'electron/cli/index.ts');
let sandbox: Sandbox;
let base: string;
let home: Awaited<ReturnType<typeof tempHome>>;
let fakeBin: string;
/** Where the fake xdg-open on PATH records each URL it was asked to open. */
let opened: string;
const cli = (args: string[], input?: string, env?: NodeJS.ProcessEnv) => runCli(args, { home: home.home, input, env });
const show = async (name: string) => json<ProfileView>(await cli(['profile', 'show', name, '--json']));
const sendBearer = (name: string) => spawnCli(['send', name, `${base}/bearer`], { home: home.home });
const publicProfile = (name: string, grant: string) => ['profile', 'add', name, '--scheme', 'oauth2', '--grant', grant, '--client-type', 'public', '--issuer', base, '--client-id', 'sandbox-desktop'];

/** A real CLI process whose output can be awaited while it runs (the interactive flows), with the fake opener on PATH. */
const startCli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  watchCli(args, { home: home.home, env: { PATH: `${fakeBin}${path.delimiter}${process.env.PATH ?? ''}`, OPENED_FILE: opened, ...env } });

beforeAll(async () => {
  sandbox = await startSandbox(0);
  base = sandbox.info.baseUrl;
  home = await tempHome();
  fakeBin = await mkdtemp(path.join(os.tmpdir(), 'authdesk-bin-'));
  opened = path.join(fakeBin, 'opened.txt');
  await writeFile(path.join(fakeBin, 'xdg-open'), '#!/bin/sh\nprintf \'%s\\n\' "$1" >> "$OPENED_FILE"\n');
  await chmod(path.join(fakeBin, 'xdg-open'), 0o755);
});
afterAll(async () => {
  await sandbox?.close();
  await home?.cleanup();
  await rm(fakeBin, { recursive: true, force: true });
});

describe('authdesk oauth2', () => {
  it('client_credentials: discovery from --issuer, secret from stdin, token --json, then send', async () => {
    const secret = sandbox.info.oauth!.confidential.clientSecret;
    const add = await cli(['profile', 'add', 'svc', '--scheme', 'oauth2', '--grant', 'client_credentials', '--issuer', base, '--client-id', 'sandbox-service', '--scope', 'read'], `${secret}\n`);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toContain(`discovered the endpoints of ${base}`);
    expect(add.stdout).toMatch(/client_secret: saved · fingerprint [0-9a-f]{8}/);
    const view = await show('svc');
    expect(view.auth).toMatchObject({
      scheme: 'oauth2',
      issuer: base,
      tokenEndpoint: `${base}/oauth/token`,
      revocationEndpoint: `${base}/oauth/revoke`,
      tokenEndpointAuthMethod: 'client_secret_basic',
      requireIss: true,
      scope: 'read',
      tokenPrefix: 'Bearer',
    });
    expect(view.auth).not.toHaveProperty('authorizationEndpoint');

    const token = await cli(['token', 'svc', '--json']);
    expect(token.code, token.stderr).toBe(0);
    expect(json<TokenInfo>(token)).toMatchObject({ source: 'fetched', tokenType: 'Bearer', scope: 'read', hasRefreshToken: false, warnings: [] });
    const human = await cli(['token', 'svc']);
    expect(human.stdout).toMatch(/^Access token for "svc": Bearer, obtained from the token endpoint\.\n {2}Expires: +\S+ \(in /);
    const sent = await sendBearer('svc');
    expect(sent.code, sent.stderr).toBe(0);
  }, T);

  it('client_secret from --secret-env, and client_secret_post', async () => {
    const add = await cli(['profile', 'add', 'svc-env', '--scheme', 'oauth2', '--grant', 'client_credentials', '--token-endpoint', `${base}/oauth/token`, '--client-id', 'sandbox-service', '--token-endpoint-auth-method', 'client_secret_post', '--secret-env', 'SVC_SECRET']);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toContain('$SVC_SECRET is not set');
    const token = await cli(['token', 'svc-env', '--json'], undefined, { SVC_SECRET: sandbox.info.oauth!.confidential.clientSecret });
    expect(token.code, token.stderr).toBe(0);
    expect(json<TokenInfo>(token).source).toBe('fetched');
  }, T);

  it('authorization_code in a real process: URL on stderr, the user approves, exit 0; a new process refreshes', async () => {
    const add = await cli([...publicProfile('ac', 'authorization_code'), '--scope', 'read']);
    expect(add.code, add.stderr).toBe(0);
    expect((await show('ac')).auth).toMatchObject({ authorizationEndpoint: `${base}/oauth/authorize`, tokenEndpointAuthMethod: 'none', requireIss: true });

    const flow = startCli(['token', 'ac'], { AUTHDESK_NO_BROWSER: '1' });
    const [, url] = await flow.waitFor(/Open this URL in your browser to sign in: (\S+)\n/);
    expect(url!.startsWith(`${base}/oauth/authorize?`)).toBe(true);
    expect(new URL(url!).searchParams.get('code_challenge_method')).toBe('S256');
    const callback = await sandboxConsent(url!, 'approve');
    expect(callback).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
    expect((await fetch(callback)).status).toBe(200);
    const done = await flow.done;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('Access token for "ac": Bearer, obtained from the token endpoint.');
    expect(done.stdout).toContain('Refresh token:  saved in the OS keychain');
    expect(await readFile(opened, 'utf8').catch(() => '')).toBe(''); // AUTHDESK_NO_BROWSER=1: no opener ran

    const sent = await sendBearer('ac'); // a new process: no access token in memory, the refresh token is in the keychain
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toContain('access token refreshed');
  }, T);

  it('device_code in a real process: the user code is shown, approved on the verification page, exit 0', async () => {
    expect((await cli(publicProfile('dev', 'device_code'))).code).toBe(0);
    const flow = startCli(['token', 'dev', '--json']);
    const [, userCode] = await flow.waitFor(/and enter the code:\n\n {4}(\S+)\n/);
    await flow.waitFor(new RegExp(`To sign in, visit ${base}/device\\n`));
    await flow.waitFor(new RegExp(`Or open ${base}/device\\?user_code=${userCode}`));
    await flow.waitFor(/Waiting for approval \(polling every 2 s\)…/);
    const approve = await fetch(`${base}/device`, { method: 'POST', body: new URLSearchParams({ user_code: userCode!, approve: 'yes' }) });
    expect(await approve.text()).toContain('Device approved');
    const done = await flow.done;
    expect(done.code, done.stderr).toBe(0);
    expect(json<TokenInfo>(done)).toMatchObject({ source: 'fetched', tokenType: 'Bearer', hasRefreshToken: true });
    // A public client has no secret of its own: the refresh token is its one keychain entry, and remove counts it.
    const { id } = await show('dev');
    const entries = async () => (await keytar.findCredentials('Authdesk')).map((c) => c.account).filter((a) => a.startsWith(`profile/${id}/`));
    expect(await entries()).toEqual([`profile/${id}/refresh_token`]);
    const removed = await cli(['profile', 'remove', 'dev']);
    expect(removed.stdout).toBe('Removed profile "dev" and 1 keychain entry.\n');
    expect(await entries()).toEqual([]);
  }, T);

  it('device_code denied on the verification page: exit 3', async () => {
    expect((await cli(publicProfile('dev-deny', 'device_code'))).code).toBe(0);
    const flow = startCli(['token', 'dev-deny']);
    const [, userCode] = await flow.waitFor(/and enter the code:\n\n {4}(\S+)\n/);
    await fetch(`${base}/device`, { method: 'POST', body: new URLSearchParams({ user_code: userCode!, approve: 'no' }) });
    const done = await flow.done;
    expect(done.code).toBe(3);
    expect(done.stderr).toContain('authdesk: The sign-in was denied on the verification page.');
  }, T);

  // README: "a run stopped by Ctrl+C or SIGTERM exits 130 or 143".
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s during a browser sign-in cancels it with exit %i', async (signal, code) => {
    const name = `ac-${signal.toLowerCase()}`;
    expect((await cli(publicProfile(name, 'authorization_code'))).code).toBe(0);
    const flow = startCli(['token', name], { AUTHDESK_NO_BROWSER: '1' });
    await flow.waitFor(/Waiting for the sign-in to finish in the browser/);
    flow.child.kill(signal);
    const done = await flow.done;
    expect(done.code, done.stderr).toBe(code);
    expect(done.stderr).toContain('authdesk: Sign-in cancelled.');
  }, T);

  it('revoke: exit 0, and afterwards send needs a new sign-in (exit 3)', async () => {
    const revoked = await spawnCli(['revoke', 'ac'], { home: home.home });
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(/refresh_token revoked at http:\/\/127\.0\.0\.1:\d+/);
    expect(revoked.stdout).toContain('sign in again with: authdesk token ac');
    const sent = await sendBearer('ac');
    expect(sent.code).toBe(3);
    expect(sent.stderr).toMatch(/sign-in|sign in again/i);
    expect(sent.stderr).toContain('authdesk token "ac"');
  }, T);

  it('a wrong client secret: token exits 3 with invalid_client explained', async () => {
    const add = await cli(['profile', 'add', 'wrong', '--scheme', 'oauth2', '--grant', 'client_credentials', '--issuer', base, '--client-id', 'sandbox-service'], `${WRONG_SECRET}\n`);
    expect(add.code, add.stderr).toBe(0);
    const token = await spawnCli(['token', 'wrong'], { home: home.home });
    expect(token.code).toBe(3);
    expect(token.stderr).toMatch(/^authdesk: invalid_client/);
    expect(token.stderr).toContain('did not accept the client credentials (sent as client_secret_basic');
    expect(token.stdout).toBe('');
  }, T);

  it('send --json prints its one object when the auth stage fails (no request went out): status null, exit 3', async () => {
    const refused = await spawnCli(['send', 'wrong', `${base}/bearer`, '--json'], { home: home.home });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^authdesk: invalid_client/);
    expect(json(refused)).toMatchObject({ historyId: null, profile: 'wrong', method: 'GET', url: `${base}/bearer`, status: null, ok: false, failure: 'auth_flow', timings: { totalMs: 0 } });
    expect(json<{ error: string }>(refused).error).toContain('did not accept the client credentials');
    // A secret that is not there (an unset variable) is its own stage, as metrics counts it.
    const missing = await spawnCli(['send', 'svc-env', `${base}/bearer`, '--json'], { home: home.home, env: { SVC_SECRET: undefined } });
    expect(missing.code).toBe(3);
    expect(json(missing)).toMatchObject({ historyId: null, status: null, ok: false, failure: 'secret_missing' });
    // History keeps both attempts, as entries with no response (the JSON above stays without their id, as documented).
    const [refusedRow] = json<HistorySummary[]>(await cli(['history', '--profile', 'wrong', '--json']));
    expect(refusedRow).toMatchObject({ method: 'GET', url: `${base}/bearer`, status: null, ok: false, failure: 'auth_flow', identity: 'sandbox-service' });
    const [missingRow] = json<HistorySummary[]>(await cli(['history', '--profile', 'svc-env', '--json']));
    expect(missingRow).toMatchObject({ method: 'GET', url: `${base}/bearer`, status: null, ok: false, failure: 'secret_missing' });
  }, T);

  it('prints configuration warnings on add (stderr) and in profile show, for every scheme', async () => {
    const add = await cli([...publicProfile('pub-secret', 'authorization_code'), '--token-endpoint-auth-method', 'client_secret_post'], 'not-a-real-secret\n');
    expect(add.code, add.stderr).toBe(0);
    const warning = /Warning: A public client \(web, mobile or desktop app\) cannot keep a client_secret: .+ \(RFC 6749 §2\.1, RFC 8252 §8\.5\)\. Fix: Set client authentication to "none"/;
    expect(add.stderr).toMatch(warning);
    expect((await cli(['profile', 'show', 'pub-secret'])).stdout).toMatch(warning);
    expect((await cli(['profile', 'add', 'pub-bearer', '--scheme', 'bearer', '--client-type', 'public'], 'tok\n')).code).toBe(0);
    expect((await cli(['profile', 'show', 'pub-bearer'])).stdout).toMatch(/^Warning: This public client would embed a permanent credential\..* Fix: Call the API from your server/m);
    expect((await cli(['profile', 'show', 'svc'])).stdout).not.toContain('Warning:');
  }, T);

  it('usage errors exit 2 with exact messages, before any request or stdin read', async () => {
    const oauth = ['profile', 'add', 'x', '--scheme', 'oauth2'];
    const cases: [string[], string][] = [
      [[...oauth, '--grant', 'client_credentials', '--client-id', 'c'], '--scheme oauth2 needs --token-endpoint URL, or --issuer URL to discover it.'],
      [[...oauth, '--client-id', 'c', '--token-endpoint', `${base}/oauth/token`], '--scheme oauth2 needs --grant client_credentials|authorization_code|device_code|jwt_bearer|github_app.'],
      [[...oauth, '--grant', 'client_credentials', '--token-endpoint', `${base}/oauth/token`], '--scheme oauth2 needs --client-id ID (the client_id is not secret; the client_secret comes on standard input).'],
      [[...oauth, '--grant', 'authorization_code', '--client-id', 'c', '--token-endpoint', `${base}/oauth/token`], '--grant authorization_code needs --authorization-endpoint URL, or --issuer URL to discover it.'],
      [[...oauth, '--grant', 'device_code', '--client-id', 'c', '--token-endpoint', `${base}/oauth/token`], '--grant device_code needs --device-authorization-endpoint URL, or --issuer URL to discover it.'],
      [[...oauth, '--grant', 'client_credentials', '--client-id', 'c', '--token-endpoint', 'ftp://x/token'], '--token-endpoint must be an absolute http:// or https:// URL.'],
      [[...oauth, '--grant', 'client_credentials', '--client-id', 'c', '--issuer', base, '--token-endpoint-auth-method', 'none'], '--grant client_credentials needs client authentication (RFC 6749 §4.4): use --token-endpoint-auth-method client_secret_basic or client_secret_post.'],
      [[...oauth, '--grant', 'client_credentials', '--client-id', 'c', '--issuer', base, '--redirect-uri', 'http://127.0.0.1:8080/cb'], '--redirect-uri applies to --grant authorization_code only.'],
      [[...oauth, '--grant', 'client_credentials', '--client-id', 'c', '--issuer', base, '--prefix', 'token'], '--prefix applies to --scheme bearer or apikey; for oauth2 use --token-prefix.'],
      [['profile', 'add', 'x', '--scheme', 'bearer', '--grant', 'client_credentials'], '--grant applies to --scheme oauth2 only.'],
      [['profile', 'add', 'x', '--scheme', 'bearer', '--token-endpoint', `${base}/oauth/token`], '--token-endpoint applies to --scheme oauth2 only.'],
      [['token', 'pub-bearer'], 'Profile "pub-bearer" uses bearer, not OAuth 2.0: it has no token to obtain.'],
      [['revoke', 'pub-bearer'], 'Profile "pub-bearer" uses bearer, not OAuth 2.0: there is no token to revoke.'],
      [['forget-secrets'], 'forget-secrets deletes every Authdesk keychain entry; add --yes to confirm when not on a terminal.'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args, 'must-not-be-read\n');
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 2, stderr: `authdesk: ${message}\n` });
    }
    const missing = await cli(['token', 'nope']);
    expect(missing.code).toBe(2);
    expect((await cli(['profile', 'list', '--json'])).stdout).not.toContain('"x"');
  }, T);

  it('forget-secrets --yes deletes the keychain entries (in a private keyring of its own)', async () => {
    const { home: isolated, cleanup } = await tempHome();
    const env: NodeJS.ProcessEnv = { ...process.env, AUTHDESK_HOME: isolated, AUTHDESK_DEBUG: '', AUTHDESK_KEYRING_SESSION: '', ENTRY };
    delete env.XDG_RUNTIME_DIR; // the nested keyring gets its own control socket
    const script = `printf 'sandbox-client-secret-42\\n' | node --import tsx "$ENTRY" profile add f --scheme oauth2 --grant client_credentials --token-endpoint ${base}/oauth/token --client-id sandbox-service >/dev/null && node --import tsx "$ENTRY" token f >/dev/null && node --import tsx "$ENTRY" forget-secrets --yes --json && node --import tsx "$ENTRY" token f`;
    const r = await new Promise<Run>((resolve) => {
      const child = spawn('bash', ['scripts/with-keyring.sh', 'bash', '-c', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Run = { code: null, stdout: '', stderr: '' };
      child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString('utf8')));
      child.on('close', (code) => resolve({ ...out, code }));
    });
    transcript.push(r.stdout, r.stderr);
    await cleanup();
    expect(r.code, r.stderr).toBe(3); // the last `token` finds no client_secret any more
    expect(JSON.parse(r.stdout)).toEqual({ deleted: 2 }); // the client_secret and the fingerprint key
    expect(r.stderr).toMatch(/client_secret/);
    expect(r.stderr).toContain('Save it on the profile in the app (its Save or Replace button), or: authdesk rotate "f".'); // the CLI's way too, not only the app's button
  }, T);
});

describe('the system browser opener', () => {
  it('uses xdg-open, open or cmd /c start "" (with cmd operators escaped)', () => {
    const url = 'https://as.example/authorize?a=1&b=2';
    expect(openerFor(url, 'linux')).toEqual({ command: 'xdg-open', args: [url], verbatim: false });
    expect(openerFor(url, 'darwin')).toEqual({ command: 'open', args: [url], verbatim: false });
    expect(openerFor(url, 'win32')).toEqual({ command: 'cmd', args: ['/c', 'start', '""', 'https://as.example/authorize?a=1^&b=2'], verbatim: true });
  });

  it('starts the opener detached with the URL, is disabled by AUTHDESK_NO_BROWSER=1, and opens http(s) only', async () => {
    const env = { ...process.env, PATH: `${fakeBin}${path.delimiter}${process.env.PATH ?? ''}`, OPENED_FILE: opened };
    await rm(opened, { force: true });
    expect(await openInBrowser('https://as.example/authorize?x=1&y=2', env, 'linux')).toBeNull();
    await expect.poll(() => readFile(opened, 'utf8').catch(() => '')).toBe('https://as.example/authorize?x=1&y=2\n');
    expect(await openInBrowser('https://as.example/', { ...env, AUTHDESK_NO_BROWSER: '1' }, 'linux')).toMatch(/disabled/);
    expect(await openInBrowser('file:///etc/passwd', env, 'linux')).toMatch(/http\(s\) URLs/);
    expect(await openInBrowser('https://as.example/', { ...env, PATH: '/nonexistent' }, 'linux')).toBe('xdg-open: ENOENT');
    await new Promise((r) => setTimeout(r, 200));
    expect(await readFile(opened, 'utf8')).toBe('https://as.example/authorize?x=1&y=2\n');
  });
});

describe('leak check', () => {
  it('no client secret in the data directory or in anything the CLI printed', async () => {
    const secrets = [sandbox.info.oauth!.confidential.clientSecret, WRONG_SECRET];
    // an in-process engine's SQLite WAL can vanish mid-scan (its connection is finalized late, on GC): rescan then
    const scan = (): Promise<{ file: string; form: string }[]> =>
      scanPaths([home.home], secrets, ['sandbox-service']).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? scan() : Promise.reject(e)));
    expect(await scan()).toEqual([]);
    expect(findLeaks(transcript.join('\n'), secrets, ['sandbox-service'])).toEqual([]);
  });
});
