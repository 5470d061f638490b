import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProfileStore } from '../../electron/engine/profile-store';
import type { Profile } from '../../shared/profile';

/**
 * ProfileStore.find says what is wrong (an unreadable file by name and problem, an id that has no file, names in
 * files that could not be read), and a send's lookup rides out a profile file that is briefly missing or half-written.
 */

const profile = (name: string): Profile => ({
  version: 1,
  id: randomUUID(),
  name,
  clientType: 'confidential',
  createdAt: new Date().toISOString(),
  auth: { scheme: 'bearer', prefix: 'Bearer' },
  secrets: {},
});

let root: string;
let dir: string;
let store: ProfileStore;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'authdesk-lookup-'));
  dir = path.join(root, 'profiles');
  store = new ProfileStore(dir);
});
afterEach(async () => {
  store.close();
  await rm(root, { recursive: true, force: true });
});

const elapsed = async <T>(run: () => Promise<T>): Promise<{ ms: number; result: PromiseSettledResult<T> }> => {
  const t = performance.now();
  const [result] = await Promise.allSettled([run()]);
  return { ms: performance.now() - t, result: result! };
};

describe('ProfileStore.find reports what it found', () => {
  it('an id whose file is not valid JSON: failed (not a usage error), naming the file and the problem', async () => {
    const p = profile('p');
    await store.save(p);
    const file = path.join(dir, `${p.id}.json`);
    await writeFile(file, '{ "version": 1, "id": ');
    const fresh = new ProfileStore(dir);
    await expect(fresh.find(p.id)).rejects.toMatchObject({ code: 'failed', message: expect.stringContaining(`could not read ${file}: not valid JSON`) });
    // By name: the unreadable file is named instead of "There are no profiles yet".
    const byName = fresh.find('p');
    await expect(byName).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/^No profile named "p"\. 1 profile file could not be read: could not read .*: not valid JSON/) });
    await expect(fresh.find('p')).rejects.not.toThrow(/no profiles yet/);
    fresh.close();
  });

  it('an id with no file: "No profile with id", not "named"; a name among unreadable files lists them', async () => {
    await store.save(profile('kept'));
    const ghost = randomUUID();
    await expect(store.find(ghost)).rejects.toMatchObject({ code: 'not_found', message: `No profile with id ${ghost}: there is no file ${path.join(dir, `${ghost}.json`)}. Profiles: "kept".` });
    await writeFile(path.join(dir, 'a.json'), 'nope');
    await writeFile(path.join(dir, 'b.json'), '{}');
    await expect(store.find('ghost')).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/^No profile named "ghost"\. Profiles: "kept"\. 2 profile files could not be read: could not read .*a\.json: not valid JSON.*; could not read .*b\.json: /) });
    await rm(dir, { recursive: true });
    await expect(store.find(ghost)).rejects.toMatchObject({ code: 'not_found', message: `No profile with id ${ghost}: the profiles folder ${dir} does not exist.` });
  });
});

describe('ProfileStore.find by name among many profiles', () => {
  /** A file with a profile's "id" and "name" that the schema refuses (no auth, no version). */
  const broken = async (name: string) => {
    const id = randomUUID();
    await writeFile(path.join(dir, `${id}.json`), JSON.stringify({ id, name, clientType: 'confidential' }));
    return id;
  };

  it('finds each of 40 profiles by name; a broken file with that name is a problem, not a match; two valid ones conflict', async () => {
    const saved = Array.from({ length: 40 }, (_, i) => profile(`p${i}`));
    for (const p of saved) await store.save(p);
    await broken('p7');
    await broken('other');
    const fresh = new ProfileStore(dir);
    try {
      for (const i of [0, 7, 16, 39]) expect((await fresh.find(`p${i}`)).id).toBe(saved[i]!.id);
      // Only a broken file has that name: it is the answer, named with its problem (not the list of every profile).
      await expect(fresh.find('other')).rejects.toMatchObject({ code: 'failed', message: expect.stringMatching(/^Profile "other" cannot be used: could not read .*\.json: /) });
      await expect(fresh.find('other')).rejects.not.toThrow(/"p0"/);
      // Not found at all: the whole folder is read to say what exists, with both broken files.
      await expect(fresh.find('ghost')).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/^No profile named "ghost"\. Profiles: ("p\d+", ){39}"p\d+"\. 2 profile files could not be read: /) });
      // A copied file (its id is another's) named "copied": the same, with the misfiled sentence.
      const copy = { ...saved[3]!, name: 'copied' };
      await writeFile(path.join(dir, `${randomUUID()}.json`), JSON.stringify(copy));
      await expect(fresh.find('copied')).rejects.toMatchObject({ code: 'failed', message: expect.stringMatching(/^Profile "copied" cannot be used: .*: its id .* does not match its file name/) });
      const twin = { ...profile('p7') };
      await fresh.save(twin);
      await expect(fresh.find('p7')).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining(`2 profiles are named "p7"`) });
      expect((await fresh.list()).profiles).toHaveLength(41); // the copy is not a profile
    } finally {
      fresh.close();
    }
  });
});

