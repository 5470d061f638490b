import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { KEYCHAIN_SERVICE } from '../../electron/engine/keychain';
import { dataPaths } from '../../electron/engine/paths';
import type { Profile } from '../../shared/profile';
import { runCli } from '../cli/helpers';
import { realKeychain } from '../helpers/keyring';
import { openTestEngine, type TestEngine } from '../helpers/test-engine';
import { startServer, type TestServer } from '../helpers/servers';

/**
 * A profile reads and deletes only the keychain entries it owns (`profile/<its id>/<slot>`): a copied profile file,
 * or one edited to point at another entry (the install's fingerprint key), is refused with secret_missing (exit 3)
 * and sends nothing; removing it never deletes the entry it points at. Real keychain, real server.
 */

const TOKEN = 'orig-Token-Zq81';
let home: string;
let engine: Engine;
let server: TestServer;

let opened: TestEngine;

beforeAll(async () => {
  server = await startServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok'));
  opened = await openTestEngine('foreign');
  ({ home, engine } = opened);
});
afterAll(async () => {
  await opened.dispose();
  await server.close();
});

/** Writes a copy of profile `of`'s file under a new id and name, with `account` as its token's keychain account. */
async function copyProfile(of: string, name: string, account?: string): Promise<string> {
  const dir = dataPaths(home).profiles;
  const orig = JSON.parse(await readFile(path.join(dir, `${of}.json`), 'utf8')) as Profile;
  const id = randomUUID();
  const ref = account ? { source: 'keychain', account } : orig.secrets.token!.ref;
  await writeFile(path.join(dir, `${id}.json`), JSON.stringify({ ...orig, id, name, secrets: { token: { ...orig.secrets.token, ref } } }));
  return id;
}

const foreign = (name: string) => ({
  code: 'secret_missing',
  message: `The token of profile "${name}" refers to a keychain entry that belongs to another profile (a copied profile file?). Save the secret again on the profile in the app (its Save or Replace button), or: authdesk rotate "${name}".`,
});

describe('a profile file cannot point at a keychain entry it does not own', () => {
  let orig: string;
  beforeAll(async () => {
    orig = (await engine.createProfile({ name: 'orig', clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: TOKEN } })).id;
  });

  it('a copied profile file is refused before anything is sent, even after the original was used in this process', async () => {
    expect((await engine.send({ profileId: orig, url: `${server.url}/a` })).entry.status).toBe(200);
    const copy = await copyProfile(orig, 'copy');
    const before = server.seen.length;
    await expect(engine.send({ profileId: copy, url: `${server.url}/b` })).rejects.toMatchObject(foreign('copy'));
    expect(server.seen.length).toBe(before);
  });

  it('removing the copy leaves the original entry in the keychain; the original still sends its token', async () => {
    expect(await engine.removeProfile('copy')).toEqual({ removed: true, secretsDeleted: 0 });
    const sent = await engine.send({ profileId: orig, url: `${server.url}/c` });
    expect(sent.entry.status).toBe(200);
    expect(server.seen.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('a ref to the install fingerprint key is refused and the key is neither sent nor deleted', async () => {
    const id = await copyProfile(orig, 'fp', 'install/fingerprint-key');
    const key = await realKeychain().getPassword(KEYCHAIN_SERVICE, 'install/fingerprint-key');
    expect(key).not.toBeNull();
    const before = server.seen.length;
    await expect(engine.send({ profileId: id, url: `${server.url}/d` })).rejects.toMatchObject(foreign('fp'));
    expect(server.seen.length).toBe(before);
    expect((await engine.removeProfile('fp')).secretsDeleted).toBe(0);
    expect(await realKeychain().getPassword(KEYCHAIN_SERVICE, 'install/fingerprint-key')).toBe(key);
  });

  it('rotate gives the copy its own entry; both profiles then work with their own token', async () => {
    await copyProfile(orig, 'copy2');
    await engine.replaceSecrets('copy2', { token: 'copy2-Token-Yy34' });
    await engine.send({ profileId: (await engine.getProfile('copy2')).id, url: `${server.url}/e` });
    expect(server.seen.at(-1)?.headers.authorization).toBe('Bearer copy2-Token-Yy34');
    await engine.send({ profileId: orig, url: `${server.url}/f` });
    expect(server.seen.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('CLI: send exits 3 with the fix, profile remove deletes no foreign entry', async () => {
    await copyProfile(orig, 'copy3');
    const sent = await runCli(['send', 'copy3', `${server.url}/g`], { home });
    expect(sent.code).toBe(3);
    expect(sent.stderr).toBe(`authdesk: ${foreign('copy3').message}\n`);
    const removed = await runCli(['profile', 'remove', 'copy3'], { home });
    expect(removed.code).toBe(0);
    expect(removed.stdout).not.toMatch(/and 1 keychain entry/);
    const again = await runCli(['send', 'orig', `${server.url}/h`], { home });
    expect(again.code, again.stderr).toBe(0);
    expect(server.seen.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe('a profile lives in <its id>.json: a copied file under another name is a problem, not a profile', () => {
  const PASSWORD = 'alpha-password-1';

  it('the copy is listed as a problem, cannot be removed, and the original keeps its file and keychain entry', async () => {
    const alpha = await engine.createProfile({ name: 'alpha', clientType: 'confidential', auth: { scheme: 'basic', username: 'u' }, secrets: { password: PASSWORD } });
    const dir = dataPaths(home).profiles;
    const original = path.join(dir, `${alpha.id}.json`);
    const text = await readFile(original, 'utf8');
    const copy = path.join(dir, 'copy.json');
    await writeFile(copy, text.replace('"name": "alpha"', '"name": "evil"'));

    const problem = `${copy}: its id ${alpha.id} does not match its file name; a profile lives in ${alpha.id}.json. A copied file? Give it a new id and file name, or delete it.`;
    const { profiles, problems } = await engine.listProfiles();
    expect(profiles.map((p) => p.name)).not.toContain('evil');
    expect(problems).toContainEqual({ file: copy, message: problem });
    // Looked up by its name, the copy is the answer with its problem (not "no profile named"), and is not removed.
    await expect(engine.removeProfile('evil')).rejects.toMatchObject({ code: 'failed', message: `Profile "evil" cannot be used: ${problem}` });

    const listed = await runCli(['profile', 'list'], { home });
    expect(listed.stderr).toContain(`authdesk: warning: ${problem}\n`);
    const removed = await runCli(['profile', 'remove', 'evil'], { home });
    expect(removed.code).toBe(1);
    expect(removed.stderr).toBe(`authdesk: Profile "evil" cannot be used: ${problem}\n`);

    expect(await readFile(original, 'utf8')).toBe(text);
    expect(await readFile(copy, 'utf8')).toContain('"name": "evil"');
    const sent = await runCli(['send', 'alpha', `${server.url}/alpha`], { home });
    expect(sent.code, sent.stderr).toBe(0);
    expect(server.seen.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from(`u:${PASSWORD}`).toString('base64')}`);
    await rm(copy);
  });
});
