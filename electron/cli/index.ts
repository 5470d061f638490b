/**
 * The `authdesk` command (bundled as one CommonJS script, out/main/cli.cjs, that ./launch.ts runs with V8's
 * code cache; bin/authdesk.js runs the launcher). Plain Node: never imports electron.
 * The process exits by itself once the command has closed the engine; only the exit code is set here. The signal
 * handlers below are in place before the rest of the CLI loads (a dynamic import), so a Ctrl+C during start-up also
 * exits 130 instead of being killed by the signal.
 */
import { stopBeforeExit } from '../engine/exit-guard';

/** ms a signal waits for an export's workers to stop before the process exits anyway. */
const EXIT_STOP_MS = 6_000;

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); // `authdesk history | head`
  throw e;
});

/**
 * Ctrl+C or SIGTERM during a command that does not wait for signals itself (`export`, `history`, start-up):
 * say so on stderr and exit with 128 + the signal number through `process.exit`, so the exit hooks run and the
 * history's open group commit keeps every request already answered (one still under way is not recorded). An
 * export's worker threads are stopped first (./exit-guard.ts: terminated inside a SQLite call they abort the
 * process); a second signal exits at once. A command that waits for a signal
 * (`CliIO.waitForStop`: sandbox, an interactive sign-in, `send`, which cancels and records its request, or prints a
 * `--repeat` run's summary, and then exits 130 or 143 itself) has its own listener, and this one then leaves the first
 * signal to it.
 */
let exiting = false;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.on(signal, () => {
    if (process.listenerCount(signal) !== 1) return;
    if (exiting) process.exit(code);
    exiting = true;
    // Said on stderr, so a script's log shows why the command ended (stdout stays the command's output).
    process.stderr.write(`authdesk: ${signal === 'SIGINT' ? 'cancelled by Ctrl+C (SIGINT)' : 'stopped by SIGTERM'}.\n`);
    void stopBeforeExit(EXIT_STOP_MS).finally(() => process.exit(code));
  });
}

// No top-level await: the bundle is CommonJS (see ./code-cache.ts).
void import('./main').then(async ({ main }) => {
  process.exitCode = await main(process.argv);
});
