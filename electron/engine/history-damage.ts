import { existsSync } from 'node:fs';
import { AuthdeskError } from './errors';

/**
 * The error for a history file SQLite cannot read (SQLITE_NOTADB: not a database; SQLITE_CORRUPT and its extended
 * codes: damaged): where it is and how to set it aside. The file is never moved, deleted or rewritten here (bad input
 * loses nothing). Any other error is returned as it is. Used wherever history is read or written (the constructor,
 * every HistoryStore call, the group commit's failures, the export's readers): damaged pages can surface on any of them.
 * @param file the history database file
 * @param e what SQLite threw (its `code`, e.g. `SQLITE_CORRUPT_INDEX`), or anything else
 * @returns AuthdeskError `failed` for those codes, else `e` unchanged
 */
export function unreadableHistory(file: string, e: unknown): unknown {
  const code = String((e as { code?: unknown }).code ?? '');
  if (!/^SQLITE_(NOTADB|CORRUPT)/.test(code)) return e;
  const quote = (p: string) => `'${p.replaceAll("'", `'\\''`)}'`;
  const moves = ['', '-wal', '-shm']
    .filter((suffix) => existsSync(`${file}${suffix}`))
    .map((suffix) => `mv ${quote(`${file}${suffix}`)} ${quote(`${file}.damaged${suffix}`)}`);
  return new AuthdeskError(
    'failed',
    `The history file ${file} is not a readable SQLite database (${code}): it is damaged, or not Authdesk's. Move it aside (${moves.join(' && ')}) and Authdesk starts a new, empty history; profiles and keychain secrets are not affected.`,
  );
}
