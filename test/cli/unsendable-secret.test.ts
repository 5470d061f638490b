import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE } from '../../electron/engine/keychain';
import { realKeychain } from '../helpers/keyring';
import { findLeaks } from '../helpers/leak-scan';
import { runCli, tempHome } from './helpers';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome()));
afterEach(async () => home.cleanup());

const keychainAccounts = async () => (await realKeychain().findCredentials(KEYCHAIN_SERVICE)).map((e) => e.account);

/**
 * A secret the scheme could never send (non-ASCII in a header, RFC 9110 §5.5) is refused when it is saved — by
 * `profile add` and by `rotate` — with the field named, instead of at the first send after it is in the keychain.
 */
describe('a secret value no request could carry', () => {
  it('profile add: exit 2 naming the header; no profile file and no keychain entry', async () => {
    const before = await keychainAccounts();
    const run = await runCli(['profile', 'add', 'uk', '--scheme', 'apikey', '--in', 'header', '--param', 'X-Api-Key'], { home: home.home, input: 'clé-ünïcode-123\n' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('The API key for header X-Api-Key has characters the X-Api-Key header cannot carry');
    expect(await readdir(path.join(home.home, 'profiles')).catch(() => [])).toEqual([]);
    expect(await keychainAccounts()).toEqual(before);
    expect(findLeaks(run.stdout + run.stderr, ['clé-ünïcode-123'])).toEqual([]);
  });

  it('rotate: exit 2, the saved token stays and is still the one sent', async () => {
    expect((await runCli(['profile', 'add', 'bt', '--scheme', 'bearer'], { home: home.home, input: 'ascii-token-123\n' })).code).toBe(0);
    const shown = (await runCli(['profile', 'show', 'bt', '--json'], { home: home.home })).stdout;
    const run = await runCli(['rotate', 'bt'], { home: home.home, input: 'tök€n-value-456\n' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('The token has characters the Authorization header cannot carry');
    expect(findLeaks(run.stdout + run.stderr, ['tök€n-value-456', 'ascii-token-123'])).toEqual([]);
    expect((await runCli(['profile', 'show', 'bt', '--json'], { home: home.home })).stdout).toBe(shown);
  });

  it('a secret too short to be masked by value is saved with a warning (profile add and rotate), the value not quoted', async () => {
    const add = await runCli(['profile', 'add', 'sp', '--scheme', 'basic', '--username', 'u'], { home: home.home, input: 'S3p\n' });
    expect(add.code).toBe(0);
    expect(add.stderr).toContain('authdesk: Warning: The password is 3 characters long: too short to be masked by value');
    const rotate = await runCli(['rotate', 'sp'], { home: home.home, input: 'Q9\n' });
    expect(rotate.code).toBe(0);
    expect(rotate.stderr).toContain('The password is 2 characters long');
    expect((await runCli(['rotate', 'sp'], { home: home.home, input: 'long-enough-1\n' })).stderr).toBe('');
    expect(add.stderr + rotate.stderr).not.toMatch(/S3p|Q9/);
  });
});
