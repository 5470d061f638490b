#!/usr/bin/env node
// The `authdesk` command: runs the CLI that electron-vite builds to out/main/cli.js (see electron.vite.config.ts).
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('Authdesk is not built yet: run npm run setup');
  process.exit(1);
}
await import(cli.href);
