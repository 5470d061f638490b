import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBoundOrigin } from '../../electron/engine/valid-request';
import { findLeaks } from '../helpers/leak-scan';
import { runCli, startRecorder, tempHome } from './helpers';

let home: Awaited<ReturnType<typeof tempHome>>;
let server: Awaited<ReturnType<typeof startRecorder>>;
beforeEach(async () => {
  home = await tempHome();
  server = await startRecorder();
});
afterEach(async () => {
  await server.close();
  await home.cleanup();
});

const TOKEN = 'HostTok-H1-secret';

/**
 * A Host header picks the site behind a shared address (RFC 9110 §7.2: virtual hosting, a CDN), so one naming another
 * host than the URL would hand the profile's credentials to that site: refused before anything goes out. A Host that
 * names the URL's own host (any letter case, with or without the default port) is sent.
 */
describe('send: a Host header naming another host than the URL', () => {
  it('is refused (exit 2) with both hosts named, and nothing reaches the server', async () => {
    expect((await runCli(['profile', 'add', 'hb', '--scheme', 'bearer', '--base-url', server.url], { home: home.home, input: `${TOKEN}\n` })).code).toBe(0);
    const run = await runCli(['send', 'hb', '/x', '-H', 'Host: evil.example'], { home: home.home });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`The Host header names evil.example, not the URL's host ${new URL(server.url).host}`);
    expect(server.requests).toEqual([]);
    expect(findLeaks(run.stdout + run.stderr, [TOKEN])).toEqual([]);
  });

  it("the URL's own host is sent as written; letter case and a default port do not make another host", async () => {
    const profile = { name: 'p', baseUrl: 'https://api.example.com' };
    expect(() => checkBoundOrigin(profile, 'https://api.example.com/x', [['Host', 'API.Example.com:443']])).not.toThrow();
    expect(() => checkBoundOrigin(profile, 'https://api.example.com/x', [['host', 'api.example.com:8443']])).toThrow(/names api\.example\.com:8443/);
    expect(() => checkBoundOrigin({ ...profile, headers: [['Host', 'other.example']] }, 'https://api.example.com/x')).toThrow(/names other\.example/);
    // Other spellings of the same address are other names to a server comparing Host strings.
    const local = { name: 'l', baseUrl: 'http://127.0.0.1:47001' };
    for (const spelling of ['2130706433:47001', '0x7f.0.0.1:47001', '127.0.0.01:47001', '127.0.0.1.:47001', '127.0.0.1:047001']) {
      expect(() => checkBoundOrigin(local, 'http://127.0.0.1:47001/x', [['Host', spelling]]), spelling).toThrow(/The Host header names/);
    }
    expect(() => checkBoundOrigin({ name: 'v6', baseUrl: 'http://[::1]:47003' }, 'http://[::1]:47003/x', [['Host', '[0:0:0:0:0:0:0:1]:47003']])).toThrow(/The Host header names/);
    expect(() => checkBoundOrigin(local, 'http://127.0.0.1:47001/x', [['Host', ' 127.0.0.1:47001 ']])).not.toThrow();
    expect((await runCli(['profile', 'add', 'hb', '--scheme', 'bearer', '--base-url', server.url], { home: home.home, input: `${TOKEN}\n` })).code).toBe(0);
    const own = new URL(server.url).host;
    const run = await runCli(['send', 'hb', '/x', '-H', `Host: ${own}`], { home: home.home });
    expect(run.code).toBe(0);
    expect(server.requests.map((r) => r.headers.host)).toEqual([own]);
  });
});
