import type { Command } from 'commander';
import { intOption, withEngine, type CliIO } from '../context';
import { shQuote } from '../output';

export function registerSandbox(program: Command, io: CliIO): void {
  program
    .command('sandbox')
    .description('Run the built-in demo API on 127.0.0.1 until Ctrl+C (public demo credentials)')
    .option('--port <n>', 'port to listen on (default: a free one)', intOption('--port', 0, 65_535))
    .action(async (o: { port?: number }) => {
      await withEngine(io, async (engine) => {
        const info = await engine.startSandbox(o.port ?? 0);
        const c = info.credentials;
        const base = info.baseUrl;
        const w = Math.max(...info.endpoints.map((e) => `${e.method} ${e.path}`.length));
        io.stdout.write(
          [
            `Authdesk sandbox listening on ${base} (Ctrl+C to stop)`,
            '',
            'Endpoints:',
            ...info.endpoints.map((e) => `  ${`${e.method} ${e.path}`.padEnd(w)}  ${e.auth.padEnd(10)}  ${e.description}`),
            '',
            'Demo credentials (public, for this sandbox only):',
            `  HTTP Basic  username ${c.basic.username}, password ${c.basic.password}`,
            `  API key     ${c.apiKey.value}  (header ${c.apiKey.header} or query api_key)`,
            `  Bearer      ${c.bearerToken}`,
            ...(info.oauth
              ? [
                  `  OAuth 2.0   issuer ${info.oauth.issuer}; confidential client ${info.oauth.confidential.clientId}, client_secret ${info.oauth.confidential.clientSecret}`,
                  `              public client ${info.oauth.public.clientId} (authorization code + PKCE, device flow; no secret)`,
                ]
              : []),
            '',
            'Quick start (in another terminal; in the Authdesk folder `npx authdesk`, elsewhere after `npm link` there):',
            `  printf '%s\\n' ${shQuote(c.basic.password)} | authdesk profile add demo --scheme basic --username ${shQuote(c.basic.username)}`,
            `  authdesk send demo ${base}/basic`,
            `  printf '%s\\n' ${shQuote(c.apiKey.value)} | authdesk profile add demo-key --scheme apikey --in query --param api_key`,
            `  authdesk send demo-key ${base}/apikey`,
            `  printf '%s\\n' ${shQuote(c.bearerToken)} | authdesk profile add demo-bearer --scheme bearer`,
            `  authdesk send demo-bearer ${base}/bearer`,
            ...(info.oauth
              ? [
                  `  printf '%s\\n' ${shQuote(info.oauth.confidential.clientSecret)} | authdesk profile add demo-oauth --scheme oauth2 --grant client_credentials --issuer ${base} --client-id ${info.oauth.confidential.clientId}`,
                  `  authdesk send demo-oauth ${base}/bearer`,
                ]
              : []),
            '  authdesk metrics',
            '',
          ].join('\n'),
        );
        await io.waitForStop();
        io.stdout.write('Sandbox stopped.\n');
      });
    });
}
