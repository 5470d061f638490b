import { statSync, watch, type FSWatcher } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ZodError } from 'zod';
import { shellQuote } from '../../shared/curl-export';
import { deepFreeze } from '../../shared/deep-freeze';
import { profileSchema, type Profile } from '../../shared/profile';
import { writeFileAtomic } from './atomic-file';
import { AuthdeskError } from './errors';
import { readCapped, sameStamp, type FileStamp } from './profile-file';

/**
 * A profile file that could not be read or whose id does not match its file name, or a name that several profiles share
 * (`file`: the first of them). Files are left untouched on disk (bad input loses nothing).
 */
export interface ProfileProblem {
  file: string;
  /** A sentence for the user, naming the file. */
  message: string;
}

/** A profile and the file it was read from. */
interface ProfileFile {
  file: string;
  profile: Profile;
}

/**
 * The sentence for a name that several profiles share (two files edited by hand): their ids and files, and what to do.
 * A lookup by that name is refused rather than picking one.
 */
function sharedName(name: string, same: readonly ProfileFile[]): string {
  const which = same.map((r) => `${r.profile.id} (${r.file})`).join(', ');
  return `${same.length} profiles are named "${name}": ${which}. Use an id instead of the name (for example authdesk profile show ${same[0]!.profile.id}), or rename one of them: change "name" in its file.`;
}

/** The sentence for a profile file whose id does not match its file name (a copied file): what it is and what to do. */
function misfiled(file: string, id: string): string {
  return `${file}: its id ${id} does not match its file name; a profile lives in ${id}.json. A copied file? Give it a new id and file name, or delete it.`;
}

/**
 * Profiles as one validated JSON file each (`<dir>/<id>.json`), written atomically. A profile file never holds a
 * secret, so the folder is safe to commit to git.
 */
export class ProfileStore {
  /**
   * Parsed profiles by file, valid while the file's inode, size, mtime and ctime stay the same. Every write is an atomic
   * rename (a new inode), so an edit by this process, another process (the CLI beside the app) or a user's editor
   * is seen on the next read; only the parse is saved, never the check.
   */
  private readonly parsed = new Map<string, { stamp: FileStamp; profile: Profile }>();
  /**
   * Files whose {@link parsed} entry a stat found current while the folder's watcher ran, and since which the watcher
   * reported nothing: {@link find} with `'watched'` serves them without a stat. Any event in the folder clears it.
   */
  private readonly confirmed = new Set<string>();
  /** The folder's watcher (inotify, FSEvents, ReadDirectoryChangesW); null until the next confirmation after an event. */
  private watcher: FSWatcher | null = null;
  /** Files read (parsed and validated) by this store: a send rides out a brief absence of one (see {@link find}). */
  private readonly seen = new Set<string>();
  /** The folder cannot be watched (no inotify watch left, a file system without events): every lookup stats. */
  private unwatchable = false;

  private readonly dir: string;

  /** @param dir the profiles folder (normalised here, so file paths are built by concatenation on every send) */
  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  private fileOf(id: string): string {
    return `${this.dir}${path.sep}${id}.json`;
  }

  /** The lock file that serialises changes of a profile's secrets across processes (see withFileLock); not a profile. */
  lockFileOf(id: string): string {
    return `${this.dir}${path.sep}${id}.lock`;
  }

  /**
   * All readable profiles (deep-frozen) sorted by creation time, plus a problem for each file that is not a valid
   * profile and one for each name that several profiles share (see {@link sharedName}).
   */
  async list(): Promise<{ profiles: Profile[]; problems: ProfileProblem[] }> {
    const { read, problems } = await this.readAll();
    const byName = new Map<string, ProfileFile[]>();
    for (const one of read) byName.set(one.profile.name, [...(byName.get(one.profile.name) ?? []), one]);
    for (const [name, same] of byName) if (same.length > 1) problems.push({ file: same[0]!.file, message: sharedName(name, same) });
    return { profiles: read.map((r) => r.profile), problems };
  }

