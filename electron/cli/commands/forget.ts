import type { Command } from 'commander';
import { EXIT, CliError, printJson, usage, withEngine, type CliIO } from '../context';
import { LineReader } from '../secrets-input';

/** Asks on the terminal whether to go ahead; only "y" or "yes" is a yes. */
async function confirm(io: CliIO, question: string): Promise<boolean> {
  io.stderr.write(`${question} [y/N] `);
  const lines = new LineReader(io.stdin);
  try {
    const answer = await lines.next();
    if (answer === null) throw new CliError('Cancelled.', EXIT.interrupted);
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    lines.close();
  }
}

export function registerForget(program: Command, io: CliIO): void {
  program
    .command('forget-secrets')
    .description('Delete every keychain entry Authdesk owns (profile secrets, refresh tokens, the fingerprint key); profiles stay')
    .option('--yes', 'do not ask (required when standard input is not a terminal)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Afterwards each profile needs its secrets again (authdesk rotate NAME) and OAuth profiles a new sign-in
(authdesk token NAME). Secrets that come from environment variables are not touched.`,
    )
    .action(async (o: { yes?: boolean; json?: boolean }) => {
      if (!o.yes) {
        if (io.stdin.isTTY !== true) throw usage('forget-secrets deletes every Authdesk keychain entry; add --yes to confirm when not on a terminal.');
        if (!(await confirm(io, 'Delete every Authdesk secret from the OS keychain? Profiles stay.'))) {
          io.stderr.write('Nothing deleted.\n');
          return;
        }
      }
      await withEngine(io, async (engine) => {
        const { deleted } = await engine.forgetAllSecrets();
        if (o.json) return printJson(io, { deleted });
        io.stdout.write(`Deleted ${deleted} keychain ${deleted === 1 ? 'entry' : 'entries'}. Profiles are kept; save their secrets again with authdesk rotate NAME.\n`);
      });
    });
}
