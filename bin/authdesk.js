#!/usr/bin/env node
// The `authdesk` command: runs the CLI launcher out/main/cli.js, which runs the CLI bundle out/main/cli.cjs
// (both built by `npm run build`: electron.vite.config.ts, build/cli.vite.config.ts).
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli) || !existsSync(new URL('../out/main/cli.cjs', import.meta.url))) {
  console.error('Authdesk is not built yet: run npm run setup');
  process.exit(1);
}
await import(cli.href);
