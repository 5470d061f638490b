import type { Command } from 'commander';
import { printJson, usage, withEngine, type CliIO } from '../context';

export function registerRevoke(program: Command, io: CliIO): void {
  program
    .command('revoke')
    .description('Revoke an OAuth 2.0 profile\'s tokens at its revocation endpoint (RFC 7009); local copies are dropped whatever the server says')
    .argument('<name>', 'profile name or id')
    .option('--json', 'print what happened as JSON')
    .addHelpText(
      'after',
      `
The refresh token is revoked first (at most servers that also ends its access tokens), then the access token held
in this process, if any. Afterwards the profile needs a new sign-in: authdesk token NAME.
A client-credentials or JWT-bearer profile keeps no refresh token, and each CLI command holds its access token
only while it runs: there is nothing to revoke here. To cut off a leaked client secret, replace it at the
authorization server and save the new one with: authdesk rotate NAME.

Example:
  authdesk revoke my-api`,
    )
    .action(async (name: string, o: { json?: boolean }) => {
      await withEngine(io, async (engine) => {
        const view = await engine.getProfile(name);
        if (view.auth.scheme !== 'oauth2') throw usage(`Profile "${view.name}" uses ${view.auth.scheme}, not OAuth 2.0: there is no token to revoke.`);
        const notes = await engine.revoke(view.id);
        if (o.json) return printJson(io, { profile: view.name, id: view.id, notes });
        io.stdout.write(`Revoke "${view.name}":\n${notes.map((n) => `  - ${n}\n`).join('')}`);
        io.stdout.write(`Local copies are dropped; sign in again with: authdesk token ${view.name.includes(' ') ? JSON.stringify(view.name) : view.name}\n`);
      });
    });
}
