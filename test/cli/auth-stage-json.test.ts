import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { json, runCli, tempHome } from './helpers';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome()));
afterEach(async () => home.cleanup());

/**
 * A secret value the scheme cannot send (a line break that would add a header; a Basic user-id with a colon, RFC 7617
 * §2) fails the auth stage like a missing secret: nothing goes out, exit 3, and `send --json` prints its one object
 * `{…, failure: "auth_flow", error}` (it printed nothing and exited 2, as if the request were malformed).
 */
describe('send: a secret value that cannot be sent', () => {
  it('a bearer token with a line break: exit 3, one JSON object, the value nowhere', async () => {
    const token = 'EnvTok-Line1\nX-Injected: yes';
    expect((await runCli(['profile', 'add', 'eb', '--scheme', 'bearer', '--secret-env', 'TRIAL_TOK', '--base-url', 'http://127.0.0.1:9'], { home: home.home, input: '' })).code).toBe(0);
    const run = await runCli(['send', 'eb', '/n', '--json'], { home: home.home, env: { TRIAL_TOK: token } });
    expect(run.code).toBe(3);
    const out = json<{ failure: string; error: string; status: null; historyId: null }>(run);
    expect(out).toMatchObject({ failure: 'auth_flow', status: null, historyId: null });
    expect(out.error).toMatch(/cannot carry/);
    expect(run.stderr).toMatch(/cannot carry/);
    expect(findLeaks(run.stdout + run.stderr, ['EnvTok-Line1', token])).toEqual([]);
    expect(await scanPaths([home.home], ['EnvTok-Line1'])).toEqual([]);
  });

  it('a Basic user-id with a colon: exit 3 and one JSON object', async () => {
    const add = await runCli(['profile', 'add', 'bu', '--scheme', 'basic', '--secret-username', '--secret-env', 'TRIAL_U', '--secret-env', 'TRIAL_P', '--base-url', 'http://127.0.0.1:9'], { home: home.home, input: '' });
    expect(add.code).toBe(0);
    const run = await runCli(['send', 'bu', '/x', '--json'], { home: home.home, env: { TRIAL_U: 'a:b', TRIAL_P: 'Basic-Pass-55x' } });
    expect(run.code).toBe(3);
    expect(json(run)).toMatchObject({ failure: 'auth_flow', status: null });
    expect(findLeaks(run.stdout + run.stderr, ['Basic-Pass-55x'])).toEqual([]);
  });
});
