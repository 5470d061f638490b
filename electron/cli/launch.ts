/**
 * The `authdesk` command's entry (built to out/main/cli.js, run by bin/authdesk.js): runs the CLI bundle
 * out/main/cli.cjs (electron/cli/index.ts, built as one CommonJS script by build/cli.vite.config.ts) through
 * V8's code cache (./code-cache.ts). Plain Node: never imports electron.
 */
import { fileURLToPath } from 'node:url';
import { defaultCacheDir } from '../engine/paths';
import { runWithCodeCache } from './code-cache';

const bundle = fileURLToPath(new URL('./cli.cjs', import.meta.url));
runWithCodeCache(bundle, defaultCacheDir(), process.argv[2]);
