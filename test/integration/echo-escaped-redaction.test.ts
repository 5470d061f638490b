import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import type { HistoryEntry } from '../../shared/request';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { startServer, type TestServer } from '../helpers/servers';
import { openTestEngine, type TestEngine } from '../helpers/test-engine';

/**
 * A server that echoes what it received, escaped the way common stacks escape it, must never get a secret into the
 * reply, history, or a HAR/JSONL export: a profile's own secret (PHP, Go and Python JSON, a redirect Location that
 * the URL parser normalises), and credentials typed by hand into the request (headers, a cookie, body and query
 * fields), which Authdesk masks by name in the request and so must mask wherever they come back. Values are made up.
 */

const TOKEN = 'k9/Q+z<T>&w8';
const QUERY_KEY = 'clé-Ωm/<9>&x';
const TYPED = ['ADHOC-KEY-456', 'ADHOC-COOKIE-789', 'ADHOC-PW-000', 'ADHOC-CS-111', 'ADHOC-RT-222', 'ADHOC-QK-333', 'ADHOC-BASIC-PW'];

const u4 = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
/** How each stack writes a JSON string: PHP json_encode, Go encoding/json, Python json.dumps (ensure_ascii). */
const ENCODE: Record<string, (s: string) => string> = {
  php: (s) => JSON.stringify(s).replace(/[\u0080-\uffff]/g, u4).replace(/\//g, '\\/'),
  go: (s) => JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, u4),
  python: (s) => JSON.stringify(s).replace(/[\u007f-\uffff]/g, u4),
};

let server: TestServer;
let opened: TestEngine;
let engine: Engine;
const entries: HistoryEntry[] = [];

beforeAll(async () => {
  server = await startServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const secret = url.searchParams.get('ak') ?? req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    const style = url.pathname.slice(1);
    if (style === 'redirect') return res.writeHead(302, { Location: `/php?next=${secret}` }).end();
    if (ENCODE[style]) {
      return res.writeHead(401, { 'Content-Type': 'application/json' }).end(`{"error": ${ENCODE[style](`invalid token ${secret}`)}}`);
    }
    // an echo endpoint: the headers as sent (their case kept), the query and the body as a JSON string
    const headers: Record<string, string> = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers[req.rawHeaders[i]!] = req.rawHeaders[i + 1]!;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ headers, url: req.url, body }));
  });
  opened = await openTestEngine('echo-escaped');
  engine = opened.engine;
});
afterAll(async () => {
  await opened.dispose();
  await server.close();
});

/** The stored entry of a reply, after checking it equals the reply's and keeps none of `secrets` in any form. */
function checked(reply: { entry: HistoryEntry }, secrets: string[]): HistoryEntry {
  const stored = engine.getHistory(reply.entry.id);
  expect(stored).toEqual(reply.entry);
  expect(findLeaks(JSON.stringify(reply.entry), secrets)).toEqual([]);
  entries.push(stored);
  return stored;
}

describe("a profile's secret echoed back escaped", () => {
  it.each(['php', 'go', 'python', 'redirect'])('is masked in the %s reply', async (style) => {
    const profileId = (await engine.createProfile({ name: `bearer-${style}`, clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: TOKEN } })).id;
    const reply = await engine.send({ profileId, method: 'GET', url: `${server.url}/${style}`, headers: [] });
    const e = checked(reply, [TOKEN]);
    expect(e.status).toBe(401);
    expect(e.responseBodyPreview).toContain('invalid token [REDACTED]');
    if (style === 'redirect') expect(e.url).toBe(`${server.url}/php?next=[REDACTED]`);
  });

  it.each(['php', 'python'])('is masked when a non-ASCII API key comes back from the %s reply', async (style) => {
    const profileId = (await engine.createProfile({ name: `key-${style}`, clientType: 'confidential', auth: { scheme: 'apikey', placements: [{ in: 'query', name: 'ak' }] }, secrets: { key0: QUERY_KEY } })).id;
    const reply = await engine.send({ profileId, method: 'GET', url: `${server.url}/${style}`, headers: [] });
    expect(checked(reply, [QUERY_KEY]).responseBodyPreview).toContain('invalid token [REDACTED]');
  });
});

describe('credentials typed by hand, echoed back', () => {
  it('are masked in the echo of their headers, cookie, query and form body', async () => {
    const basic = Buffer.from('alice:ADHOC-BASIC-PW').toString('base64');
    const reply = await engine.send({
      profileId: null,
      method: 'POST',
      url: `${server.url}/echo?api_key=ADHOC-QK-333&page=2`,
      headers: [['X-Api-Key', 'ADHOC-KEY-456'], ['Cookie', 'sid=ADHOC-COOKIE-789; theme=dark'], ['Proxy-Authorization', `Basic ${basic}`], ['Content-Type', 'application/x-www-form-urlencoded']],
      body: 'username=alice&password=ADHOC-PW-000&client_secret=ADHOC-CS-111',
    });
    const e = checked(reply, TYPED);
    // the echo is there, with what is not a credential kept
    expect(e.responseBodyPreview).toContain('"X-Api-Key":"[REDACTED]"');
    expect(e.responseBodyPreview).toContain('username=alice&password=[REDACTED]');
    expect(e.responseBodyPreview).toContain('"url":"/echo?api_key=[REDACTED]&page=2"');
  });

  it('are masked in the echo of a JSON body', async () => {
    const reply = await engine.send({ profileId: null, method: 'POST', url: `${server.url}/echo`, headers: [['Content-Type', 'application/json']], body: '{"refresh_token":"ADHOC-RT-222","user":"alice"}' });
    expect(checked(reply, TYPED).responseBodyPreview).toContain('\\"user\\":\\"alice\\"');
  });
});

describe('exports', () => {
  it('hold none of the values in any form, and no fragment of the redirected token', async () => {
    expect(entries.length).toBe(8);
    const har = path.join(opened.home, 'echo.har');
    const jsonl = path.join(opened.home, 'echo.jsonl');
    await engine.exportLog({ format: 'har', out: har });
    await engine.exportLog({ format: 'jsonl', out: jsonl });
    for (const file of [har, jsonl]) {
      const text = await readFile(file, 'utf8');
      expect(text).toContain('[REDACTED]');
      expect(findLeaks(text, [TOKEN, QUERY_KEY, ...TYPED])).toEqual([]);
      // the HAR queryString decodes the URL: a secret left in it would come out split at its "&" ("k9/Q z<T>", "w8")
      expect(text).not.toMatch(/k9\/Q|z<T>|ADHOC/);
    }
    expect(await scanPaths([opened.home], [TOKEN, QUERY_KEY, ...TYPED])).toEqual([]);
  });
});
