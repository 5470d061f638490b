import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliFlowHost } from '../../electron/cli/flow-host';
import { startServer, type TestServer } from '../helpers/servers';
import { json, spawnCli, tempHome } from './helpers';

/**
 * New-user trial: text a server chose reached the terminal as it was. A device endpoint's verification_uri with ESC
 * sequences cleared the screen, a `javascript:` verification_uri_complete was offered as a link, and `authdesk send`
 * printed a body of random bytes with its ESC and BEL bytes raw. The built CLI, as a process, must print every such
 * character as a visible escape, offer only http(s) URIs, and keep --json valid JSON with the same values.
 */

const CLEAR = '\x1b[2J\x1b[31mPWNED\x07';
/** Every byte but NUL (a NUL makes the preview a "[binary body]" note), then the named hostile characters. */
const BYTES = Buffer.concat([
  Buffer.from(Array.from({ length: 255 }, (_, i) => i + 1)),
  Buffer.from(`\nline1\tcol\r\nline2 ${CLEAR} \u009b31m csi \u202eevil\u202c lone\rCR end\n`, 'utf8'),
]);
/** The characters a terminal acts on, which must never be in the output raw (newline and tab aside). */
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|\r(?!\n)/u;

let server: TestServer;
let home: Awaited<ReturnType<typeof tempHome>>;
let fakeBin: string;
let opened: string;

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/bytes') return res.writeHead(200, { 'Content-Type': 'text/plain' }).end(BYTES);
    if (req.url === '/device') {
      // RFC 8628 §3.2, answered by a hostile server: ESC sequences in the user code, a javascript: link
      const answer = { device_code: 'dc-term-1', user_code: `WDJB-${CLEAR}`, verification_uri: `${server.url}/verify`, verification_uri_complete: 'javascript:alert(1)', expires_in: 60, interval: 1 };
      return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
    }
    if (req.url === '/device-esc-uri') {
      const answer = { device_code: 'dc-term-3', user_code: 'WDJB-MJHT', verification_uri: `${server.url}/verify${CLEAR}`, expires_in: 60, interval: 1 };
      return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
    }
    if (req.url === '/device-js') {
      const answer = { device_code: 'dc-term-2', user_code: 'WDJB-MJHT', verification_uri: 'javascript:alert(1)', expires_in: 60, interval: 1 };
      return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
    }
    if (req.url === '/token-forged-line') {
      // An error_description with a line break that forges a second line of Authdesk's own output.
      return res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client', error_description: 'line1\nauthdesk: Saved OK, everything is fine' }));
    }
    res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'access_denied' }));
  });
  home = await tempHome();
  fakeBin = await mkdtemp(path.join(os.tmpdir(), 'authdesk-bin-'));
  opened = path.join(fakeBin, 'opened.txt');
  await writeFile(path.join(fakeBin, 'xdg-open'), '#!/bin/sh\nprintf \'%s\\n\' "$1" >> "$OPENED_FILE"\n');
  await chmod(path.join(fakeBin, 'xdg-open'), 0o755);
  const add = await spawnCli(['profile', 'add', 'bt', '--scheme', 'bearer'], { home: home.home, input: 'tok-Term-8812\n', built: true });
  expect(add.code, add.stderr).toBe(0);
});
afterAll(async () => {
  await server?.close();
  await home?.cleanup();
  await rm(fakeBin, { recursive: true, force: true });
});

/** The fake opener on PATH, recording each URL it is given; the browser is not disabled. */
const openerEnv = () => ({ PATH: `${fakeBin}${path.delimiter}${process.env.PATH ?? ''}`, OPENED_FILE: opened, AUTHDESK_NO_BROWSER: '' });

