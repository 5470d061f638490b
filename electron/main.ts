import { app, dialog, session, type BrowserWindow } from 'electron';
import { fileURLToPath } from 'node:url';
import { createDispatcher } from './engine/dispatch';
import { Engine } from './engine/engine';
import { createHost, registerIpc } from './ipc';
import { createMainWindow, hardenWebContents, lockDownSession, registerAppProtocol, registerAppScheme } from './window';

/**
 * The desktop app's lifecycle (built to out/main/main.js): one instance, sandbox for every renderer, the engine
 * opened on the data directory (`AUTHDESK_HOME`, else Electron's userData), IPC wired before the window loads, and
 * the engine closed before the process exits.
 */

/** The dev server, honoured only in an unpackaged app so a packaged build cannot be pointed at another origin. */
const devServerUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null;
const preloadPath = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));
const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));

app.enableSandbox();
registerAppScheme();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, devServerUrl));

async function start(): Promise<void> {
  await app.whenReady();
  lockDownSession(session.defaultSession, devServerUrl);
  registerAppProtocol(rendererDir);
  const home = process.env.AUTHDESK_HOME?.trim() || app.getPath('userData');
  const engine = await Engine.open({ home });

  let window: BrowserWindow | null = null;
  const getWindow = (): BrowserWindow | null => window;
  registerIpc(createDispatcher(engine, createHost(getWindow)), { getWindow, devServerUrl });
  const openWindow = (): void => {
    window = createMainWindow({ preloadPath, devServerUrl });
    window.on('closed', () => {
      window = null;
    });
  };
  openWindow();

  app.on('second-instance', () => {
    if (window === null) return openWindow();
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (window === null) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let engineClosed = false;
  app.on('will-quit', (event) => {
    if (engineClosed) return;
    event.preventDefault();
    engineClosed = true;
    void engine.close().finally(() => app.quit());
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start().catch((error: unknown) => {
    dialog.showErrorBox('Authdesk could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}