  /**
   * Every profile file read, sorted by creation time then name, a problem for each file that could not be, and whether
   * the profiles folder itself is missing. Files are read {@link READ_PARALLEL} at a time. With `only` (a lookup by id
   * or name), a file whose JSON names another profile (its "name" and "id" strings both differ from `only`) is skipped
   * unvalidated: neither read nor problem (see {@link readOne}).
   */
  private async readAll(only?: string): Promise<{ read: ProfileFile[]; problems: ProfileProblem[]; named: ProfileProblem[]; folderMissing: boolean }> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { read: [], problems: [], named: [], folderMissing: true };
      throw unreadableFolder(this.dir, e);
    }
    const files = names.map((n) => path.join(this.dir, n));
    const present = new Set(files);
    for (const file of this.parsed.keys()) if (!present.has(file)) this.parsed.delete(file);
    const got: ({ profile: Profile | null } | { problem: unknown })[] = [];
    for (let i = 0; i < files.length; i += READ_PARALLEL) {
      const batch = files.slice(i, i + READ_PARALLEL);
      got.push(...(await Promise.all(batch.map((file) => this.readOne(file, only).then((profile) => ({ profile }), (problem: unknown) => ({ problem }))))));
    }
    const read: ProfileFile[] = [];
    const problems: ProfileProblem[] = [];
    const named: ProfileProblem[] = [];
    got.forEach((g, i) => {
      const file = files[i]!;
      if (!('problem' in g)) {
        if (g.profile) read.push({ file, profile: g.profile });
        return;
      }
      const problem = g.problem instanceof NamedProblem ? g.problem.cause : g.problem;
      problems.push({ file, message: problemText(file, problem) });
      if (g.problem instanceof NamedProblem) named.push({ file, message: problemText(file, problem) });
    });
    read.sort((a, b) => byCodePoint(a.profile.createdAt, b.profile.createdAt) || byCodePoint(a.profile.name, b.profile.name));
    return { read, problems, named, folderMissing: false };
  }

  /**
   * A profile by id or by name (case-sensitive, exact). Deep-frozen: copy it to change it.
   * @param check `'stat'` (default): the file is checked now, so an edit that another process has finished is always
   *   seen. `'watched'` (a send): a profile checked since the folder's watcher last reported anything is served
   *   without that stat (26-39 µs a send measured on this 2-core VM); an edit by another process is then seen once
   *   its event is delivered (on Linux, the next turn of the event loop; a send racing an edit may use either version).
   *   A `'watched'` lookup also rides out a brief absence of a file this store has read before (an editor's
   *   non-atomic save, a git checkout, the folder moved away and back): while it is missing or unreadable it is read
   *   again every {@link RIDE_OUT_STEP_MS} ms, for {@link RIDE_OUT_MS} ms at most, before the lookup fails.
   * @throws AuthdeskError `failed` when the file of this id exists but cannot be read or validated (naming the file and
   *   the problem), or when a file read before stayed missing past the ride-out; `not_found` for an id with no file
   *   or an unknown name, naming the profiles that exist and the files that could not be read; `conflict` when several
   *   profiles have this name (files edited by hand), naming their ids and files
   */
  async find(idOrName: string, check: 'stat' | 'watched' = 'stat'): Promise<Profile> {
    let missing: { file: string; rodeOut: boolean } | null = null;
    // Fast path (every send): an id names its own file, so check that one file instead of the whole folder.
    if (/^[0-9a-f-]{36}$/.test(idOrName)) {
      const file = this.fileOf(idOrName);
      const hit = this.unchanged(file, check === 'watched');
      if (hit) return hit;
      let got = await this.attempt(file);
      const rideOut = 'problem' in got && check === 'watched' && this.seen.has(file);
      if (rideOut) got = await this.rideOut(file);
      if ('profile' in got) return got.profile;
      if (!isMissing(got.problem)) {
        const still = rideOut ? ` (still so after ${RIDE_OUT_MS / 1000} s)` : '';
        throw new AuthdeskError('failed', `The file of profile ${idOrName} cannot be used${still}: ${problemText(file, got.problem)}`);
      }
      missing = { file, rodeOut: rideOut };
    }
    // Only the files that may be this profile are validated; the rest of the folder is read in full only to say
    // what exists when none is (a schema parse of every profile costs about 1 ms each on a cold start).
    const candidates = await this.readAll(idOrName);
    const byId = candidates.read.find((r) => r.profile.id === idOrName);
    if (byId) return byId.profile;
    const named = candidates.read.filter((r) => r.profile.name === idOrName);
    if (named.length > 1) throw new AuthdeskError('conflict', sharedName(idOrName, named));
    if (named.length === 1) return named[0]!.profile;
    // A file that names this profile but cannot be used (a broken edit, a copied file): that is the answer, as for an id.
    if (candidates.named.length > 0) throw new AuthdeskError('failed', `Profile "${idOrName}" cannot be used: ${candidates.named.map((p) => p.message).join('; ')}`);
    const { read, problems, folderMissing } = await this.readAll();
    const known = read.map((r) => `"${r.profile.name}"`).join(', ');
    const unread = problems.length === 0 ? '' : ` ${problems.length} profile ${problems.length === 1 ? 'file' : 'files'} could not be read: ${problems.map((p) => p.message).join('; ')}`;
    const rest = `${known ? ` Profiles: ${known}.` : ''}${unread}${known || unread || folderMissing ? '' : ' There are no profiles yet.'}`;
    if (missing) {
      const where = folderMissing ? `the profiles folder ${this.dir} does not exist` : `there is no file ${missing.file}`;
      if (missing.rodeOut) throw new AuthdeskError('failed', `No profile with id ${idOrName} any more: ${where} (it was read before and did not come back within ${RIDE_OUT_MS / 1000} s).${rest}`);
      throw new AuthdeskError('not_found', `No profile with id ${idOrName}: ${where}.${rest}`);
    }
    throw new AuthdeskError('not_found', `No profile named "${idOrName}".${folderMissing ? ` The profiles folder ${this.dir} does not exist.` : ''}${rest}`);
  }

  /** Reads `file` (see {@link readOne}), returning the problem instead of throwing it. */
  private async attempt(file: string): Promise<{ profile: Profile } | { problem: unknown }> {
    try {
      return { profile: await this.readOne(file) };
    } catch (problem) {
      return { problem };
    }
  }

  /**
   * Reads a file that was read before and is now missing or unreadable again every {@link RIDE_OUT_STEP_MS} ms, at most
   * {@link RIDE_OUT_MS} ms and {@link RIDE_OUT_MS}/{@link RIDE_OUT_STEP_MS} times, until it reads. When it never does,
   * the file counts as not read before, so the next lookup fails at once (until it reads again).
   */
  private async rideOut(file: string): Promise<{ profile: Profile } | { problem: unknown }> {
    const started = performance.now();
    let got: { profile: Profile } | { problem: unknown } = { problem: null };
    for (let i = 0; i < RIDE_OUT_MS / RIDE_OUT_STEP_MS && performance.now() - started < RIDE_OUT_MS; i++) {
      await new Promise((r) => setTimeout(r, RIDE_OUT_STEP_MS));
      got = await this.attempt(file);
      if ('profile' in got) return got;
    }
    this.seen.delete(file);
    return got;
  }

  /**
   * One profile file, validated; served from {@link parsed} when the file has not changed (a `stat` instead of a
   * read and a schema parse on every send). The profile is deep-frozen and shared: copy it (`structuredClone`) to
   * change it. A profile lives in `<its id>.json`: a file whose id is another (a copy of a profile's file) is not a
   * profile, so it can be neither used nor removed (removing it would delete the original's file and keychain entries).
   * With `only`, returns null for a file whose JSON has a string "name" and a string "id" that both differ from it
   * (another profile: not validated); anything else is validated as usual.
   * @throws the fs error (ENOENT when the file is gone), SyntaxError, a ZodError, or AuthdeskError `conflict` when the
   *   id does not match the file name (see {@link misfiled})
   */
  private async readOne(file: string): Promise<Profile>;
  private async readOne(file: string, only: string | undefined): Promise<Profile | null>;
  private async readOne(file: string, only?: string): Promise<Profile | null> {
    const hit = this.unchanged(file);
    if (hit) return only === undefined || namesAs(hit, only) ? hit : null;
    const { stamp, text } = await readCapped(file);
    const raw: unknown = JSON.parse(text);
    if (only !== undefined && !namesAs(raw, only)) return null;
    let profile: Profile;
    try {
      // jitless: zod would otherwise compile a fast path (new Function) for each object schema a profile reaches, which
      // costs more than it saves on the few parses of a run (measured: 3 profiles of 3 schemes, 13-17 ms → 8-10 ms).
      profile = deepFreeze(profileSchema.parse(raw, { jitless: true }));
      if (path.basename(file) !== `${profile.id}.json`) throw new AuthdeskError('conflict', misfiled(file, profile.id));
    } catch (e) {
      throw only !== undefined && namedExactly(raw, only) ? new NamedProblem(e) : e;
    }
    this.parsed.set(file, { stamp, profile });
    this.seen.add(file);
    return profile;
  }

  /**
   * The parsed profile of `file` when the file is still the version that was parsed, else null (changed, gone, or
   * never read). Synchronous on purpose: a local stat takes microseconds, an async one a thread-pool round trip on
   * every send. With `watched`, a file confirmed since the watcher's last event is not stat'ed again.
   */
  private unchanged(file: string, watched = false): Profile | null {
    const hit = this.parsed.get(file);
    if (!hit) return null;
    if (watched && this.confirmed.has(file)) return hit.profile;
    // The watcher runs before the stat, so a change made after the stat is reported and voids the confirmation.
    const watching = this.watch();
    const st = statSync(file, { throwIfNoEntry: false });
    if (!st || !sameStamp(hit.stamp, [st.ino, st.size, st.mtimeMs, st.ctimeMs])) return null;
    if (watching) this.confirmed.add(file);
    return hit.profile;
  }

  /** Starts the folder's watcher if none runs; whether one runs. It never keeps the process alive. */
  private watch(): boolean {
    if (this.watcher) return true;
    if (this.unwatchable) return false;
    try {
      const w = watch(this.dir, { persistent: false }, () => this.unwatch(w));
      w.on('error', () => {
        this.unwatchable = true;
        this.unwatch(w);
      });
      this.watcher = w;
      return true;
    } catch (e) {
      // A folder missing for now (moved away and back, a checkout) is watched again by the next check once it is back.
      if (!isMissing(e)) this.unwatchable = true; // ENOSPC (inotify watches used up), EPERM, a file system without events
      return false;
    }
  }

  /**
   * Any event: every confirmation is void, and the watcher stops. The next confirmation watches the path anew, which
   * also covers a folder deleted and created again (a watcher follows the old folder, not the path).
   */
  private unwatch(w: FSWatcher): void {
    this.confirmed.clear();
    if (this.watcher === w) this.watcher = null;
    w.close();
  }

  /** Stops the folder's watcher (the engine is closing); later lookups stat every time. */
  close(): void {
    this.unwatchable = true;
    if (this.watcher) this.unwatch(this.watcher);
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
    this.parsed.delete(this.fileOf(id));
    this.confirmed.delete(this.fileOf(id));
    this.seen.delete(this.fileOf(id));
  }
}