describe("a send's lookup rides out a profile file that is briefly unavailable", () => {
  it('the folder moved away and back within 1 s: the lookup waits for it, and the folder is watched again', async () => {
    const p = profile('moved');
    await store.save(p);
    expect((await store.find(p.id, 'watched')).name).toBe('moved');
    expect((await store.find(p.id, 'watched')).name).toBe('moved');
    await rename(dir, `${dir}.gone`);
    const back = new Promise((r) => setTimeout(r, 400)).then(() => rename(`${dir}.gone`, dir));
    await new Promise((r) => setTimeout(r, 50)); // the watcher's event is delivered (a send racing the move may still use the profile)
    const { ms, result } = await elapsed(() => store.find(p.id, 'watched'));
    await back;
    expect(result).toMatchObject({ status: 'fulfilled', value: { name: 'moved' } });
    expect(ms).toBeGreaterThan(250);
    // The folder came back: a watcher runs on it again (a missing folder did not turn watching off for good).
    expect((await store.find(p.id, 'watched')).name).toBe('moved');
    expect((store as unknown as { watcher: unknown }).watcher).not.toBeNull();
  });

  it('a half-written file (a non-atomic save) for 0.5 s: the lookup gets the whole file', async () => {
    const p = profile('half');
    await store.save(p);
    expect((await store.find(p.id, 'watched')).name).toBe('half');
    const file = path.join(dir, `${p.id}.json`);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, text.length / 2));
    const whole = new Promise((r) => setTimeout(r, 500)).then(() => writeFile(file, text.replace('"half"', '"whole"')));
    await new Promise((r) => setTimeout(r, 50));
    const looked = await elapsed(() => store.find(p.id, 'watched'));
    await whole;
    expect(looked.result).toMatchObject({ status: 'fulfilled', value: { name: 'whole' } });
  });

  it('a file really removed stops after the bound with the accurate message; a profile never read fails at once', async () => {
    const p = profile('removed');
    await store.save(p);
    expect((await store.find(p.id, 'watched')).name).toBe('removed');
    await rm(path.join(dir, `${p.id}.json`));
    await new Promise((r) => setTimeout(r, 50));
    const first = await elapsed(() => store.find(p.id, 'watched'));
    expect(first.ms).toBeGreaterThan(900);
    expect(first.ms).toBeLessThan(3000);
    expect(first.result).toMatchObject({ status: 'rejected', reason: { code: 'failed', message: expect.stringContaining(`No profile with id ${p.id} any more: there is no file`) } });
    // Given up once: the next lookup does not wait again.
    const again = await elapsed(() => store.find(p.id, 'watched'));
    expect(again.ms).toBeLessThan(500);
    expect(again.result).toMatchObject({ status: 'rejected', reason: { code: 'not_found' } });
    // A broken file that this store never read is reported at once, as a failure naming the file.
    const other = profile('never-read');
    await writeFile(path.join(dir, `${other.id}.json`), '{');
    const broken = await elapsed(() => store.find(other.id, 'watched'));
    expect(broken.ms).toBeLessThan(500);
    expect(broken.result).toMatchObject({ status: 'rejected', reason: { code: 'failed', message: expect.stringContaining('not valid JSON') } });
  });
});
