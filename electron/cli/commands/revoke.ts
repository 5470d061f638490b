import type { Command } from 'commander';
import type { OAuthConfig } from '../../../shared/oauth';
import { isAuthdeskError } from '../../engine/errors';
import { printJson, usage, withEngine, type CliIO } from '../context';

/**
 * What to do after `revoke`: a grant that signs in (authorization_code, device_code) needs a new sign-in; an
 * unattended one (client_credentials, jwt_bearer, github_app: RFC 6749 §4.4.3, no refresh token) has none, its next
 * token is requested by the next send.
 * @param name the profile name, quoted for the shell when it holds a space
 */
export function afterRevoke(auth: Pick<OAuthConfig, 'grant'>, name: string): string {
  const arg = name.includes(' ') ? JSON.stringify(name) : name;
  if (auth.grant === 'authorization_code' || auth.grant === 'device_code') return `Local copies are dropped; sign in again with: authdesk token ${arg}`;
  return `Local copies are dropped; the next send requests a new token automatically (or get one now with: authdesk token ${arg}).`;
}

export function registerRevoke(program: Command, io: CliIO): void {
  program
    .command('revoke')
    .description('Revoke an OAuth 2.0 profile\'s tokens at its revocation endpoint (RFC 7009); local copies are dropped whatever the server says, and the command fails (exit 3) when the server did not confirm')
    .argument('<name>', 'profile name or id')
    .option('--json', 'print what happened as JSON')
    .addHelpText(
      'after',
      `
The refresh token is revoked first (at most servers that also ends its access tokens), then the access token held
in this process, if any. Afterwards a sign-in profile (authorization_code, device_code) needs a new sign-in:
authdesk token NAME. A client-credentials, JWT-bearer or GitHub App profile keeps no refresh token, and each CLI
command holds its access token only while it runs: there is nothing to revoke here, and the next send requests
a new token by itself. To cut off a leaked client secret, replace it at the
authorization server and save the new one with: authdesk rotate NAME.

A revocation the server does not confirm (the endpoint unreachable, a 503 or another error reply) leaves the token
possibly valid at the server until it expires (RFC 7009 §2.2.1): the command says so and exits 3. With --json:
{profile, id, ok: true, notes} on success, {profile, id, ok: false, error} when a revocation was not confirmed.

Example:
  authdesk revoke my-api`,
    )
    .action(async (name: string, o: { json?: boolean }) => {
      await withEngine(io, async (engine) => {
        const view = await engine.getProfile(name);
        if (view.auth.scheme !== 'oauth2') throw usage(`Profile "${view.name}" uses ${view.auth.scheme}, not OAuth 2.0: there is no token to revoke.`);
        let notes: string[];
        try {
          notes = await engine.revoke(view.id);
        } catch (e) {
          // Not confirmed (exit 3): --json still prints its one object, then the message goes to stderr.
          if (o.json && isAuthdeskError(e) && e.code === 'auth_failed') printJson(io, { profile: view.name, id: view.id, ok: false, error: e.message });
          throw e;
        }
        if (o.json) return printJson(io, { profile: view.name, id: view.id, ok: true, notes });
        io.stdout.write(`Revoke "${view.name}":\n${notes.map((n) => `  - ${n}\n`).join('')}`);
        io.stdout.write(`${afterRevoke(view.auth, view.name)}\n`);
      });
    });
}
