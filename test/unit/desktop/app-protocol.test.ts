import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, createAppProtocolHandler, resolveAppPath } from '../../../electron/app-protocol';

let base: string;
let root: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'authdesk-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Authdesk</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'TOP-SECRET');
  mkdirSync(join(base, 'renderer-evil'));
  writeFileSync(join(base, 'renderer-evil', 'x.txt'), 'TOP-SECRET');
  handler = createAppProtocolHandler(root);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('app:// protocol handler', () => {
  it('serves the renderer files with their content type and the CSP', async () => {
    const page = await get('app://authdesk/index.html');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Authdesk</title>');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const script = await get('app://authdesk/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('app://authdesk/')).status).toBe(200);
  });

  it('has the required CSP directives', () => {
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(CONTENT_SECURITY_POLICY.split('; ')).toContain(directive);
    }
  });

  it.each([
    'app://authdesk/..%2fsecret.txt',
    'app://authdesk/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    'app://authdesk/assets/..%2f..%2fsecret.txt',
    'app://authdesk/..%5csecret.txt',
    'app://authdesk/%2e%2e%2fsecret.txt',
    'app://authdesk/..%2frenderer-evil%2fx.txt',
    'app://authdesk/index.html%00.js',
    'app://authdesk/%E0%A4%A',
  ])('refuses %s with 403', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('TOP-SECRET');
  });

  it('never serves files outside the root even when the URL parser normalises dot segments', async () => {
    for (const url of ['app://authdesk/../secret.txt', 'app://authdesk/%2e%2e/secret.txt', 'app://authdesk/a/../../secret.txt']) {
      const response = await get(url);
      expect(response.status).not.toBe(200);
      expect(await response.text()).not.toContain('TOP-SECRET');
    }
  });

  it('refuses other hosts and schemes, and non-GET methods', async () => {
    expect((await get('app://evil/index.html')).status).toBe(403);
    expect(resolveAppPath(root, 'file:///etc/passwd')).toBeNull();
    expect((await get('app://authdesk/index.html', 'POST')).status).toBe(405);
  });

  it('answers 404 for a missing file inside the root', async () => {
    expect((await get('app://authdesk/missing.js')).status).toBe(404);
  });
});
