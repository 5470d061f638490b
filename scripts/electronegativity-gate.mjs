#!/usr/bin/env node
// Runs Electronegativity over the desktop sources through its API (its CLI always exits 0 — doyensec/electronegativity
// #108 — and its bundled CLI breaks on a newer hoisted commander) and fails on any finding that is not in
// security/electronegativity-allowlist.json with a stated reason. Sources are copied to a temporary folder so the
// global checks see the main process and the renderer together, and node_modules is not scanned.
import run from '@doyensec/electronegativity';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const allow = JSON.parse(readFileSync(path.join(root, 'security/electronegativity-allowlist.json'), 'utf8'));
const scan = mkdtempSync(path.join(os.tmpdir(), 'authdesk-eneg-'));
for (const item of ['electron', 'renderer', 'package.json']) cpSync(path.join(root, item), path.join(scan, item), { recursive: true });
try {
  const { issues } = await run({ input: scan, isRelative: true, electronVersionOverride: '45.3.4' }, false);
  const unexpected = issues.filter((i) => !allow.some((a) => a.id === i.id && a.file === i.file && a.reason));
  const stale = allow.filter((a) => !issues.some((i) => i.id === a.id && i.file === a.file));
  if (unexpected.length) {
    console.error(`electronegativity: ${unexpected.length} finding(s) not in the reviewed allowlist:`);
    for (const i of unexpected) console.error(`  ${i.id} ${i.file}:${i.location.line} — ${i.description}`);
    process.exit(1);
  }
  if (stale.length) console.log(`electronegativity: ${stale.length} allowlist entr${stale.length === 1 ? 'y is' : 'ies are'} no longer needed: ${stale.map((a) => `${a.id} ${a.file}`).join(', ')}`);
  console.log(`electronegativity: ${issues.length} finding(s), all reviewed in security/electronegativity-allowlist.json`);
} finally {
  rmSync(scan, { recursive: true, force: true });
}