/**
 * Code-point order: right for ISO-8601 timestamps, and a stable tie-break for names. Not `localeCompare`: its first
 * call loads ICU's collation data (13-18 ms measured), paid by every CLI run and every engine start that looks a
 * profile up by name.
 */
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The problem of a file whose JSON names the profile looked up (its "name" or "id"), told apart from the others'. */
class NamedProblem {
  constructor(readonly cause: unknown) {}
}

/** Whether a profile file's JSON names `idOrName` by its "name" or "id". */
function namedExactly(raw: unknown, idOrName: string): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const { name, id } = raw as { name?: unknown; id?: unknown };
  return name === idOrName || id === idOrName;
}

/** Profile files read at once by a folder read: in parallel, within a bound on open file descriptors. */
const READ_PARALLEL = 16;

/**
 * Whether a profile file's JSON may be the profile `idOrName` names: false only when it has a string "name" and a string
 * "id" and neither is `idOrName` (a file without them is validated, and reported if invalid).
 */
function namesAs(raw: unknown, idOrName: string): boolean {
  if (typeof raw !== 'object' || raw === null) return true;
  const { name, id } = raw as { name?: unknown; id?: unknown };
  return typeof name !== 'string' || typeof id !== 'string' || name === idOrName || id === idOrName;
}

