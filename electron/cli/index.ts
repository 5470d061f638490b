import { main } from './main';

/**
 * The `authdesk` command (bundled to out/main/cli.js, run by bin/authdesk.js). Plain Node: never imports electron.
 * The process exits by itself once the command has closed the engine; only the exit code is set here.
 */
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); // `authdesk history | head`
  throw e;
});

void main(process.argv).then((code) => {
  process.exitCode = code;
});
