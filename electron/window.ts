import {
  BrowserWindow,
  protocol,
  shell,
  type BrowserWindowConstructorOptions,
  type Session,
  type WebContents,
} from 'electron';
import { createAppProtocolHandler, CONTENT_SECURITY_POLICY } from './app-protocol';
import { APP_ENTRY_URL, APP_SCHEME, isTrustedUrl, originOf } from './origin';

/**
 * The main window and the hardening every web contents gets, following the Electron security checklist
 * (electronjs.org/docs/latest/tutorial/security; REFERENCE.md §1): items 2–4, 6, 8–10 (webPreferences),
 * 5 (permissions), 7 (CSP), 11–14 (webviews, navigation, new windows), 15 (openExternal), 18 (custom protocol).
 */

/**
 * Registers `app:` as a standard, secure scheme so `app://authdesk` is a real origin (CSP `'self'`, fetch, storage).
 * Must run before the app's `ready` event.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves `rendererDir` (out/renderer) on `app://authdesk/`; call after `ready`. */
export function registerAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
}

/**
 * The CSP for the dev server's pages: the production policy plus what Vite's React refresh needs (its inline
 * module preamble and the HMR websocket to the dev server).
 */
function devContentSecurityPolicy(devServerUrl: string): string {
  const ws = new URL(devServerUrl);
  ws.protocol = ws.protocol === 'https:' ? 'wss:' : 'ws:';
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "connect-src 'self'",
    `connect-src 'self' ${ws.protocol}//${ws.host}`,
  );
}

/**
 * Denies every permission request and check (checklist item 5); in dev, adds the CSP header to the dev server's
 * responses (the `app:` handler sets it itself in production).
 */
export function lockDownSession(session: Session, devServerUrl: string | null): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  if (devServerUrl === null) return;
  const devOrigin = originOf(devServerUrl);
  const policy = devContentSecurityPolicy(devServerUrl);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (originOf(details.url) !== devOrigin) return callback({});
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
}

/** True for the URLs Authdesk may hand to the system browser: http and https only (checklist item 15). */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol: scheme } = new URL(url);
    return scheme === 'http:' || scheme === 'https:';
  } catch {
    return false;
  }
}

/**
 * Hardens any web contents: navigation and redirects only within the app's origin (item 13; `will-navigate` for
 * the main frame, `will-frame-navigate` for subframes, `will-redirect` for server redirects), no webviews (items
 * 11–12), and no new windows: http(s) links open in the system browser instead, everything else is dropped (14–15).
 */
export function hardenWebContents(contents: WebContents, devServerUrl: string | null): void {
  const guard = (event: { url: string; preventDefault(): void }): void => {
    if (!isTrustedUrl(event.url, devServerUrl)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/**
 * The main window's options: the secure webPreferences of checklist items 2–4, 6 and 8–10 (stated explicitly even
 * where they are Electron's defaults, so a changed default cannot weaken them) and the sandboxed CommonJS preload.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Authdesk',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/**
 * Opens the main window on the dev server (dev) or `app://authdesk/index.html` (production), showing it once it
 * has painted. Hardening of its web contents comes from the app-wide `web-contents-created` hook in main.ts.
 */
export function createMainWindow(opts: { preloadPath: string; devServerUrl: string | null }): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(opts.preloadPath));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(opts.devServerUrl ?? APP_ENTRY_URL);
  return window;
}
