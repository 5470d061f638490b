import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { profileSchema, type Profile } from '../../shared/profile';
import { writeFileAtomic } from './atomic-file';
import { AuthdeskError } from './errors';

/** A profile file that could not be read; it is left untouched on disk (bad input loses nothing). */
export interface ProfileProblem {
  file: string;
  message: string;
}

/**
 * Profiles as one validated JSON file each (`<dir>/<id>.json`), written atomically. A profile file never holds a
 * secret, so the folder is safe to commit to git.
 */
export class ProfileStore {
  constructor(private readonly dir: string) {}

  private fileOf(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  /** All readable profiles sorted by creation time, plus a problem for each file that is not a valid profile. */
  async list(): Promise<{ profiles: Profile[]; problems: ProfileProblem[] }> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: [], problems: [] };
      throw e;
    }
    const profiles: Profile[] = [];
    const problems: ProfileProblem[] = [];
    for (const name of names) {
      const file = path.join(this.dir, name);
      try {
        const parsed = profileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
        if (parsed.success) profiles.push(parsed.data);
        else problems.push({ file, message: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') });
      } catch (e) {
        problems.push({ file, message: e instanceof SyntaxError ? `not valid JSON (${e.message})` : String(e) });
      }
    }
    profiles.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name));
    return { profiles, problems };
  }

  /**
   * A profile by id or by name (case-sensitive, exact).
   * @throws AuthdeskError `not_found` naming the profiles that exist.
   */
  async find(idOrName: string): Promise<Profile> {
    // Fast path (every send): an id names its own file, so read that one file instead of the whole folder.
    if (/^[0-9a-f-]{36}$/.test(idOrName)) {
      const one = await readFile(this.fileOf(idOrName), 'utf8').then(
        (text) => profileSchema.safeParse(JSON.parse(text)),
        () => null,
      ).catch(() => null);
      if (one?.success) return one.data;
    }
    const { profiles } = await this.list();
    const found = profiles.find((p) => p.id === idOrName) ?? profiles.find((p) => p.name === idOrName);
    if (!found) {
      const known = profiles.map((p) => `"${p.name}"`).join(', ');
      throw new AuthdeskError('not_found', `No profile named "${idOrName}".${known ? ` Profiles: ${known}.` : ' There are no profiles yet.'}`);
    }
    return found;
  }

  /** Validates and writes a profile atomically. @throws AuthdeskError `invalid_request` if it does not validate. */
  async save(profile: Profile): Promise<void> {
    const parsed = profileSchema.safeParse(profile);
    if (!parsed.success) throw new AuthdeskError('invalid_request', `Invalid profile: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
    await writeFileAtomic(this.fileOf(profile.id), `${JSON.stringify(parsed.data, null, 2)}\n`);
  }

  /** Deletes a profile's file. */
  async remove(id: string): Promise<void> {
    await rm(this.fileOf(id), { force: true });
  }
}
