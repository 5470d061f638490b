import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../shared/contract';
import { accountFor, Vault } from '../../electron/engine/vault';
import { realKeychain } from '../helpers/keyring';
import { startServer, type TestServer } from '../helpers/servers';
import { json, spawnCli, tempHome } from './helpers';

/**
 * T16 across processes (RFC 9700 §4.14.2): `authdesk send` run three times at once on one signed-in profile whose
 * server rotates refresh tokens and refuses a reused one with invalid_grant. Without a lock, the processes sent the
 * same refresh token; the losers were told to sign in again and deleted the rotated token the winner had just saved,
 * so even the next send needed a sign-in. The race is made certain here: the server holds the first refresh request
 * (5 s at most) until a second one arrives, and answers that second one only once the first's rotated token is in the
 * keychain. Now one process refreshes at a time, each with the newest token: all succeed, no token is sent twice.
 */

const vault = new Vault(realKeychain());
const SLOT = { slot: 'refresh_token', label: 'refresh token', mayBeEmpty: false };
/** How long the server holds the first refresh request for a second one: covers the processes' start-up jitter. */
const HOLD_MS = 5_000;
let server: TestServer;
let home: Awaited<ReturnType<typeof tempHome>>;
let profileId = '';
/** The one refresh token the server accepts now; each refresh replaces it. */
let current = 'rt-0-Kx93v';
let issued = 0;
const accessTokens = new Set<string>();
/** Answers the first refresh request, held while it waits for a second; null when none is held. */
let releaseHeld: (() => void) | null = null;
let heldOnce = false;

const stored = () => vault.resolve({ source: 'keychain', account: accountFor(profileId, SLOT.slot) }, { id: profileId, name: 'ok' }, SLOT).catch(() => null);

/** Resolves when `check` holds, polled every 25 ms, or after `ms` whatever it says. */
async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end && !(await check()); ) await new Promise((r) => setTimeout(r, 25));
}

function answer(res: import('node:http').ServerResponse, sent: string | null): void {
  if (sent !== current) {
    res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'invalid_grant', error_description: 'refresh token already used' }));
    return;
  }
  issued += 1;
  current = `rt-${issued}-Kx93v`;
  const access = `at-${issued}-Kx93v`;
  accessTokens.add(access);
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: access, token_type: 'Bearer', expires_in: 3600, refresh_token: current }));
}

beforeAll(async () => {
  server = await startServer((req, res, body) => {
    if (req.url !== '/token') {
      const ok = accessTokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      return res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok }));
    }
    const sent = new URLSearchParams(body).get('refresh_token');
    void (async () => {
      if (releaseHeld) {
        // A second refresh while the first is held: the race. The first wins; this one is refused once the winner's
        // rotated token is in the keychain (where a loser that deletes on invalid_grant destroys it).
        const release = releaseHeld;
        releaseHeld = null;
        release();
        const winners = current;
        await until(async () => current !== winners && (await stored()) === current, 5_000);
        return answer(res, sent);
      }
      if (!heldOnce) {
        heldOnce = true;
        await new Promise<void>((resolve) => {
          releaseHeld = resolve;
          setTimeout(resolve, HOLD_MS);
        });
        releaseHeld = null;
      }
      answer(res, sent);
    })();
  });
  home = await tempHome();
});
afterAll(async () => {
  if (profileId) await vault.remove({ source: 'keychain', account: accountFor(profileId, SLOT.slot) }, profileId, SLOT.slot);
  await server?.close();
  await home?.cleanup();
});

describe('refresh: several processes at once on one profile', () => {
  it('three sends at once all succeed, each refresh sends the newest refresh token, and the next send still works', async () => {
    const run = (args: string[]) => spawnCli(args, { home: home.home, input: null, timeoutMs: 40_000 });
    const add = await run(['profile', 'add', 'ok', '--scheme', 'oauth2', '--grant', 'authorization_code', '--authorization-endpoint', `${server.url}/authorize`, '--token-endpoint', `${server.url}/token`, '--client-id', 'desk', '--token-endpoint-auth-method', 'none']);
    expect(add.code, add.stderr).toBe(0);
    profileId = json<ProfileView>(await run(['profile', 'show', 'ok', '--json'])).id;
    await vault.saveToKeychain(profileId, SLOT.slot, current); // signed in once

    const runs = await Promise.all([1, 2, 3].map(() => run(['send', 'ok', `${server.url}/api`])));
    expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual([0, 0, 0]);
    for (const r of runs) expect(r.stdout).toContain('access token refreshed');

    const next = await run(['send', 'ok', `${server.url}/api`]);
    expect(next.code, next.stderr).toBe(0);
    const sent = server.seen.filter((r) => r.url === '/token').map((r) => new URLSearchParams(r.body).get('refresh_token'));
    expect(sent).toEqual(['rt-0-Kx93v', 'rt-1-Kx93v', 'rt-2-Kx93v', 'rt-3-Kx93v']); // one at a time, none twice
    expect(await stored()).toBe('rt-4-Kx93v');
  }, 90_000);
});
