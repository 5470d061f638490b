import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE } from '../../electron/engine/keychain';
import { Vault } from '../../electron/engine/vault';
import { realKeychain } from '../helpers/keyring';
import { scanPaths } from '../helpers/leak-scan';

const run = promisify(execFile);

describe('OS keychain (real Secret Service over D-Bus)', () => {
  it('stores, reads, fingerprints and deletes a secret, including an empty one', async () => {
    const vault = new Vault(realKeychain());
    const id = `test-${Date.now()}`;
    const saved = await vault.saveToKeychain(id, 'password', 'pä:ss€');
    const empty = await vault.saveToKeychain(id, 'empty', '');
    expect(saved.ref).toEqual({ source: 'keychain', account: `profile/${id}/password` });
    expect(saved.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(saved.fingerprint).toBe(await vault.fingerprint('pä:ss€'));
    expect(saved.fingerprint).not.toBe(await vault.fingerprint('pä:ss€ '));
    const owner = { id, name: 'p' };
    const password = { slot: 'password', label: 'password', mayBeEmpty: true };
    expect(await vault.resolve(saved.ref, owner, password)).toBe('pä:ss€');
    expect(await vault.resolve(empty.ref, owner, { ...password, slot: 'empty' })).toBe('');
    expect(await vault.remove(saved.ref, id, 'password')).toBe(true);
    expect(await vault.remove(empty.ref, id, 'empty')).toBe(true);
    await expect(vault.resolve(saved.ref, owner, password)).rejects.toThrow(/not in the keychain any more/);
    const left = (await realKeychain().findCredentials(KEYCHAIN_SERVICE)).filter((e) => e.account.includes(id));
    expect(left).toEqual([]);
  });

  it('T21: with no Secret Service it says how to fix it, writes nothing, and neither hangs nor crashes', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'authdesk-nokc-'));
    const secret = 'never-on-disk-ü/+=9';
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    delete env.DISPLAY;
    const started = Date.now();
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'test/fixtures/no-keychain.mts', home, secret], { env, timeout: 20_000 });
    const out = JSON.parse(stdout);
    expect(out.status.available).toBe(false);
    expect(out.status.message).toMatch(/Secret Service/);
    expect(out.status.message).toMatch(/--secret-env/);
    expect(out.createError.code).toBe('keychain_unavailable');
    expect(out.createError.message).toMatch(/Nothing was written in plaintext/);
    expect(out.profiles).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await scanPaths([home], [secret])).toEqual([]);
    expect(stdout + stderr).not.toContain(secret);
  });
});
