import { test as base, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';
import { ipcChannel, type EventName } from '../../shared/channels';
import { createDispatcher } from '../../electron/engine/dispatch';
import { Engine } from '../../electron/engine/engine';
import type { SecretStore } from '../../electron/engine/keychain';
import { serveStatic, type StaticServer } from './static-server';

/**
 * The bridge harness (DESIGN.md "The one contract"): the built renderer in Chromium, talking to the real engine in
 * this process through the same bridge the preload builds, carried by Playwright bindings instead of Electron IPC.
 */

const repo = fileURLToPath(new URL('../..', import.meta.url));
const rendererDir = path.join(repo, 'out/renderer');

/** Everything the renderer received over the bridge, in order: replies and pushed events, as JSON text. */
export interface Received {
  kind: 'reply' | 'event';
  channel: string;
  json: string;
}

/** One test's Authdesk: a fresh data directory, the engine on it, and the log of what reached the page. */
export interface Authdesk {
  page: Page;
  home: string;
  /** Where `chooseExportPath` saves exports (`export.har`, `export.jsonl`). */
  exportDir: string;
  received: Received[];
  /** The received JSON, skipping channels that legitimately carry demo credentials (sandbox.start). */
  receivedText(except?: string[]): string;
}

async function bundleBridge(): Promise<string> {
  const out = (await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: path.join(repo, 'test/e2e/bridge-entry.ts'), formats: ['iife'], name: 'AuthdeskHarness', fileName: 'bridge' },
    },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const first = (Array.isArray(out) ? out[0] : out)?.output[0];
  if (!first || first.type !== 'chunk') throw new Error('could not bundle the harness bridge');
  return first.code;
}

/**
 * Playwright test with an `authdesk` fixture; the static server and bridge bundle live once per worker. The
 * `secretStore` option (default: the OS keychain through keytar) lets a spec give the engine another store, e.g.
 * `test.use({ secretStore: … })` for a keychain that does not answer.
 */
export const test = base.extend<{ authdesk: Authdesk; secretStore: SecretStore | undefined }, { served: StaticServer; bridgeScript: string }>({
  secretStore: [undefined, { option: true }],
  served: [
    // Playwright reads fixture dependencies from the first parameter's destructuring, so it must be a pattern.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      if (!existsSync(path.join(rendererDir, 'index.html'))) {
        throw new Error('out/renderer is missing: run `ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm run build` first');
      }
      const server = await serveStatic(rendererDir);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  // eslint-disable-next-line no-empty-pattern
  bridgeScript: [async ({}, use) => use(await bundleBridge()), { scope: 'worker' }],
  authdesk: async ({ page, served, bridgeScript, secretStore }, use) => {
    const home = await mkdtemp(path.join(tmpdir(), 'authdesk-e2e-home-'));
    const exportDir = await mkdtemp(path.join(tmpdir(), 'authdesk-e2e-export-'));
    const received: Received[] = [];
    const engine = await Engine.open({ home, secretStore });
    const dispatch = createDispatcher(engine, {
      chooseExportPath: async (format) => path.join(exportDir, `export.${format}`),
      // The "system browser" is another tab of the same Chromium: the test plays the user there.
      openExternal: async (url) => {
        const tab = await page.context().newPage();
        await tab.goto(url);
      },
      emit: (event: EventName, payload: unknown) => {
        const channel = ipcChannel(event);
        received.push({ kind: 'event', channel: event, json: JSON.stringify(payload) });
        page.evaluate(([c, p]) => window.__authdeskDeliver(c, p), [channel, payload] as const).catch(() => undefined);
      },
    });
    await page.exposeBinding('__authdeskInvoke', async (_source, channel: string, payload: unknown) => {
      const name = channel.startsWith('authdesk:') ? channel.slice('authdesk:'.length) : `(${channel})`;
      const reply = await dispatch(name, payload);
      received.push({ kind: 'reply', channel: name, json: JSON.stringify(reply) });
      return reply;
    });
    await page.addInitScript({ content: bridgeScript });
    await page.goto(served.url);
    const receivedText = (except: string[] = ['sandbox.start']) =>
      received
        .filter((r) => !except.includes(r.channel))
        .map((r) => r.json)
        .join('\n');
    await use({ page, home, exportDir, received, receivedText });
    await engine.close();
    await rm(home, { recursive: true, force: true });
    await rm(exportDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';

/** Saves a screenshot to artifacts/screenshots/<name>.png (kept for people to look at). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(repo, 'artifacts/screenshots', `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
