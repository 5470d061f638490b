import { Command, CommanderError } from 'commander';
import { APP_VERSION } from '../engine/engine';
import { addExitCodeHelp } from './exit-codes';
import { registerExport } from './commands/export';
import { registerForget } from './commands/forget';
import { registerHistory } from './commands/history';
import { registerMetrics } from './commands/metrics';
import { registerProfile } from './commands/profile';
import { registerRevoke } from './commands/revoke';
import { registerRotate } from './commands/rotate';
import { registerSandbox } from './commands/sandbox';
import { registerSend } from './commands/send';
import { registerToken } from './commands/token';
import { describeError, EXIT, type CliIO } from './context';
import { terminalLine, terminalSafeIO } from './terminal-text';

/**
 * Resolves with the first SIGINT or SIGTERM; its handlers are removed afterwards, so a second signal reaches the
 * exit handler of ./index.ts (exit at once). Once `until` aborts, the handlers are removed and the promise never
 * settles: a signal then ends the process as in a command that does not wait for one.
 */
function waitForSignal(until?: AbortSignal): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const off = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      until?.removeEventListener('abort', off);
    };
    const stop = (signal: NodeJS.Signals) => {
      off();
      resolve(signal);
    };
    if (until?.aborted) return;
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    until?.addEventListener('abort', off, { once: true });
  });
}

function defaultIO(): CliIO {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), waitForStop: waitForSignal };
}

/** The command tree, wired to `io`. `setExitCode` lets `send` report 1 or 3 without throwing. */
export function buildProgram(io: CliIO, setExitCode: (code: number) => void): Command {
  const program = new Command('authdesk')
    .description('Authdesk: auth profiles with secrets in the OS keychain, test requests, redacted logs, time to first successful call.')
    .version(APP_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`authdesk: ${s.replace(/^error: /, '')}`),
    })
    .addHelpText(
      'after',
      `
Data directory: $AUTHDESK_HOME, else the app's data folder (~/.config/Authdesk on Linux).
Secrets are read from standard input, one per line, or from a hidden prompt on a terminal; they are never printed.

Quick start:
  authdesk sandbox                      # a demo API on 127.0.0.1, prints ready-to-paste commands
  printf '%s\\n' "$PASSWORD" | authdesk profile add github --scheme basic --username octocat
  authdesk send github https://api.github.com/user
  authdesk metrics
  printf '%s\\n' "$CLIENT_SECRET" | authdesk profile add svc --scheme oauth2 --grant client_credentials --issuer https://auth.example.com --client-id svc
  authdesk token svc                    # OAuth 2.0: obtain a token (browser or device sign-in for interactive grants)

Exit codes: 0 ok · 1 HTTP error status, or any other failure (data folder, output file, port in use) · 2 usage error · 3 network or auth-flow error, or the OS keychain unavailable (nothing is written in plaintext) · 130 cancelled (Ctrl+C) · 143 terminated (SIGTERM); answered requests stay in history. Each command's --help lists the codes it returns.
authdesk sandbox runs until Ctrl+C or SIGTERM and then exits 0 (stopping it is how it ends).
Set AUTHDESK_DEBUG=1 to see stack traces of unexpected errors.`,
    );
  registerProfile(program, io);
  registerRotate(program, io);
  registerToken(program, io);
  registerRevoke(program, io);
  registerSend(program, io, setExitCode);
  registerHistory(program, io);
  registerMetrics(program, io);
  registerExport(program, io);
  registerForget(program, io);
  registerSandbox(program, io);
  addExitCodeHelp(program);
  return program;
}

/**
 * Runs the CLI and resolves with the exit code (never rejects, never prints a stack unless AUTHDESK_DEBUG=1).
 * Everything it prints passes through terminalSafeIO (./terminal-text.ts): text a server chose reaches the terminal
 * with its control and bidi characters as visible escapes, never acted on.
 * @param argv as in `process.argv`: node, script, then the arguments
 */
export async function main(argv: readonly string[], overrides: Partial<CliIO> = {}): Promise<number> {
  const io: CliIO = terminalSafeIO({ ...defaultIO(), ...overrides });
  let exitCode: number = EXIT.ok;
  try {
    const program = buildProgram(io, (code) => (exitCode = code));
    if (argv.length <= 2) {
      program.outputHelp({ error: true });
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: 'node' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version end with exit code 0; every other commander error is a usage error (already printed)
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const known = describeError(e);
    if (known) {
      io.stderr.write(`authdesk: ${terminalLine(known.message)}\n`); // one line, whatever server text it quotes
      return known.exitCode;
    }
    const name = e instanceof Error ? e.name : typeof e;
    io.stderr.write(`authdesk: unexpected error (${name}). This is a bug; rerun with AUTHDESK_DEBUG=1 to see the stack trace.\n`);
    if (io.env.AUTHDESK_DEBUG === '1') io.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.failed;
  }
}
