import type { Command } from 'commander';
import { EXIT } from './context';

/**
 * The exit codes each command can return, listed in its `--help` from this one table, so the per-command lists and
 * the top-level summary (./main.ts) say the same thing. `send` lists its own (./commands/send.ts). The codes are
 * those of ./context.ts `EXIT`: 3 covers an unavailable OS keychain for every command (as `send` always did), and
 * nothing is then written in plaintext (TRAPS T21).
 */

/** One exit code and what it means for the command. */
type Line = readonly [code: number, meaning: string];

const DATA: Line = [EXIT.failed, 'the data folder could not be read or written (AUTHDESK_HOME)'];
const KEYCHAIN = 'the OS keychain is unavailable (nothing is written in plaintext)';
const SIGNALS: Line[] = [[EXIT.interrupted, `cancelled (Ctrl+C)`], [EXIT.terminated, `terminated (SIGTERM)`]];

/** Command path (as typed after `authdesk`) → its exit codes, one line each (`0  ok` first unless listed). */
const CODES: Readonly<Record<string, readonly Line[]>> = {
  'profile add': [
    DATA,
    [EXIT.usage, `usage error (bad flags, a name already taken, a secret missing on standard input, key material refused)`],
    [EXIT.network, `${KEYCHAIN}, or --issuer discovery failed`],
    ...SIGNALS,
  ],
  'profile list': [DATA, [EXIT.usage, `usage error`], ...SIGNALS],
  'profile show': [DATA, [EXIT.usage, `usage error (unknown profile)`], ...SIGNALS],
  'profile remove': [DATA, [EXIT.usage, `usage error (unknown profile)`], [EXIT.network, `${KEYCHAIN}: the profile is kept`], ...SIGNALS],
  rotate: [
    DATA,
    [EXIT.usage, `usage error (unknown profile, secrets only from environment variables, a secret missing on standard input, key material refused)`],
    [EXIT.network, `${KEYCHAIN}`],
    ...SIGNALS,
  ],
  token: [
    DATA,
    [EXIT.usage, `usage error (unknown profile, not OAuth)`],
    [EXIT.network, `auth-flow error (denied, timeout, invalid_client…), a secret missing, or ${KEYCHAIN}`],
    [EXIT.interrupted, `cancelled (Ctrl+C), a sign-in included`],
    [EXIT.terminated, `terminated (SIGTERM), a sign-in included`],
  ],
  revoke: [
    DATA,
    [EXIT.usage, `usage error (unknown profile, not OAuth)`],
    [EXIT.network, `a revocation the server did not confirm (unreachable, 503 or another error reply), a secret missing, or ${KEYCHAIN}`],
    ...SIGNALS,
  ],
  history: [DATA, [EXIT.usage, `usage error`], ...SIGNALS],
  metrics: [DATA, [EXIT.usage, `usage error`], ...SIGNALS],
  export: [[EXIT.failed, `the data folder or the output file could not be read or written`], [EXIT.usage, `usage error`], ...SIGNALS],
  'forget-secrets': [
    DATA,
    [EXIT.usage, `usage error (no --yes when standard input is not a terminal)`],
    [EXIT.network, `${KEYCHAIN}: nothing was deleted`],
    [EXIT.interrupted, `cancelled at the question (Ctrl+C, or standard input ended)`],
    [EXIT.terminated, `terminated (SIGTERM)`],
  ],
  sandbox: [[EXIT.ok, `stopped by Ctrl+C or SIGTERM (that is how it ends)`], [EXIT.failed, `the port is in use, or the data folder could not be written`], [EXIT.usage, `usage error`]],
};

/** The `Exit codes:` help block of one command path, or null when the command lists its own (send) or is a group. */
export function exitCodesHelp(path: string): string | null {
  const lines = CODES[path];
  if (!lines) return null;
  const all = lines[0]?.[0] === EXIT.ok ? lines : [[EXIT.ok, 'ok'] as const, ...lines];
  return `\nExit codes:\n${all.map(([code, meaning]) => `  ${String(code).padEnd(3)}  ${meaning}`).join('\n')}`;
}

/**
 * Adds its `Exit codes:` block to the help of every command of `program` that the table lists (subcommands too).
 * Call it once, after every command is registered.
 */
export function addExitCodeHelp(program: Command, prefix = ''): void {
  for (const cmd of program.commands) {
    const path = `${prefix}${cmd.name()}`;
    const help = exitCodesHelp(path);
    if (help) cmd.addHelpText('after', help);
    addExitCodeHelp(cmd, `${path} `);
  }
}
