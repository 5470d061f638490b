import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * What the Node bundles (the app's main process, electron.vite.config.ts, the CLI, build/cli.vite.config.ts, and the
 * benchmark's in-process worker, bench/compile.ts) share: which dependencies are bundled, which are replaced by stubs,
 * and the source rewrites that keep modules Authdesk never runs from loading on every start.
 */

/** The repository root. */
export const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Pure-JS dependencies bundled into main/CLI instead of loaded from node_modules at run time: Node's ESM loader
 * resolves and compiles each of their hundreds of files on every CLI start (most of a cold start, see the README's
 * benchmark). Native modules (keytar, libsql) and electron stay external.
 */
export const BUNDLED = ['axios', 'commander', 'jose', 'zod', 'yaml', '@smithy/signature-v4', '@aws-crypto/sha256-js'];

/**
 * Dependencies of axios that Authdesk never runs, replaced by stubs in the main/CLI bundle (they were a fifth of it,
 * mime-db alone 170 kB, compiled on every CLI start): `form-data` (only string bodies are sent) and
 * `follow-redirects` (every client sets `maxRedirects: 0`). test/cli/bundle.test.ts sends through the built bundle.
 */
export const STUBBED: Record<string, string> = { 'form-data': 'build/stubs/form-data.js', 'follow-redirects': 'build/stubs/follow-redirects.js' };

/** `id` with forward slashes (a bundler's module id or path on Windows). */
const slashed = (id: string): string => id.replace(/\\/g, '/');

/**
 * Files of dependencies loaded as a stub instead (path suffix → stub, from the root). axios' fetch adapter: no
 * Authdesk client uses it, and the real module builds a fetch client when it loads, whose feature tests load Node's
 * undici: about 20 ms of every CLI start (see build/stubs/axios-fetch.js).
 */
const LOADED_AS_STUB: Record<string, string> = { '/node_modules/axios/lib/adapters/fetch.js': 'build/stubs/axios-fetch.js' };

/** The stub's source to bundle in place of the module at `id`, or null when `id` is not stubbed. */
export function stubSource(id: string): string | null {
  const stub = Object.entries(LOADED_AS_STUB).find(([suffix]) => slashed(id).endsWith(suffix))?.[1];
  return stub === undefined ? null : readFileSync(resolve(root, stub), 'utf8');
}

/**
 * Source rewrites of dependency files (path suffix, text replaced, replacement). Each build fails when a text is not
 * found (an axios upgrade changed it): test/cli/bundle.test.ts checks that what they keep unloaded stays unloaded.
 * - axios' utils probe `globalThis.FormData` when they load. In Node that global is a lazy getter that loads Node's
 *   fetch implementation (undici): about 10 ms of every CLI start, for a class no Authdesk request uses (bodies are
 *   strings). The probe is replaced by `undefined`, so axios recognises form data by its shape only.
 * - axios' http adapter and its HTTP/2 session cache import Node's `http2` when they load (2-3 ms of every CLI start),
 *   for HTTP/2 requests, which no Authdesk client makes. Their imports are pointed at build/stubs/http2.js, which
 *   loads the real module on first use (a builtin is external before any alias applies, hence a rewrite).
 */
const HTTP2_IMPORT = "import http2 from 'http2';";
const LAZY_HTTP2_IMPORT = `import http2 from ${JSON.stringify(slashed(resolve(root, 'build/stubs/http2.js')))};`;
const REWRITES: { file: string; from: string; to: string }[] = [
  {
    file: '/node_modules/axios/lib/utils.js',
    from: "const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;",
    to: 'const FormDataCtor = undefined;',
  },
  { file: '/node_modules/axios/lib/adapters/http.js', from: HTTP2_IMPORT, to: LAZY_HTTP2_IMPORT },
  { file: '/node_modules/axios/lib/helpers/Http2Sessions.js', from: HTTP2_IMPORT, to: LAZY_HTTP2_IMPORT },
];

/**
 * `code` of the module at `id` with its rewrites applied (see REWRITES), or null when it has none.
 * @throws Error naming the file and the text when a rewrite's text is not in the file
 */
export function rewriteSource(code: string, id: string): string | null {
  const own = REWRITES.filter((r) => slashed(id).endsWith(r.file));
  if (own.length === 0) return null;
  return own.reduce((text, r) => {
    if (!text.includes(r.from)) throw new Error(`${r.file.slice('/node_modules/'.length)} no longer contains the text this build replaces: ${r.from}`);
    return text.replace(r.from, r.to);
  }, code);
}

/** The plugins of every Vite-built Node bundle: the stubs and rewrites above. */
export const nodeBundlePlugins = (): Plugin[] => [
  { name: 'authdesk-stubs', load: (id: string) => stubSource(id) },
  { name: 'authdesk-rewrites', transform: (code: string, id: string) => rewriteSource(code, id) },
];

/** The stubbed dependencies as resolve aliases (see STUBBED). */
export const stubAliases = (): Record<string, string> => Object.fromEntries(Object.entries(STUBBED).map(([name, file]) => [name, resolve(root, file)]));
