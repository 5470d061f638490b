import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { findLeaks } from '../helpers/leak-scan';
import { startServer, type TestServer } from '../helpers/servers';
import { openTestEngine, type TestEngine } from '../helpers/test-engine';

/**
 * A redirect that cannot be followed (a Location that does not parse, a scheme other than http or https) ends the
 * exchange as a `redirect` failure with a readable message, recorded in history like any failure, never a crash.
 */
const KEY = 'qkey-redirect-9Xv2LmQ7pT4w';

describe('a redirect Authdesk refuses to follow', () => {
  let opened: TestEngine;
  let engine: Engine;
  let api: TestServer;
  let profileId: string;
  beforeAll(async () => {
    opened = await openTestEngine('redirect');
    engine = opened.engine;
    api = await startServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const key = u.searchParams.get('api_key') ?? '';
      const locations: Record<string, string> = {
        '/malformed': 'http://[::1',
        // the server echoes the key into a Location that does not parse: the message must not quote it
        '/malformed-echo': `http://[::1/cb?api_key=${key}`,
        '/malformed-userinfo': `http://user:${key}@[::1/`,
        '/file': 'file:///etc/passwd',
        '/data': `data:text/plain,${key}`,
      };
      const location = locations[u.pathname];
      if (location) return res.writeHead(302, { Location: location }).end();
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    });
    profileId = (
      await engine.createProfile({
        name: 'redirect-refused',
        clientType: 'confidential',
        auth: { scheme: 'apikey', placements: [{ in: 'query', name: 'api_key' }] },
        secrets: { key0: KEY },
      })
    ).id;
  });
  afterAll(async () => {
    await opened.dispose();
    await api.close();
  });

  it.each([
    ['/malformed', /not a valid URL \("http:\/\/\[::1"\); Authdesk did not follow it\./],
    ['/malformed-echo', /not a valid URL \("http:\/\/\[::1…"\)/],
    ['/malformed-userinfo', /not a valid URL \("http:\/\/\[::1…"\)/],
    ['/file', /^The server redirected to a file: URL; Authdesk follows only http and https redirects\.$/],
    ['/data', /^The server redirected to a data: URL; Authdesk follows only http and https redirects\.$/],
  ])('%s: ends as a redirect failure with a readable message, recorded in history, no secret', async (p, message) => {
    const before = api.seen.length;
    const reply = await engine.send({ profileId, method: 'GET', url: `${api.url}${p}`, headers: [] });
    const stored = engine.getHistory(reply.entry.id);
    for (const e of [reply.entry, stored]) {
      expect(e).toMatchObject({ ok: false, failure: 'redirect', status: 302, redirects: [] });
      expect(e.error).toMatch(message);
      // no bogus "Credentials not sent to null" step: nothing was followed
      expect(e.authSteps.filter((s) => s.kind === 'stripped-on-redirect')).toEqual([]);
      expect(findLeaks(JSON.stringify(e), [KEY])).toEqual([]);
    }
    expect(api.seen.length).toBe(before + 1);
  });
});
