import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * What the Node bundles (the app's main process, electron.vite.config.ts, and the CLI, build/cli.vite.config.ts)
 * share: which dependencies are bundled, which are replaced by stubs, and the transforms that keep modules Authdesk never
 * runs from loading on every start.
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
const STUBBED: Record<string, string> = { 'form-data': 'build/stubs/form-data.js', 'follow-redirects': 'build/stubs/follow-redirects.js' };

/**
 * axios' fetch adapter (`axios/lib/adapters/fetch.js`), loaded as a stub in the main/CLI bundle: no Authdesk client
 * uses it, and the real module builds a fetch client when it loads, whose feature tests load Node's undici: about
 * 20 ms of every CLI start (see build/stubs/axios-fetch.js).
 */
const axiosFetchStub: Plugin = {
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
const axiosFormDataProbe: Plugin = {
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
const axiosHttp2Lazy: Plugin = {
  name: 'authdesk-axios-http2-lazy',
  transform(code: string, id: string) {
    const file = HTTP2_IMPORTERS.find((f) => id.replace(/\\/g, '/').endsWith(f));
    if (!file) return null;
    if (!code.includes(HTTP2_IMPORT)) throw new Error(`axios${file.slice('/node_modules/axios'.length)} no longer contains the import this build replaces: ${HTTP2_IMPORT}`);
    return code.replace(HTTP2_IMPORT, `import http2 from ${JSON.stringify(resolve(root, 'build/stubs/http2.js').replace(/\\/g, '/'))};`);
  },
};

/** The plugins of every Node bundle (see each one's comment). */
export const nodeBundlePlugins = (): Plugin[] => [axiosFetchStub, axiosFormDataProbe, axiosHttp2Lazy];

/** The stubbed dependencies as resolve aliases (see STUBBED). */
export const stubAliases = (): Record<string, string> => Object.fromEntries(Object.entries(STUBBED).map(([name, file]) => [name, resolve(root, file)]));
