import type { Command } from 'commander';
import type { ProfileView } from '../../../shared/contract';
import { formatDuration } from '../../../shared/metrics';
import type { TokenInfo } from '../../../shared/oauth';
import { authFailureOf } from '../../engine/auth-failure';
import type { Engine } from '../../engine/engine';
import { CliError, describeError, EXIT, printJson, timeoutOption, usage, withEngine, type CliIO } from '../context';
import { terminalLine } from '../terminal-text';
import { cliFlowHost } from '../flow-host';

const SOURCE: Record<TokenInfo['source'], string> = {
  cache: 'reused from this session',
  fetched: 'obtained from the token endpoint',
  refreshed: 'refreshed with the saved refresh token',
};

/** Token info as text: never the token itself. */
export function tokenText(name: string, t: TokenInfo, now: number): string {
  const expires = t.expiresAt === null ? 'not given by the server' : `${t.expiresAt} (in ${formatDuration(Math.max(0, Date.parse(t.expiresAt) - now))})`;
  return [
    `Access token for "${name}": ${t.tokenType}, ${SOURCE[t.source]}.`,
    `  Expires:        ${expires}`,
    `  Scope:          ${t.scope ?? '(as requested)'}`,
    `  Refresh token:  ${t.hasRefreshToken ? 'saved in the OS keychain' : 'none'}`,
    ...(t.apiBaseUrl ? [`  API host:       ${t.apiBaseUrl} (named by the token reply)`] : []),
    '',
  ].join('\n');
}

/**
 * Runs the profile's grant with the CLI flow host. An interactive sign-in ends early on Ctrl+C or SIGTERM: the flow
 * is cancelled and the command exits 130 or 143, as any other command stopped by that signal.
 */
async function obtain(io: CliIO, engine: Engine, view: ProfileView, timeoutMs: number | undefined): Promise<TokenInfo> {
  const host = cliFlowHost(io);
  if (view.auth.scheme !== 'oauth2' || view.auth.grant === 'client_credentials') return engine.token(view.id, host, timeoutMs);
  /** The exit code once a signal has cancelled the flow. */
  const cancelled: { exitCode: number | null } = { exitCode: null };
  void io.waitForStop().then((signal) => {
    if (engine.cancelFlow(view.id)) cancelled.exitCode = signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
  });
  try {
    return await engine.token(view.id, host, timeoutMs);
  } catch (e) {
    if (cancelled.exitCode !== null) throw new CliError('Sign-in cancelled.', cancelled.exitCode);
    throw e;
  }
}

export function registerToken(program: Command, io: CliIO): void {
  program
    .command('token')
    .description('Obtain (or reuse) an OAuth 2.0 access token for a profile and print its details, never the token')
    .argument('<name>', 'profile name or id')
    .option('--json', 'print the token info as JSON (type, expiry, scope, source; no token)')
    .option('--timeout <ms>', 'ms each request to the token endpoint may take, reply included (default 30000); a device sign-in polls with it and a browser sign-in exchanges its code with it; the wait in the browser keeps its own limit', timeoutOption)
    .addHelpText(
      'after',
      `
authorization_code opens the system browser and prints the URL (set AUTHDESK_NO_BROWSER=1 to only print it);
device_code prints a code to enter on another device. The access token stays in this process's memory; the
refresh token of a sign-in grant is saved in the OS keychain, so later commands refresh without signing in again
(client_credentials, jwt_bearer and github_app keep none: they run the grant again, RFC 6749 §4.4.3).

With --json, a token that could not be obtained (exit 3) still prints one object: {profile, failure, error}
(failure: secret_missing, or auth_flow as send --json names it; error: the message, as on stderr).

Example:
  authdesk token my-api --json`,
    )
    .action(async (name: string, o: { json?: boolean; timeout?: number }) => {
      await withEngine(io, async (engine) => {
        const view = await engine.getProfile(name);
        if (view.auth.scheme !== 'oauth2') throw usage(`Profile "${view.name}" uses ${view.auth.scheme}, not OAuth 2.0: it has no token to obtain.`);
        let info: TokenInfo;
        try {
          info = await obtain(io, engine, view, o.timeout);
        } catch (e) {
          // --json still prints one object when no token came (exit 3: the endpoint refused or did not answer, a sign-in
          // is needed, a secret is missing): `failure` as `send --json` names it, `error` the message (also on stderr).
          const known = describeError(e);
          if (o.json && known?.exitCode === EXIT.network) printJson(io, { profile: view.name, failure: authFailureOf(e), error: known.message });
          throw e;
        }
        for (const w of info.warnings) io.stderr.write(`authdesk: warning: ${terminalLine(w)}\n`);
        if (o.json) printJson(io, info);
        else io.stdout.write(tokenText(view.name, info, Date.now()));
      });
    });
}
