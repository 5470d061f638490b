import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Compiles the in-process worker (bench/worker.ts with the engine it imports) into `dir`, as the app's build compiles
 * the engine: one ESM bundle, packages left to node_modules, no dev-time transforms. Running the TypeScript through
 * tsx instead measures code that ships nowhere: tsx compiles with esbuild's `keepNames`, which wraps every function
 * created at run time in a `__name` call (an Object.defineProperty), and a send creates dozens of closures. The
 * export worker thread is compiled beside it as `export-worker.js`, where electron/engine/export-pool.ts looks for it
 * when not run from source. `dir`'s parent gets a `node_modules` link to the repository's, so bare imports (axios,
 * libsql, keytar, zod) resolve to the app's own copies. Returns the worker's path. Throws esbuild's error when the
 * source does not compile.
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
    packages: 'external',
    logLevel: 'error',
  });
  return path.join(dir, 'worker.js');
}
