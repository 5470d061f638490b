import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS build stub without types
import http2 from '../../build/stubs/http2.js';

/**
 * The main/CLI bundle's stand-in for Node's http2 (electron.vite.config.ts): nothing loads http2 at start, and an
 * HTTP/2 request through axios (which reads `http2.constants` and calls `http2.connect`) would still get the real module.
 */
describe('build/stubs/http2.js', () => {
  it('hands out the real http2 module on first use', async () => {
    const real = await import('node:http2');
    expect(http2.constants.HTTP2_HEADER_METHOD).toBe(':method');
    expect(http2.connect).toBe(real.connect);
    expect('connect' in http2).toBe(true);
  });
});
