import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { ROOT, tempHome } from './helpers';

const run = promisify(execFile);
const SECRET = 'Locked-Keyring-Secret-7q';

/**
 * A locked Secret Service collection (a login keyring not unlocked, a session over SSH): libsecret then answers every
 * lookup with "no entry", deletes nothing while saying "not found", and keytar's findCredentials crashes the process
 * (SIGSEGV). The commands a user reaches for must say the keychain is locked (exit 3), neither crash nor pretend:
 * `profile remove` keeps the profile and its secret, `forget-secrets` deletes nothing it cannot. The scenario runs in a
 * keyring of its own (test/fixtures/locked-keychain.sh under scripts/with-keyring.sh): locking the shared one would
 * disturb the tests running beside this one.
 */
describe('a locked keychain (TRAPS T21)', () => {
  let home: { home: string; cleanup: () => Promise<void> };
  let out = '';
  beforeAll(async () => {
    home = await tempHome();
    const env = { ...process.env };
    delete env.AUTHDESK_KEYRING_SESSION;
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const r = await run('bash', ['scripts/with-keyring.sh', 'bash', 'test/fixtures/locked-keychain.sh', home.home, SECRET], { cwd: ROOT, env, timeout: 60_000 });
    out = r.stdout + r.stderr;
  }, 70_000);
  afterAll(() => home.cleanup());

  it('send, profile remove and forget-secrets exit 3 saying the collection is locked; none crashes', () => {
    for (const command of ['send locked /x', 'profile remove locked', 'forget-secrets --yes']) {
      expect(out, command).toContain(`${command} exit=3\n  authdesk: The OS keychain is not available (the keyring is locked; unlock it and try again. A test write said: Cannot create an item in a locked collection).`);
    }
    expect(out).not.toMatch(/exit=(0|139)/);
  });

  it('nothing is lost: the profile file and its keychain entry are both still there once unlocked', () => {
    expect(out).toContain('entries=1 profiles=1');
  });

  it('the secret is in no output and no file of the data folder, in any encoding', async () => {
    expect(findLeaks(out, [SECRET])).toEqual([]);
    expect(await scanPaths([home.home], [SECRET])).toEqual([]);
  });
});
