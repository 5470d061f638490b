import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { BUNDLED, rewriteSource, STUBBED, stubSource } from '../build/node-bundle';

/**
 * The app's Node-bundle rules (build/node-bundle.ts) for esbuild: the dependencies the app's main process loads from
 * node_modules at run time stay external (its package.json dependencies but {@link BUNDLED}); the bundled ones get
 * the same stubs and source rewrites as the app's main process and the CLI.
 */
function asShipped(root: string): Plugin {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const external = Object.keys(pkg.dependencies).filter((d) => !BUNDLED.includes(d));
  return {
    name: 'authdesk-as-shipped',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (STUBBED[args.path]) return { path: path.join(root, STUBBED[args.path]!) };
        const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0]!;
        return external.includes(name) ? { path: args.path, external: true } : undefined;
      });
      b.onLoad({ filter: /[\\/]node_modules[\\/].*\.js$/ }, (args) => {
        const code = stubSource(args.path) ?? rewriteSource(readFileSync(args.path, 'utf8'), args.path);
        return code === null ? undefined : { contents: code, resolveDir: path.dirname(args.path), loader: 'js' };
      });
    },
  };
}

/**
 * Compiles the in-process worker (bench/worker.ts with the engine it imports) into `dir`, as the app's build compiles
 * the engine for its main process: one ESM bundle with the dependencies the app bundles (axios with its stubs: see
 * build/node-bundle.ts) inside, the others (keytar, libsql) left to node_modules, no dev-time transforms. Running the
 * TypeScript through tsx instead measures code that ships nowhere: tsx compiles with esbuild's `keepNames`, which
 * wraps every function created at run time in a `__name` call (an Object.defineProperty), and a send creates dozens
 * of closures; and the stock axios loads Node's undici when it loads. The export worker thread is compiled beside it
 * as `export-worker.js`, where electron/engine/export-pool.ts looks for it when not run from source. `dir`'s parent
 * gets a `node_modules` link to the repository's, so external imports (and bench/load.ts' stock axios) resolve to the
 * app's own copies. Returns the worker's path. Throws esbuild's error when the source does not compile.
 */
export async function compileWorker(root: string, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, '..', 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  await build({
    absWorkingDir: root,
    entryPoints: { worker: 'bench/worker.ts', 'export-worker': 'electron/engine/export-worker.ts' },
    outdir: dir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node}`,
    plugins: [asShipped(root)],
    // Bundled CommonJS dependencies (form-data's stub is ESM; others may `require` a builtin) get a `require`.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  return path.join(dir, 'worker.js');
}
