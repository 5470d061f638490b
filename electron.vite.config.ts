import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Pure-JS dependencies bundled into main/CLI instead of loaded from node_modules at run time: Node's ESM loader
 * resolves and compiles each of their hundreds of files on every CLI start (most of a cold start, see the README's
 * benchmark). Native modules (keytar, libsql) and electron stay external.
 */
const BUNDLED = ['axios', 'commander', 'jose', 'zod', 'yaml', '@smithy/signature-v4', '@aws-crypto/sha256-js'];

/**
 * Dependencies of axios that Authdesk never runs, replaced by stubs in the main/CLI bundle (they were a fifth of it,
 * mime-db alone 170 kB, compiled on every CLI start): `form-data` (only string bodies are sent) and
 * `follow-redirects` (every client sets `maxRedirects: 0`). test/cli/bundle.test.ts sends through the built bundle.
 */
const STUBBED = { 'form-data': 'build/stubs/form-data.js', 'follow-redirects': 'build/stubs/follow-redirects.js' };

/**
 * axios' fetch adapter (`axios/lib/adapters/fetch.js`), loaded as a stub in the main/CLI bundle: no Authdesk client
 * uses it, and the real module builds a fetch client when it loads, whose feature tests load Node's undici: about
 * 20 ms of every CLI start (see build/stubs/axios-fetch.js).
 */
const axiosFetchStub = {
  name: 'authdesk-axios-fetch-stub',
  load(id: string) {
    return id.replace(/\\/g, '/').endsWith('/node_modules/axios/lib/adapters/fetch.js') ? readFileSync(resolve(root, 'build/stubs/axios-fetch.js'), 'utf8') : null;
  },
};

/**
 * axios' utils probe `globalThis.FormData` when they load. In Node that global is a lazy getter that loads Node's
 * fetch implementation (undici): about 10 ms of every CLI start, for a class no Authdesk request uses (bodies are
 * strings). The probe is replaced by `undefined`, so axios recognises form data by its shape only. The build fails if
 * the probe is not found (an axios upgrade changed it): test/cli/bundle.test.ts checks that undici stays unloaded.
 */
const FORM_DATA_PROBE = "const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;";
const axiosFormDataProbe = {
  name: 'authdesk-axios-formdata-probe',
  transform(code: string, id: string) {
    if (!id.replace(/\\/g, '/').endsWith('/node_modules/axios/lib/utils.js')) return null;
    if (!code.includes(FORM_DATA_PROBE)) throw new Error(`axios/lib/utils.js no longer contains the FormData probe this build replaces: ${FORM_DATA_PROBE}`);
    return code.replace(FORM_DATA_PROBE, 'const FormDataCtor = undefined;');
  },
};

/**
 * axios' http adapter and its HTTP/2 session cache import Node's `http2` when they load (2-3 ms of every CLI start),
 * for HTTP/2 requests, which no Authdesk client makes. Their imports are pointed at build/stubs/http2.js, which loads
 * the real module on first use (a builtin is external before any alias applies, hence a rewrite). The build fails if
 * an import is not found (an axios upgrade changed it): test/cli/bundle.test.ts checks that http2 stays unloaded.
 */
const HTTP2_IMPORT = "import http2 from 'http2';";
const HTTP2_IMPORTERS = ['/node_modules/axios/lib/adapters/http.js', '/node_modules/axios/lib/helpers/Http2Sessions.js'];
const axiosHttp2Lazy = {
  name: 'authdesk-axios-http2-lazy',
  transform(code: string, id: string) {
    const file = HTTP2_IMPORTERS.find((f) => id.replace(/\\/g, '/').endsWith(f));
    if (!file) return null;
    if (!code.includes(HTTP2_IMPORT)) throw new Error(`axios${file.slice('/node_modules/axios'.length)} no longer contains the import this build replaces: ${HTTP2_IMPORT}`);
    return code.replace(HTTP2_IMPORT, `import http2 from ${JSON.stringify(resolve(root, 'build/stubs/http2.js').replace(/\\/g, '/'))};`);
  },
};

/**
 * electron-vite build of the three targets (dependencies other than {@link BUNDLED} are externalized by
 * electron-vite's `build.externalizeDeps`):
 * - main: `electron/main.ts` → out/main/main.js, the CLI `electron/cli/index.ts` → out/main/cli.js and the export
 *   worker thread → out/main/chunks/export-worker.js (ESM, Node);
 * - preload: `electron/preload.ts` → out/preload/preload.cjs (CommonJS: a sandboxed preload cannot load ESM);
 * - renderer: root `renderer/`, `renderer/index.html` → out/renderer (React).
 */
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  main: {
    plugins: [axiosFetchStub, axiosFormDataProbe, axiosHttp2Lazy],
    resolve: { alias: Object.fromEntries(Object.entries(STUBBED).map(([name, file]) => [name, resolve(root, file)])) },
    build: {
      outDir: resolve(root, 'out/main'),
      externalizeDeps: { exclude: BUNDLED },
      rolldownOptions: {
        input: {
          main: resolve(root, 'electron/main.ts'),
          cli: resolve(root, 'electron/cli/index.ts'),
          'export-worker': resolve(root, 'electron/engine/export-worker.ts'),
        },
        output: {
          format: 'es',
          // The export worker sits beside the chunk that starts it (electron/engine/export-pool.ts finds it there).
          entryFileNames: (chunk) => (chunk.name === 'export-worker' ? 'chunks/export-worker.js' : '[name].js'),
          chunkFileNames: 'chunks/[name]-[hash].js',
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rolldownOptions: {
        input: { preload: resolve(root, 'electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      minify: true,
      rolldownOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
