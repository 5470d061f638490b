import http from 'node:http';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBody } from '../../electron/engine/body';
import { Sender } from '../../electron/engine/sender';
import { startServer, type TestServer } from '../helpers/servers';

/**
 * `SendOptions.timeoutMs` bounds the whole send (defect: a body trickled 1 byte every 0.5 s kept a 2 s send going
 * for 49.6 s and it ended as a 200): one deadline from the first request to the end of the body read, across
 * redirects; the silence bound between bytes stays.
 */
const sender = new Sender();
/** Bytes a trickle sends at most, one every TRICKLE_MS: ~8 s in all, so a send that is not stopped still ends. */
const TRICKLE_BYTES = 40;
const TRICKLE_MS = 200;

let api: TestServer;
beforeAll(async () => {
  api = await startServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/trickle') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('head:');
      let sent = 0;
      const t = setInterval(() => {
        if (++sent >= TRICKLE_BYTES) {
          clearInterval(t);
          res.end('.');
        } else res.write('.');
      }, TRICKLE_MS);
      res.on('close', () => clearInterval(t));
      return;
    }
    const hop = /^\/hop(\d)$/.exec(path); // each hop answers after 600 ms: 3 hops fit no 1 s bound together
    if (hop) {
      const n = Number(hop[1]);
      const t = setTimeout(() => (n < 3 ? res.writeHead(302, { Location: `/hop${n + 1}` }).end() : res.writeHead(200).end('arrived')), 600);
      res.on('close', () => clearTimeout(t));
      return;
    }
    res.writeHead(404).end();
  });
});
afterAll(async () => {
  sender.close();
  await api.close();
});

describe('the send timeout bounds the whole response', () => {
  it('stops a trickled body at the deadline: timeout, the host named, what arrived kept as the preview', async () => {
    const started = performance.now();
    const ex = await sender.send({ method: 'GET', url: `${api.url}/trickle`, headers: [] }, { auth: null, timeoutMs: 1000 });
    const took = performance.now() - started;
    expect(ex).toMatchObject({ status: 200, failure: 'timeout' });
    expect(took).toBeGreaterThanOrEqual(990);
    expect(took).toBeLessThan(1000 + 2000);
    expect(ex.bodyPreview).toMatch(/^head:\.*$/);
    expect(ex.responseBytes).toBe(ex.bodyPreview!.length);
    expect(ex.responseBytes).toBeLessThan('head:'.length + TRICKLE_BYTES);
    const host = new URL(api.url).host.replace(/\./g, '\\.');
    expect(ex.error).toMatch(new RegExp(`^${host} answered, but its response body was still arriving when the timeout of 1 s ran out \\(${ex.responseBytes} bytes received, the last \\d+ ms before\\)\\.`));
  });

  it('bounds the whole send across redirects, not each hop', async () => {
    const started = performance.now();
    const ex = await sender.send({ method: 'GET', url: `${api.url}/hop1`, headers: [] }, { auth: null, timeoutMs: 1000 });
    const took = performance.now() - started;
    expect(ex).toMatchObject({ status: null, failure: 'timeout' });
    expect(ex.redirects).toHaveLength(1);
    expect(took).toBeLessThan(1000 + 2000);
    expect(ex.error).toBe(`No answer from ${new URL(api.url).host} within 1 s. Check that the host is up and reachable, or raise the timeout. The timeout counts from the first request, across 1 redirect.`);
    const enough = await sender.send({ method: 'GET', url: `${api.url}/hop1`, headers: [] }, { auth: null, timeoutMs: 5000 });
    expect(enough).toMatchObject({ status: 200, failure: null, bodyPreview: 'arrived' });
    expect(enough.redirects).toHaveLength(2);
  });
});

describe('readBody', () => {
  const get = (path: string) =>
    new Promise<{ stream: Readable; headers: [string, string][] }>((resolve, reject) => {
      http.get(`${api.url}${path}`, (res) => resolve({ stream: res, headers: [['content-type', String(res.headers['content-type'])]] })).on('error', reject);
    });

  it('stops at the deadline while bytes keep arriving', async () => {
    const { stream, headers } = await get('/trickle');
    const read = await readBody(stream, headers, { previewBytes: 1024, deadline: performance.now() + 700 });
    expect(read.error).toMatchObject({ code: 'AUTHDESK_DEADLINE', bytes: read.bytes });
    expect(read.preview).toMatch(/^head:\.+$/);
  });
});