/** How long a send waits for a profile file it read before to come back, and how often it looks (see ProfileStore.find). */
const RIDE_OUT_MS = 1_000;
const RIDE_OUT_STEP_MS = 50;


/**
 * The error for a profiles folder that cannot be listed: a clear sentence naming it and what to do (a file where the
 * folder should be: move it aside), AuthdeskError `failed`; anything that is not an fs error is returned unchanged.
 */
function unreadableFolder(dir: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return e;
  if (code === 'ENOTDIR') {
    return new AuthdeskError(
      'failed',
      `The profiles folder ${dir} is a file, not a folder. Move the file aside (mv ${shellQuote(dir)} ${shellQuote(`${dir}.bak`)}) and Authdesk creates the folder on the next profile add.`,
    );
  }
  return new AuthdeskError('failed', `Could not read the profiles folder ${dir} (${code}). It must be a folder you can read and write; check its permissions.`);
}

/** ENOENT or ENOTDIR: the file (or its folder) is not there. */
const isMissing = (e: unknown): boolean => ['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException | null)?.code ?? '');

/** What `profile list` says of a file that is not a usable profile, naming it: `could not read FILE: PROBLEM`, or the misfiled sentence. */
const problemText = (file: string, e: unknown): string => (e instanceof AuthdeskError ? e.message : `could not read ${file}: ${problemOf(e)}`);

/** A user-facing sentence for a profile file that could not be read or does not validate. */
function problemOf(e: unknown): string {
  if (e instanceof ZodError) return e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  if (e instanceof SyntaxError) return `not valid JSON (${e.message})`;
  return String(e);
}
