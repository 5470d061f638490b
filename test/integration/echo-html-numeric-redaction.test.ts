import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/engine/engine';
import { findLeaks, scanPaths } from '../helpers/leak-scan';
import { startServer, type TestServer } from '../helpers/servers';
import { openTestEngine, type TestEngine } from '../helpers/test-engine';

/**
 * A server that quotes the credential it refused in an HTML error page, encoded with numeric character references
 * the way real HTML encoders write them, must not get it into history or a HAR/JSONL export (new-user trial: the
 * echo `…&Ab&#43;&#47;cd&#61;&#61;` was stored unmasked). The encoders here are written from their documented
 * behaviour, independently of shared/redact-html.ts. Values are made up.
 */

const TOKEN = 'br_9Xq2&Ab+/cd==';
const QUERY_KEY = 'clé<😀>+x\'"9/k';

/** `s` with each code point `which` matches as a numeric character reference, after `named` took its names. */
function refs(s: string, which: RegExp, format: (cp: number) => string, named: Record<string, string> = {}): string {
  return Array.from(s, (c) => named[c] ?? (which.test(c) ? format(c.codePointAt(0)!) : c)).join('');
}
const NAMED = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const ENCODE: Record<string, (s: string) => string> = {
  // the trial's server: the punctuation past `& < > " '` as decimal references
  trial: (s) => refs(s, /[^A-Za-z0-9,.\-_ &<>"']/u, (cp) => `&#${cp};`),
  // OWASP ESAPI encodeForHTML: lower-case hex for all but alphanumerics and ",.-_ ", names for & < > "
  esapi: (s) => refs(s, /[^A-Za-z0-9,.\-_ ]/u, (cp) => `&#x${cp.toString(16)};`, NAMED),
  // Microsoft AntiXSS Encoder.HtmlEncode: decimal for all but its safe list
  antixss: (s) => refs(s, /[^A-Za-z0-9,.\-_ ]/u, (cp) => `&#${cp};`),
  // .NET HtmlEncoder.Default: `'`, `+` and non-ASCII as upper-case hex, names for & < > "
  htmlencoder: (s) => refs(s, /['+\u0080-\u{10ffff}]/u, (cp) => `&#x${cp.toString(16).toUpperCase()};`, NAMED),
};

let server: TestServer;
let opened: TestEngine;
let engine: Engine;

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const secret = url.searchParams.get('ak') ?? req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    const encode = ENCODE[url.pathname.slice(1)] ?? ((s: string) => s);
    res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<html><body><p>Unknown credential <code>${encode(secret)}</code>.</p></body></html>`);
  });
  opened = await openTestEngine('echo-html-numeric');
  engine = opened.engine;
});
afterAll(async () => {
  await opened.dispose();
  await server.close();
});

describe('a secret echoed back with numeric character references', () => {
  it.each(Object.keys(ENCODE))('is masked in the %s reply and in history', async (style) => {
    const bearer = (await engine.createProfile({ name: `bearer-${style}`, clientType: 'confidential', auth: { scheme: 'bearer', prefix: 'Bearer' }, secrets: { token: TOKEN } })).id;
    const key = (await engine.createProfile({ name: `key-${style}`, clientType: 'confidential', auth: { scheme: 'apikey', placements: [{ in: 'query', name: 'ak' }] }, secrets: { key0: QUERY_KEY } })).id;
    for (const [profileId, secret] of [[bearer, TOKEN], [key, QUERY_KEY]] as const) {
      const reply = await engine.send({ profileId, method: 'GET', url: `${server.url}/${style}`, headers: [] });
      expect(reply.entry.responseBodyPreview).toContain(ENCODE[style]!('') + '<code>[REDACTED]</code>');
      const stored = engine.getHistory(reply.entry.id);
      expect(stored).toEqual(reply.entry);
      expect(findLeaks(JSON.stringify(stored), [secret])).toEqual([]);
      expect(JSON.stringify(stored)).not.toContain(ENCODE[style]!(secret));
    }
  });

  it('is in no HAR or JSONL export, and nowhere in the data folder', async () => {
    const har = path.join(opened.home, 'numeric.har');
    const jsonl = path.join(opened.home, 'numeric.jsonl');
    await engine.exportLog({ format: 'har', out: har });
    await engine.exportLog({ format: 'jsonl', out: jsonl });
    for (const file of [har, jsonl]) {
      const text = await readFile(file, 'utf8');
      expect(text).toContain('[REDACTED]');
      expect(findLeaks(text, [TOKEN, QUERY_KEY])).toEqual([]);
      for (const encode of Object.values(ENCODE)) for (const s of [TOKEN, QUERY_KEY]) expect(text).not.toContain(encode(s));
      // no tail of either secret survives (the part after the first encoded character)
      expect(text).not.toMatch(/cd&#x?(61|3d);|&#x?(1f600|128512);/i);
    }
    // the HAR holds each of the 8 error pages, masked
    expect((await readFile(har, 'utf8')).match(/<code>\[REDACTED\]<\/code>/g)?.length).toBe(8);
    expect(await scanPaths([opened.home], [TOKEN, QUERY_KEY])).toEqual([]);
  });
});
