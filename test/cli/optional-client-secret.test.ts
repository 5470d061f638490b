import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testKeyPair } from '../helpers/keys';
import { runCli, tempHome } from './helpers';

/**
 * `profile add` with standard input ending before a client_secret (</dev/null): for a grant that does not require
 * client authentication, the message says how to do without one (--token-endpoint-auth-method none); for
 * client_credentials, which requires it, it does not. Real keychain (scripts/with-keyring.sh), in process.
 */

const T = 30_000;
let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome()));
afterEach(async () => home.cleanup());

const ENDED = "authdesk: Standard input ended before the client_secret (line 1). Give one secret per line, in order; an empty line is an empty value (not allowed here).";
const NONE = ': with --token-endpoint-auth-method none, no client_secret is read or sent.';
const add = (args: string[]) => runCli(['profile', 'add', 'p', '--scheme', 'oauth2', '--client-id', 'c', '--token-endpoint', 'http://127.0.0.1:9/token', ...args], { home: home.home, input: '' });

describe('standard input ends before a client_secret', () => {
  it('jwt_bearer: the message says client authentication is optional and names --token-endpoint-auth-method none, which then works', async () => {
    const keyFile = path.join(home.home, 'rsa.key');
    await writeFile(keyFile, (await testKeyPair('RS256', 'rsa')).pkcs8);
    const jwt = ['--grant', 'jwt_bearer', '--jwt-subject', 's', '--key-file', keyFile];
    const r = await add(jwt);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${ENDED} The JWT bearer grant does not require client authentication (RFC 7523 §2.1, §3.1)${NONE}\n`);
    const none = await add([...jwt, '--token-endpoint-auth-method', 'none']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).not.toContain('client_secret');
    expect((await runCli(['profile', 'remove', 'p'], { home: home.home })).code).toBe(0);
  }, T);

  it('authorization_code and device_code (confidential by default): the same hint, naming the public client', async () => {
    const code = await add(['--grant', 'authorization_code', '--authorization-endpoint', 'http://127.0.0.1:9/authorize']);
    expect(code.code).toBe(2);
    expect(code.stderr).toBe(`${ENDED} A public client uses the authorization_code grant without client authentication (RFC 6749 §2.1, RFC 8252 §8.4)${NONE}\n`);
    const device = await add(['--grant', 'device_code', '--device-authorization-endpoint', 'http://127.0.0.1:9/device']);
    expect(device.code).toBe(2);
    expect(device.stderr).toBe(`${ENDED} A public client uses the device_code grant without client authentication (RFC 8628 §3.4, RFC 6749 §2.1)${NONE}\n`);
  }, T);

  it('client_credentials requires client authentication (RFC 6749 §4.4): no such hint', async () => {
    const r = await add(['--grant', 'client_credentials']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${ENDED}\n`);
  }, T);
});
