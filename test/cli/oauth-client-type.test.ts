import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProfileView } from '../../shared/contract';
import { json, runCli, tempHome } from './helpers';

/**
 * `profile add --scheme oauth2` without `--client-type`: a client that does not authenticate at the token endpoint
 * (`--token-endpoint-auth-method none`) and signs nothing is a public client (RFC 6749 §2.1, RFC 8252 §8.4), so it is
 * saved as one; `--client-type confidential` with it is a contradiction (exit 2). Nothing here needs the network.
 */

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome()));
afterEach(async () => home.cleanup());

const AS = 'https://auth.example.com';
const cli = (args: string[], input?: string) => runCli(args, { home: home.home, input });
const show = async (name: string) => json<ProfileView>(await cli(['profile', 'show', name, '--json']));
const oauth = (name: string, grant: string, ...more: string[]) => [
  'profile', 'add', name, '--scheme', 'oauth2', '--grant', grant, '--token-endpoint', `${AS}/token`, '--client-id', 'app', ...more,
];

describe('the client type of an oauth2 profile', () => {
  it('--token-endpoint-auth-method none without --client-type saves a public client (authorization_code, device_code)', async () => {
    const ac = await cli(oauth('ac', 'authorization_code', '--authorization-endpoint', `${AS}/authorize`, '--token-endpoint-auth-method', 'none'));
    expect(ac.code, ac.stderr).toBe(0);
    expect(ac.stdout).toContain('Saved profile "ac" (oauth2 (authorization_code), public).');
    const tv = await cli(oauth('tv', 'device_code', '--device-authorization-endpoint', `${AS}/device`, '--token-endpoint-auth-method', 'none'));
    expect(tv.code, tv.stderr).toBe(0);
    for (const name of ['ac', 'tv']) expect(await show(name)).toMatchObject({ clientType: 'public', warnings: [], auth: { tokenEndpointAuthMethod: 'none' } });
    expect((await cli(['profile', 'list'])).stdout).toMatch(/^ac\s+\S+.*\bpublic\b/m);
  });

  it('--client-type confidential with none is refused with exit 2, before anything is saved', async () => {
    const r = await cli(oauth('c', 'authorization_code', '--authorization-endpoint', `${AS}/authorize`, '--token-endpoint-auth-method', 'none', '--client-type', 'confidential'));
    expect({ code: r.code, stderr: r.stderr }).toEqual({
      code: 2,
      stderr:
        'authdesk: --client-type confidential contradicts --token-endpoint-auth-method none: a client that does not authenticate is a public client (RFC 6749 §2.1, RFC 8252 §8.4). Drop --client-type, or give the client authentication it uses.\n',
    });
    expect(json<unknown[]>(await cli(['profile', 'list', '--json']))).toEqual([]);
  });

  it('stays confidential by default otherwise: a secret method, or none with a grant that signs with a private key (jwt_bearer)', async () => {
    const cc = await cli([...oauth('cc', 'client_credentials'), '--secret-env', 'CC_SECRET']);
    expect(cc.code, cc.stderr).toBe(0);
    const jwt = await cli([...oauth('jwt', 'jwt_bearer', '--jwt-subject', 'svc', '--token-endpoint-auth-method', 'none'), '--secret-env', 'JWT_KEY']);
    expect(jwt.code, jwt.stderr).toBe(0);
    expect(await show('cc')).toMatchObject({ clientType: 'confidential', auth: { tokenEndpointAuthMethod: 'client_secret_basic' } });
    expect(await show('jwt')).toMatchObject({ clientType: 'confidential', warnings: [], auth: { tokenEndpointAuthMethod: 'none' } });
  });
});
