import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { nodeBundlePlugins, root, stubAliases } from './node-bundle.ts';

/** Native modules: loaded from node_modules at run time (everything else is in the bundle). */
const NATIVE = ['keytar', 'libsql'];

/**
 * The CLI (`electron/cli/index.ts`) as one CommonJS script, out/main/cli.cjs, that electron/cli/launch.ts runs
 * through V8's code cache (electron/cli/code-cache.ts: Node 20 cannot cache an ES module's compiled code). Built after
 * electron-vite (`npm run build`), into its output folder: the export worker it starts is the out/main/export-worker.js
 * beside it. Every dependency is bundled, even one only a rare command loads (its
 * code then runs on first use only, and a require of an external package would run at every start), except the
 * native modules; the same stubs and transforms as the app's main process apply (build/node-bundle.ts).
 */
export default defineConfig({
  plugins: nodeBundlePlugins(),
  resolve: { alias: stubAliases() },
  ssr: { noExternal: true, external: NATIVE, target: 'node' },
  logLevel: 'warn',
  build: {
    ssr: resolve(root, 'electron/cli/index.ts'),
    outDir: resolve(root, 'out/main'),
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    rolldownOptions: {
      // export-pool.ts reads import.meta.resolve only when run from TypeScript source (tests), never in this bundle.
      checks: { emptyImportMeta: false },
      output: { format: 'cjs', entryFileNames: 'cli.cjs', codeSplitting: false },
    },
  },
});
