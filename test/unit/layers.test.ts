import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Proves that eslint.config.js enforces DESIGN.md "Layers": each probe is linted as if it lived at `file`, and the
 * test checks whether `no-restricted-imports` fires. If the config stops matching a layer, these fail.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function restrictedImports(file: string, source: string): Promise<number> {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath: `${root}/${file}` });
  expect(result?.messages.filter((m) => m.fatal)).toEqual([]);
  return result?.messages.filter((m) => m.ruleId === 'no-restricted-imports').length ?? 0;
}

const cases: [layer: string, file: string, source: string, forbidden: boolean][] = [
  ['shared', 'shared/__probe.ts', "import 'node:fs';", true],
  ['shared', 'shared/__probe.ts', "import { createHash } from 'crypto';", true],
  ['shared', 'shared/__probe.ts', "import { readFile } from 'fs/promises';", true],
  ['shared', 'shared/__probe.ts', "import http from 'http';", true],
  ['shared', 'shared/__probe.ts', "import { app } from 'electron';", true],
  ['shared', 'shared/__probe.ts', "import { useState } from 'react';", true],
  ['shared', 'shared/__probe.ts', "import { createRoot } from 'react-dom/client';", true],
  ['shared', 'shared/__probe.ts', "import { Engine } from '../electron/engine/engine';", true],
  ['shared', 'shared/__probe.ts', "import { App } from '../renderer/src/App';", true],
  ['shared', 'shared/__probe.ts', "import type { Engine } from '../electron/engine/engine';", true],
  ['shared', 'shared/__probe.ts', "export { x } from 'node:path';", true],
  ['shared', 'shared/__probe.ts', "import { z } from 'zod';", false],
  ['shared', 'shared/__probe.ts', "import { channelNames } from './channels';", false],
  ['renderer', 'renderer/src/__probe.tsx', "import path from 'node:path';", true],
  ['renderer', 'renderer/src/__probe.tsx', "import os from 'os';", true],
  ['renderer', 'renderer/src/__probe.tsx', "import { ipcRenderer } from 'electron';", true],
  ['renderer', 'renderer/src/__probe.tsx', "import { Engine } from '../../electron/engine/engine';", true],
  ['renderer', 'renderer/src/__probe.tsx', "import { useState } from 'react';", false],
  ['renderer', 'renderer/src/__probe.tsx', "import type { Bridge } from '../../shared/contract';", false],
  ['electron', 'electron/engine/__probe.ts', "import { app } from 'electron';", true],
  ['electron', 'electron/engine/__probe.ts', "import { App } from '../../renderer/src/App';", true],
  ['electron', 'electron/engine/__probe.ts', "import { readFile } from 'node:fs/promises';", false],
  ['electron', 'electron/cli/__probe.ts', "import { shell } from 'electron';", true],
  ['electron', 'electron/main.ts', "import { app } from 'electron';", false],
  ['electron', 'electron/preload.ts', "import { contextBridge } from 'electron';", false],
  ['electron', 'electron/ipc.ts', "import { ipcMain } from 'electron';", false],
  ['electron', 'electron/window.ts', "import { BrowserWindow } from 'electron';", false],
  ['electron', 'electron/main.ts', "import { App } from '../renderer/src/App';", true],
];

describe('layer import rules (eslint.config.js)', () => {
  it.each(cases)('%s: %s with `%s` is forbidden=%s', async (_layer, file, source, forbidden) => {
    expect((await restrictedImports(file, source)) > 0).toBe(forbidden);
  });

  it('does not ignore the probe locations', async () => {
    for (const file of ['shared/x.ts', 'renderer/src/x.tsx', 'electron/engine/x.ts', 'electron/main.ts']) {
      expect(await eslint.isPathIgnored(`${root}/${file}`)).toBe(false);
    }
  });
});