describe('CLI output of server-chosen text', () => {
  it('send: a body of random bytes is printed with its control and bidi characters as visible escapes', async () => {
    const run = await spawnCli(['send', 'bt', `${server.url}/bytes`], { home: home.home, built: true });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toContain('\\x1b[2J\\x1b[31mPWNED\\x07');
    expect(run.stdout).toContain('\\u009b31m csi \\u202eevil\\u202c lone\\rCR end');
    expect(run.stdout).toContain('\\x01\\x02\\x03');
    // newlines, tabs and CRLF line ends are the body's own layout, kept
    expect(run.stdout).toContain('\nline1\tcol\r\nline2 ');
  }, 60_000);

  it('send --json: valid JSON with the same body, and no raw control character on stdout', async () => {
    const run = await spawnCli(['send', 'bt', `${server.url}/bytes`, '--json'], { home: home.home, built: true });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    const body = json<{ bodyPreview: string }>(run).bodyPreview;
    expect(body).toContain(`line2 ${CLEAR} \u009b31m csi \u202eevil\u202c lone\rCR end`);
    expect(body.startsWith('\u0001\u0002')).toBe(true);
  }, 60_000);

  it('token (device flow): ESC sequences shown escaped; a verification_uri that is not http(s) refused, a verification_uri_complete dropped; never opened', async () => {
    await rm(opened, { force: true });
    for (const [name, endpoint] of [['dv-esc', '/device'], ['dv-js', '/device-js'], ['dv-esc-uri', '/device-esc-uri']]) {
      const add = await spawnCli(
        ['profile', 'add', name!, '--scheme', 'oauth2', '--grant', 'device_code', '--client-type', 'public', '--device-authorization-endpoint', `${server.url}${endpoint}`, '--token-endpoint', `${server.url}/t`, '--client-id', 'tv', '--token-endpoint-auth-method', 'none'],
        { home: home.home, built: true },
      );
      expect(add.code, add.stderr).toBe(0);
    }
    // the javascript: verification_uri_complete is dropped by the engine (oauth/device.ts), the user code shown escaped
    const esc = await spawnCli(['token', 'dv-esc'], { home: home.home, built: true, env: openerEnv() });
    expect(esc.code, esc.stderr).toBe(3);
    for (const out of [esc.stdout, esc.stderr]) expect(out).not.toMatch(RAW_CONTROL);
    expect(esc.stderr).toContain(`To sign in, visit ${server.url}/verify\n`);
    expect(esc.stderr).toContain('    WDJB-\\x1b[2J\\x1b[31mPWNED\\x07\n');
    expect(esc.stderr).not.toContain('javascript:');
    expect(esc.stderr).not.toContain('Or open');

    // a verification_uri that is not an absolute http(s) URI is refused by the engine before anything is shown
    for (const [name, why] of [['dv-js', 'its scheme is "javascript:", not http: or https:'], ['dv-esc-uri', 'it holds control characters or spaces, which no URI may (RFC 3986 §2)']]) {
      const run = await spawnCli(['token', name!], { home: home.home, built: true, env: openerEnv() });
      expect(run.code, run.stderr).toBe(3);
      for (const out of [run.stdout, run.stderr]) expect(out).not.toMatch(RAW_CONTROL);
      expect(run.stderr).toContain(`authdesk: The device authorization endpoint sent a verification_uri that is not an http: or https: URI (${why}). Refused:`);
      expect(run.stderr).not.toMatch(/visit|javascript:alert|PWNED/);
    }
    expect(await readFile(opened, 'utf8').catch(() => '')).toBe('');
  }, 60_000);

  it('the device instructions stay safe on their own: a hostile step that did not come through the engine is shown escaped', () => {
    let stderr = '';
    const host = cliFlowHost({ stdin: process.stdin, stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, env: process.env, cwd: process.cwd(), waitForStop: () => Promise.resolve() }, 'linux');
    host.onProgress({ step: 'device_code', userCode: `WDJB-${CLEAR}`, verificationUri: `https://as.example/verify${CLEAR}`, verificationUriComplete: 'javascript:alert(1)', expiresAt: Date.now() + 60_000 });
    expect(stderr).not.toMatch(RAW_CONTROL);
    expect(stderr).toContain("Warning: the server's verification_uri is not a plain http(s) URL, so it is not offered as a link: https://as.example/verify\\x1b[2J\\x1b[31mPWNED\\x07");
    expect(stderr).toContain('    WDJB-\\x1b[2J\\x1b[31mPWNED\\x07\n');
    expect(stderr).toContain("Warning: the server's verification_uri_complete is not a plain http(s) URL, so it is not offered as a link: javascript:alert(1)");
    expect(stderr).not.toContain('Or open');
  });

  it('an interactive sign-in URL that is not plain http(s) is shown escaped and never reaches the opener', async () => {
    await rm(opened, { force: true });
    let stderr = '';
    const host = cliFlowHost({ stdin: process.stdin, stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, env: { ...process.env, ...openerEnv() }, cwd: process.cwd(), waitForStop: () => Promise.resolve() }, 'linux');
    await host.openBrowser('javascript:alert(1)');
    await host.openBrowser(`https://as.example/authorize?x=1${CLEAR}`);
    expect(stderr).not.toMatch(RAW_CONTROL);
    expect(stderr).toContain('Warning: the sign-in URL is not a plain http(s) URL, so it was not opened: javascript:alert(1).');
    expect(stderr).toContain('so it was not opened: https://as.example/authorize?x=1\\x1b[2J\\x1b[31mPWNED\\x07.');
    // the opener works: a plain https URL does reach it
    await host.openBrowser('https://as.example/authorize?x=1');
    await expect.poll(() => readFile(opened, 'utf8').catch(() => ''), { timeout: 5_000 }).toBe('https://as.example/authorize?x=1\n');
  }, 30_000);
});

describe('CLI error messages quoting server text', () => {
  it('stay on one line: a line break in an error_description is printed as \\n, so it cannot forge a line of output', async () => {
    const add = await spawnCli(['profile', 'add', 'forge', '--scheme', 'oauth2', '--grant', 'client_credentials', '--token-endpoint', `${server.url}/token-forged-line`, '--client-id', 'cid'], { home: home.home, input: 'cs-Forge-7713\n', built: true });
    expect(add.code, add.stderr).toBe(0);
    const run = await spawnCli(['token', 'forge'], { home: home.home, built: true });
    expect(run.code).toBe(3);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(run.stderr).toContain('invalid_client: line1\\nauthdesk: Saved OK, everything is fine');
  }, 60_000);
});
