import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { BUNDLED, nodeBundlePlugins, root, stubAliases } from './build/node-bundle';

/**
 * electron-vite build of the three targets (dependencies other than {@link BUNDLED} are externalized by
 * electron-vite's `build.externalizeDeps`):
 * - main: `electron/main.ts` → out/main/main.js, the CLI's launcher `electron/cli/launch.ts` → out/main/cli.js and the
 *   export worker thread → out/main/export-worker.js (ESM, Node); the CLI itself is built after this, by
 *   build/cli.vite.config.ts (`npm run build`) to out/main/cli.cjs;
 * - preload: `electron/preload.ts` → out/preload/preload.cjs (CommonJS: a sandboxed preload cannot load ESM);
 * - renderer: root `renderer/`, `renderer/index.html` → out/renderer (React).
 */

export default defineConfig({
  main: {
    plugins: nodeBundlePlugins(),
    resolve: { alias: stubAliases() },
    build: {
      outDir: resolve(root, 'out/main'),
      externalizeDeps: { exclude: BUNDLED },
      rolldownOptions: {
        input: {
          main: resolve(root, 'electron/main.ts'),
          cli: resolve(root, 'electron/cli/launch.ts'),
          'export-worker': resolve(root, 'electron/engine/export-worker.ts'),
        },
        output: {
          format: 'es',
          // The export worker sits beside main.js and the CLI bundle, which start it (electron/engine/export-pool.ts
          // finds it there).
          entryFileNames: '[name].js',
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
