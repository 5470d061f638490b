// Bundled in place of Node's `http2` module for axios' http adapter (see electron.vite.config.ts): axios imports it
// when it loads, for HTTP/2 requests (`httpVersion: 2`), which no Authdesk client makes. Loading Node's http2 costs
// about 2-3 ms of every CLI start; this stand-in loads it on first use instead, so an HTTP/2 request would still work.
import { createRequire } from 'node:module';

let http2 = null;
const real = () => (http2 ??= createRequire(import.meta.url)('node:http2'));

export default new Proxy({}, { get: (_target, key) => real()[key], has: (_target, key) => key in real() });
