import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeaks } from '../helpers/leak-scan';
import { runCli, startRecorder, tempHome } from './helpers';

/**
 * `authdesk token NAME --timeout MS`: a token endpoint that never answers ends after MS with the bound stated
 * exactly (the message advises raising the timeout, so `token` has the option, as `send` does), exit 3; a bad value
 * is the same usage error as `send --timeout`, exit 2.
 */

let recorder: Awaited<ReturnType<typeof startRecorder>>;
let home: Awaited<ReturnType<typeof tempHome>>;
const env = { CC_SECRET: 'cc-secret-Hang-31' };
const cli = (args: string[]) => runCli(args, { home: home.home, env });

beforeAll(async () => {
  recorder = await startRecorder();
  home = await tempHome();
  const add = await cli(['profile', 'add', 'slow', '--scheme', 'oauth2', '--grant', 'client_credentials', '--token-endpoint', `${recorder.url}/hang`, '--client-id', 'svc', '--secret-env', 'CC_SECRET']);
  expect(add.code, add.stderr).toBe(0);
});
afterAll(async () => {
  await recorder?.close();
  await home?.cleanup();
});

describe('token --timeout', () => {
  it('bounds the token request: exit 3 after the bound, which the message states', async () => {
    const started = performance.now();
    const r = await cli(['token', 'slow', '--timeout', '1500']);
    const took = performance.now() - started;
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/^authdesk: No answer from the OAuth endpoint at http:\/\/127\.0\.0\.1:\d+ within 1\.5 s\. Check that it is up and reachable, or raise the timeout\.\n$/);
    expect(took).toBeGreaterThanOrEqual(1400);
    expect(took).toBeLessThan(10_000);
    expect(recorder.requests.filter((q) => q.url === '/hang')).toHaveLength(1);
  });

  it('with --json, still prints one object when no token came: {profile, failure, error}, exit 3', async () => {
    const r = await cli(['token', 'slow', '--timeout', '1000', '--json']);
    expect(r.code, r.stderr).toBe(3);
    const printed = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(printed)).toEqual(['profile', 'failure', 'error']);
    expect(printed).toMatchObject({ profile: 'slow', failure: 'auth_flow', error: expect.stringMatching(/^No answer from the OAuth endpoint at http:\/\/127\.0\.0\.1:\d+ within 1 s\./) });
    expect(r.stderr).toBe(`authdesk: ${String(printed.error)}\n`);
    expect(findLeaks(`${r.stdout}${r.stderr}`, [env.CC_SECRET], ['svc'])).toEqual([]);
  });

  it('refuses a bad value as send does (exit 2, same message)', async () => {
    for (const command of [['token', 'slow'], ['send', 'slow', `${recorder.url}/x`]]) {
      const r = await cli([...command, '--timeout', '5']);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: 'authdesk: --timeout must be a whole number from 100 to 600000, not "5".\n' });
    }
  });
});
